package io.storyreel.sim.telegram;

/**
 * What the bot said of a video it sent: {@code duration} in seconds, {@code width} and {@code height} in pixels, each
 * 0 when the bot left it out (clients then guess the video's shape and length until they have downloaded it).
 */
public record SimVideoShape(int duration, int width, int height) {
}
