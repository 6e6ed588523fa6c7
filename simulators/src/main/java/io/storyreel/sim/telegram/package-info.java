/**
 * A faithful stand-in for the Telegram Bot API, speaking the wire protocol over real HTTP on 127.0.0.1: the bot
 * under test (TelegramBots, or anything else) points its API base and file base at {@link
 * io.storyreel.sim.telegram.FakeTelegramServer#baseUrl()}, while tests and the demo act as Telegram users through the
 * server's Java API and read back what the bot sent. It holds no Telegram library code; everything it knows about the
 * protocol comes from {@code shared/specs/chat-platforms.md} (parts A and B5). {@code FakeTelegramServer} is the one
 * public face; behind it sit the world (chats, messages, files, update queue), the Bot API routes, the user driver and
 * the JSON rendering.
 */
package io.storyreel.sim.telegram;
