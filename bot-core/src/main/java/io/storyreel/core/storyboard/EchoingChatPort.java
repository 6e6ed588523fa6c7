package io.storyreel.core.storyboard;

import io.storyreel.core.chat.ChatPort;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.ForwardingChatPort;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;

/**
 * A platform's chat port that also lets the page hear what the conversation answers the page's own actions. While a
 * page action is handled ({@link PageEcho}): an answer meant for the acting member only (a refusal, a private note)
 * goes to the page alone; everything else goes to the chat as usual, so the chat sees what the page changed, with
 * the quote of the page's (non-existent) message dropped. A change of settings, music or a scene's provider is
 * answered on the page alone (its settings card is the page's form), and the chat gets one line naming who changed
 * what instead, so a busy group is not sent a whole card per click. Outside a page action it is the platform's port
 * unchanged.
 */
public final class EchoingChatPort extends ForwardingChatPort {
    public EchoingChatPort(ChatPort platform) {
        super(platform);
    }

    @Override
    public MessageRef send(ChatRef chat, Message message) {
        PageEcho echo = PageEcho.current();
        if (echo == null) {
            return delegate.send(chat, withoutPageQuote(message));
        }
        if (message.privateToUser() || echo.quiet()) {
            MessageRef onPage = new MessageRef(chat, echo.sourceId());
            echo.heard(message, null);
            String note = message.privateToUser() ? null : echo.takeNote();
            if (note != null) {
                delegate.send(chat, Message.text(note));
            }
            return onPage;
        }
        MessageRef sent = delegate.send(chat, withoutPageQuote(message));
        echo.heard(message, sent);
        return sent;
    }

    /** Outside a page action as the platform sends it; during one, the page hears it as {@link #send} says. */
    @Override
    public java.util.concurrent.CompletableFuture<MessageRef> sendAsync(ChatRef chat, Message message) {
        if (PageEcho.current() == null) {
            return delegate.sendAsync(chat, withoutPageQuote(message));
        }
        try {
            return java.util.concurrent.CompletableFuture.completedFuture(send(chat, message));
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    private static Message withoutPageQuote(Message m) {
        return PageEcho.isPageRef(m.replyTo()) ? m.replyingTo(null) : m;
    }

    @Override
    public void edit(MessageRef ref, Message message) {
        if (PageEcho.isPageRef(ref)) {
            PageEcho echo = PageEcho.current();
            if (echo != null) {
                echo.heard(message, null);
            }
            return;
        }
        delegate.edit(ref, withoutPageQuote(message));
    }

    @Override
    public void delete(MessageRef ref) {
        if (!PageEcho.isPageRef(ref)) {
            delegate.delete(ref);
        }
    }

    @Override
    public void removeButtons(MessageRef ref) {
        if (!PageEcho.isPageRef(ref)) {
            delegate.removeButtons(ref);
        }
    }

    /** A page's own message was never posted in the chat; the platform says for its own. */
    @Override
    public boolean posted(MessageRef ref) {
        return !PageEcho.isPageRef(ref) && delegate.posted(ref);
    }
}
