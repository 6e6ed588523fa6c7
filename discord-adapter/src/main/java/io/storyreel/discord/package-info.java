/**
 * The Discord front door, on Discord4J: slash commands, modals and buttons become core
 * {@link io.storyreel.core.chat.ChatEvent}s, and core's messages go back through {@link
 * io.storyreel.discord.DiscordChatPort} (interaction replies while the token lives, channel messages and edits after).
 * It holds no business rule: wording, validation and limits live in core. Intents: {@code GUILDS} only.
 */
package io.storyreel.discord;
