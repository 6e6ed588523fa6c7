package io.storyreel.core.storyboard;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatPort;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the chat and the page each get while the conversation answers an action from the page. */
class EchoingChatPortTest {
    private final ChatRef group = new ChatRef(Platform.TELEGRAM, "-100", ChatKind.GROUP);
    private final UserRef admin = new UserRef(Platform.TELEGRAM, "1", "Ann");
    private final List<Message> chatGot = new ArrayList<>();
    private final ChatPort platform = new ChatPort() {
        @Override
        public io.storyreel.core.chat.CommandSyntax syntax() {
            return io.storyreel.core.conversation.testing.TestSyntax.telegramLike();
        }

        @Override
        public MessageRef send(ChatRef chat, Message message) {
            chatGot.add(message);
            return new MessageRef(chat, Integer.toString(chatGot.size()));
        }

        @Override
        public void edit(MessageRef ref, Message message) {
            chatGot.add(message);
        }

        @Override
        public void delete(MessageRef ref) {
        }

        @Override
        public MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<List<Button>> buttons) {
            return null;
        }

        @Override
        public MessageRef sendDocument(ChatRef chat, Path file, String fileName, String caption, List<List<Button>> buttons) {
            return null;
        }

        @Override
        public long uploadLimitBytes(ChatRef chat) {
            return 1;
        }

        @Override
        public boolean isAdministrator(ChatRef chat, UserRef user) {
            return user.equals(admin);
        }
    };
    private final EchoingChatPort port = new EchoingChatPort(platform);

    @Test
    void duringAPageActionPrivateAnswersGoToThePageOnlyAndTheRestToBoth() {
        PageEcho echo = new PageEcho();
        MessageRef page = new MessageRef(group, echo.sourceId());
        List<MessageRef> refs = new ArrayList<>();
        echo.around(() -> {
            refs.add(port.send(group, Message.text("only for you").privately().replyingTo(page)));
            refs.add(port.send(group, Message.text("Moved scene 3").replyingTo(page)));
            port.edit(refs.get(0), Message.text("edited on the page"));
        }).run();

        assertThat(chatGot).extracting(Message::text).containsExactly("Moved scene 3");
        assertThat(chatGot.get(0).replyTo()).as("no quote of a message the chat never had").isNull();
        assertThat(echo.said()).extracting(s -> s.message().text())
                .containsExactly("only for you", "Moved scene 3", "edited on the page");
        assertThat(refs.get(0).messageId()).isEqualTo(echo.sourceId());
        assertThat(refs.get(1).messageId()).isEqualTo("1");
    }

    @Test
    void aNotingPageActionShowsItsAnswersOnThePageAndTellsTheChatOneLineOnlyWhenSomethingChanged() {
        int[] made = {0};
        PageEcho refused = PageEcho.noting(() -> "Ann changed duration to 10 s on the storyboard page.");
        refused.around(() -> port.send(group, Message.text("I can't use that setting").privately())).run();
        assertThat(chatGot).as("a refusal changes nothing, so the chat hears nothing").isEmpty();

        PageEcho echo = PageEcho.noting(() -> {
            made[0]++;
            return "Ann changed duration to 10 s on the storyboard page.";
        });
        List<MessageRef> refs = new ArrayList<>();
        echo.around(() -> {
            refs.add(port.send(group, Message.text("⚙️ Settings (Kling AI)\nDuration: 10 s")));
            refs.add(port.send(group, Message.text("a second answer")));
        }).run();

        assertThat(chatGot).extracting(Message::text).containsExactly("Ann changed duration to 10 s on the storyboard page.");
        assertThat(made[0]).isEqualTo(1);
        assertThat(echo.said()).extracting(s -> s.message().text())
                .containsExactly("⚙️ Settings (Kling AI)\nDuration: 10 s", "a second answer");
        assertThat(refs).as("the card lives on the page: an edit of it never reaches the chat's note")
                .allMatch(PageEcho::isPageRef);
    }

    @Test
    void outsideAPageActionItIsThePlatformsPortAndAdministratorsAreThePlatforms() {
        port.send(group, Message.text("progress").privately());
        assertThat(chatGot).extracting(Message::text).containsExactly("progress");
        assertThat(port.isAdministrator(group, admin)).isTrue();
        assertThat(port.isAdministrator(group, new UserRef(Platform.TELEGRAM, "2", "Bob"))).isFalse();
    }
}
