package io.storyreel.core.chat;

import io.storyreel.core.logging.SecretRegistry;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A chat port whose every outgoing text, caption and button label is masked by {@link SecretRegistry} first: whatever reaches an
 * answer (a prompt stored before keys were recognised, a provider's error quoting a key, an exception's text), no
 * registered secret and no key-shaped token is shown in a chat.
 */
final class MaskingChatPort extends ForwardingChatPort {
    MaskingChatPort(ChatPort inner) {
        super(inner);
    }

    private static Message masked(Message m) {
        String text = SecretRegistry.mask(m.text());
        List<List<Button>> buttons = masked(m.buttons());
        return Objects.equals(text, m.text()) && buttons.equals(m.buttons()) ? m
                : new Message(text, buttons, m.image(), m.privateToUser(), m.replyTo());
    }

    /** Labels only: a button's data is the bot's own, and must come back unchanged; no buttons stay none (null). */
    private static List<List<Button>> masked(List<List<Button>> rows) {
        return rows == null ? null : rows.stream().map(row -> row.stream()
                .map(b -> new Button(SecretRegistry.mask(b.label()), b.data(), b.startPage())).toList()).toList();
    }

    @Override
    public MessageRef send(ChatRef chat, Message message) {
        return delegate.send(chat, masked(message));
    }

    @Override
    public java.util.concurrent.CompletableFuture<MessageRef> sendAsync(ChatRef chat, Message message) {
        return delegate.sendAsync(chat, masked(message));
    }

    @Override
    public void edit(MessageRef ref, Message message) {
        delegate.edit(ref, masked(message));
    }

    @Override
    public MessageRef sendDocument(ChatRef chat, Path file, String fileName, String caption,
                                   List<List<Button>> buttons) {
        return delegate.sendDocument(chat, file, fileName, SecretRegistry.mask(caption),
                masked(buttons));
    }

    @Override
    public MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<List<Button>> buttons) {
        return delegate.sendVideo(chat, mp4, SecretRegistry.mask(caption), masked(buttons));
    }

    @Override
    public MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<List<Button>> buttons, VideoShape shape) {
        return delegate.sendVideo(chat, mp4, SecretRegistry.mask(caption), masked(buttons), shape);
    }

    /** A caption that had to be masked has moved under its mentions: it goes without them rather than misplaced. */
    @Override
    public MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<Mention> mentions,
                                List<List<Button>> buttons, VideoShape shape) {
        String masked = SecretRegistry.mask(caption);
        return delegate.sendVideo(chat, mp4, masked, Objects.equals(masked, caption) ? mentions : List.of(),
                masked(buttons), shape);
    }
}
