package io.storyreel.core.chat;

import java.nio.file.Path;
import java.util.List;

/**
 * A chat port that hands every call to another one; a wrapper (masking secrets, echoing to the storyboard page)
 * overrides only what it changes. Every method of {@link ChatPort} is forwarded here, the interface's defaults too:
 * a wrapper that fell back on a default would answer for the platform (an {@code isAdministrator} that says no to
 * every admin), so {@code ForwardingChatPortTest} fails when a method is added to the interface and not here.
 */
public abstract class ForwardingChatPort implements ChatPort {
    protected final ChatPort delegate;

    protected ForwardingChatPort(ChatPort delegate) {
        this.delegate = delegate;
    }

    @Override
    public CommandSyntax syntax() {
        return delegate.syntax();
    }

    @Override
    public MessageRef send(ChatRef chat, Message message) {
        return delegate.send(chat, message);
    }

    @Override
    public java.util.concurrent.CompletableFuture<MessageRef> sendAsync(ChatRef chat, Message message) {
        return delegate.sendAsync(chat, message);
    }

    @Override
    public void edit(MessageRef ref, Message message) {
        delegate.edit(ref, message);
    }

    @Override
    public void delete(MessageRef ref) {
        delegate.delete(ref);
    }

    @Override
    public void removeButtons(MessageRef ref) {
        delegate.removeButtons(ref);
    }

    @Override
    public boolean posted(MessageRef ref) {
        return delegate.posted(ref);
    }

    @Override
    public MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<List<Button>> buttons) {
        return delegate.sendVideo(chat, mp4, caption, buttons);
    }

    @Override
    public MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<List<Button>> buttons, VideoShape shape) {
        return delegate.sendVideo(chat, mp4, caption, buttons, shape);
    }

    @Override
    public MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<Mention> mentions,
                                List<List<Button>> buttons, VideoShape shape) {
        return delegate.sendVideo(chat, mp4, caption, mentions, buttons, shape);
    }

    @Override
    public MessageRef sendDocument(ChatRef chat, Path file, String fileName, String caption,
                                   List<List<Button>> buttons) {
        return delegate.sendDocument(chat, file, fileName, caption, buttons);
    }

    @Override
    public long uploadLimitBytes(ChatRef chat) {
        return delegate.uploadLimitBytes(chat);
    }

    @Override
    public boolean isAdministrator(ChatRef chat, UserRef user) {
        return delegate.isAdministrator(chat, user);
    }

    @Override
    public boolean isMember(ChatRef chat, UserRef user) {
        return delegate.isMember(chat, user);
    }

    @Override
    public void showActivity(ChatRef chat, Activity activity) {
        delegate.showActivity(chat, activity);
    }
}
