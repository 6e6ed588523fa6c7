package io.storyreel.sim.telegram;

/** One photo of an album a simulated user sends; {@code caption} may be null. */
public record AlbumPart(byte[] bytes, String caption) {
}
