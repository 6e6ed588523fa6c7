package io.storyreel.core.chat;

/**
 * A button under a message. {@code data} comes back in {@link ChatEvent.ButtonPressed}; keep it short
 * (Telegram allows 64 bytes of callback data, Discord 100 characters of custom id). A button with {@code startPage}
 * instead opens the storyboard page as a Telegram Mini App with that start parameter (a link, no press comes back);
 * only the Telegram adapter draws it, so core offers it in Telegram chats only.
 */
public record Button(String label, String data, String startPage) {
    public Button(String label, String data) {
        this(label, data, null);
    }

    /** Opens the storyboard page (Telegram Mini App) with {@code startParam}, the page's way to know the chat. */
    public static Button openPage(String label, String startParam) {
        return new Button(label, null, startParam);
    }
}
