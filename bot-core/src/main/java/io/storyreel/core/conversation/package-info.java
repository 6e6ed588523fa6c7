/**
 * The conversation both chat platforms drive: commands, photos, replies, buttons and keys arrive as platform-neutral
 * {@code ChatEvent}s and every rule, check and sentence the bot uses lives here once. It drives the storybook
 * repositories, asks providers for estimates and image checks, starts the generation engine, and as the engine's
 * listener shows progress and delivers the film. It knows no chat library: adapters turn its {@code Message}s into
 * platform calls.
 */
package io.storyreel.core.conversation;
