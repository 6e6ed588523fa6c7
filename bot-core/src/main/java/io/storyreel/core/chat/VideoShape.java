package io.storyreel.core.chat;

/**
 * What a client needs to lay out a film before it has downloaded it: its length in whole seconds, its frame size in
 * pixels (Telegram's {@code duration}, {@code width}, {@code height}) and a small JPEG of its first picture to show
 * meanwhile ({@code thumbnailJpeg}, null when there is none; Telegram's {@code thumbnail}).
 */
public record VideoShape(int durationSeconds, int width, int height, byte[] thumbnailJpeg) {

    public VideoShape(int durationSeconds, int width, int height) {
        this(durationSeconds, width, height, null);
    }
}
