package io.storyreel.core.chat;

/** A message the bot sent (or received), so it can be edited, deleted or replied to later. */
public record MessageRef(ChatRef chat, String messageId) {
}
