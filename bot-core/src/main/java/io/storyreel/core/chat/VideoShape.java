package io.storyreel.core.chat;

/**
 * What a client needs to lay out a film before it has downloaded it: its length in whole seconds and its frame size
 * in pixels (Telegram's {@code duration}, {@code width}, {@code height}).
 */
public record VideoShape(int durationSeconds, int width, int height) {
}
