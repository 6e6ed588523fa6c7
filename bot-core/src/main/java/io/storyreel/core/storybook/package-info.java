/**
 * The storybook domain: a chat's storybook, its numbered scenes (photo, prompt, contributor), the people who talk
 * to the bot, and the finished films, persisted in the core schema with plain JDBC. No chat wording and no
 * provider calls live here; the conversation drives these repositories and the generation engine reads them.
 */
package io.storyreel.core.storybook;
