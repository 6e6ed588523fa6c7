package io.storyreel.sim.telegram;

/**
 * One entity the bot put on a caption ({@code caption_entities}): its {@code type}, where it lies ({@code offset} and
 * {@code length} in UTF-16 code units, as the Bot API counts) and, for a {@code text_mention}, the user it notifies.
 */
public record SimEntity(String type, int offset, int length, Long userId) {
}
