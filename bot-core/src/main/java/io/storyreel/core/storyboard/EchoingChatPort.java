package io.storyreel.core.storyboard;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatPort;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.chat.VideoShape;
import io.storyreel.core.chat.CommandSyntax;

import java.nio.file.Path;
import java.util.List;

/**
 * A platform's chat port that also lets the page hear what the conversation answers the page's own actions. While a
 * page action is handled ({@link PageEcho}): an answer meant for the acting member only (a refusal, a private note)
 * goes to the page alone; everything else goes to the chat as usual, so the chat sees what the page changed, with
 * the quote of the page's (non-existent) message dropped. Outside a page action it is the platform's port unchanged.
 */
public final class EchoingChatPort implements ChatPort {
    private final ChatPort platform;

    public EchoingChatPort(ChatPort platform) {
        this.platform = platform;
    }

    @Override
    public MessageRef send(ChatRef chat, Message message) {
        PageEcho echo = PageEcho.current();
        if (echo == null) {
            return platform.send(chat, withoutPageQuote(message));
        }
        if (message.privateToUser()) {
            MessageRef onPage = new MessageRef(chat, echo.sourceId());
            echo.heard(message, null);
            return onPage;
        }
        MessageRef sent = platform.send(chat, withoutPageQuote(message));
        echo.heard(message, sent);
        return sent;
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
        platform.edit(ref, withoutPageQuote(message));
    }

    @Override
    public void delete(MessageRef ref) {
        if (!PageEcho.isPageRef(ref)) {
            platform.delete(ref);
        }
    }

    @Override
    public MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<List<Button>> buttons) {
        return platform.sendVideo(chat, mp4, caption, buttons);
    }

    @Override
    public MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<List<Button>> buttons, VideoShape shape) {
        return platform.sendVideo(chat, mp4, caption, buttons, shape);
    }

    @Override
    public MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<io.storyreel.core.chat.Mention> mentions,
                                List<List<Button>> buttons, VideoShape shape) {
        return platform.sendVideo(chat, mp4, caption, mentions, buttons, shape);
    }

    @Override
    public void removeButtons(MessageRef ref) {
        if (!PageEcho.isPageRef(ref)) {
            platform.removeButtons(ref);
        }
    }

    @Override
    public CommandSyntax syntax() {
        return platform.syntax();
    }

    /** A page's own message was never posted in the chat; the platform says for its own. */
    @Override
    public boolean posted(MessageRef ref) {
        return !PageEcho.isPageRef(ref) && platform.posted(ref);
    }

    @Override
    public MessageRef sendDocument(ChatRef chat, Path file, String fileName, String caption, List<List<Button>> buttons) {
        return platform.sendDocument(chat, file, fileName, caption, buttons);
    }

    @Override
    public long uploadLimitBytes(ChatRef chat) {
        return platform.uploadLimitBytes(chat);
    }

    /** The platform decides who administers a chat, whether the press came from the chat or the page. */
    @Override
    public boolean isAdministrator(ChatRef chat, UserRef user) {
        return platform.isAdministrator(chat, user);
    }

    @Override
    public boolean isMember(ChatRef chat, UserRef user) {
        return platform.isMember(chat, user);
    }

    @Override
    public void showActivity(ChatRef chat, Activity activity) {
        platform.showActivity(chat, activity);
    }
}
