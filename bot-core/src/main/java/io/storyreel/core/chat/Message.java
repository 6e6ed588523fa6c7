package io.storyreel.core.chat;

import java.util.List;

/**
 * What core asks an adapter to show: plain text, optional rows of buttons, an optional picture (PNG or JPEG bytes,
 * e.g. the storyboard), and whether only the addressed user should see it (Discord ephemeral; Telegram ignores it
 * in private chats and sends it normally). Core never builds platform markup.
 */
public record Message(String text, List<List<Button>> buttons, byte[] image, boolean privateToUser, MessageRef replyTo) {
    public Message {
        buttons = buttons == null ? List.of() : buttons.stream().map(List::copyOf).toList();
    }

    public static Message text(String text) {
        return new Message(text, List.of(), null, false, null);
    }

    public Message withButtons(List<List<Button>> rows) {
        return new Message(text, rows, image, privateToUser, replyTo);
    }

    public Message withImage(byte[] png) {
        return new Message(text, buttons, png, privateToUser, replyTo);
    }

    public Message privately() {
        return new Message(text, buttons, image, true, replyTo);
    }

    public Message replyingTo(MessageRef ref) {
        return new Message(text, buttons, image, privateToUser, ref);
    }
}
