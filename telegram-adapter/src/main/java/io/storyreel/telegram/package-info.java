/**
 * The Telegram front door: turns Bot API updates (received by TelegramBots long polling) into core
 * {@link io.storyreel.core.chat.ChatEvent}s, and core's replies into Bot API calls through
 * {@link io.storyreel.telegram.TelegramChatPort}, paced per chat and honouring {@code retry_after}. It holds no
 * business rules: validation, limits and wording live in core's conversation. Every base URL (API and file host)
 * comes from {@link io.storyreel.telegram.TelegramSettings}, so the fake Bot API in {@code simulators} can stand in
 * for Telegram.
 */
package io.storyreel.telegram;
