/**
 * The multipart/form-data reader the chat-platform fakes share ({@code io.storyreel.sim.telegram} for Bot API uploads,
 * {@code io.storyreel.sim.discord} for message attachments). It reads bodies as the bot's real HTTP clients send
 * them and knows nothing of either platform.
 */
package io.storyreel.sim.multipart;
