package io.storyreel.core.chat;

/**
 * A button under a message. {@code data} comes back in {@link ChatEvent.ButtonPressed}; keep it short
 * (Telegram allows 64 bytes of callback data, Discord 100 characters of custom id).
 */
public record Button(String label, String data) {
}
