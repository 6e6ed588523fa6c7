package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestSyntax;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.core.provider.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers that concern only the member who acted (bad input, refusals, key answers) are private and name what they
 * answer, so Discord can show them ephemerally to that member's own interaction, never to someone else's; in private
 * chats they quote nothing (Telegram sends them as plain messages).
 */
class PrivateAnswersTest {
    @TempDir
    Path dir;
    TestBot bot;
    RecordingChatPort port;
    final AtomicInteger ids = new AtomicInteger(1);
    final UserRef ann = new UserRef(Platform.DISCORD, "11", "Ann");
    final UserRef bob = new UserRef(Platform.DISCORD, "12", "Bob");
    final ChatRef channel = new ChatRef(Platform.DISCORD, "900", ChatKind.GROUP);
    final ChatRef annDm = new ChatRef(Platform.DISCORD, "901", ChatKind.PRIVATE);

    @BeforeEach
    void start() {
        port = new RecordingChatPort(TestSyntax.discordLike());
        bot = new TestBot(dir).withPort(Platform.DISCORD, port);
    }

    @AfterEach
    void stop() throws Exception {
        bot.close();
    }

    void send(ChatEvent e) {
        bot.conversation().submit(e).orTimeout(10, TimeUnit.SECONDS).join();
    }

    MessageRef interaction(ChatRef chat) {
        return new MessageRef(chat, "i:" + ids.getAndIncrement());
    }

    MessageRef command(ChatRef chat, UserRef user, String name, String raw) {
        MessageRef source = interaction(chat);
        List<String> args = raw.isBlank() ? List.of() : List.of(raw.strip().split("\\s+"));
        send(new ChatEvent.Command(chat, user, name, args, raw, source, null));
        return source;
    }

    MessageRef photo(ChatRef chat, UserRef user, byte[] bytes, String caption) {
        MessageRef source = interaction(chat);
        send(new ChatEvent.PhotoAdded(chat, user, bytes, "p.jpg", caption, null, 0, source, null, true));
        return source;
    }

    Message last(ChatRef chat) {
        return port.last(chat).message();
    }

    void assertPrivateAnswerTo(ChatRef chat, MessageRef source, String fragment) {
        Message m = last(chat);
        assertThat(m.text()).contains(fragment);
        assertThat(m.privateToUser()).as("private: %s", m.text()).isTrue();
        assertThat(m.replyTo()).as("answers: %s", m.text()).isEqualTo(source);
    }

    @Test
    void eachBadInputInAChannelIsAPrivateAnswerToTheMembersOwnAction() {
        MessageRef added = photo(channel, ann, TestImages.jpeg(1), "one");
        assertThat(last(channel).privateToUser()).isFalse();
        assertThat(last(channel).replyTo()).isEqualTo(added);

        MessageRef pdf = interaction(channel);
        send(new ChatEvent.UnsupportedFile(channel, bob, "notes.pdf", "application/pdf", 9, pdf));
        assertPrivateAnswerTo(channel, pdf, "not a photo");

        MessageRef tiny = photo(channel, bob, TestImages.jpeg(64, 64, 2), "tiny");
        assertPrivateAnswerTo(channel, tiny, "64×64");

        MessageRef longPrompt = command(channel, bob, "prompt", "1 " + "word ".repeat(600));
        assertPrivateAnswerTo(channel, longPrompt, "2500");

        MessageRef unknown = command(channel, bob, "remove", "9");
        assertPrivateAnswerTo(channel, unknown, "9");

        MessageRef wrongChat = command(channel, bob, "setkeys", "");
        assertPrivateAnswerTo(channel, wrongChat, "Keys never go in a channel message: use /setkeys");

        for (int i = 2; i <= 6; i++) {
            photo(channel, ann, TestImages.jpeg(i + 10), "scene " + i);
        }
        MessageRef seventh = photo(channel, bob, TestImages.jpeg(20), "scene 7");
        assertPrivateAnswerTo(channel, seventh, "at most 6");
    }

    @Test
    void aStaleButtonIsAnsweredPrivatelyToThePressItself() {
        bot.vault().store(ann.key(), "kling", Credentials.of("accessKey", "AK-test-0001", "secretKey", "SK-test-0002"));
        photo(channel, ann, TestImages.jpeg(1), "one");
        command(channel, ann, "make", "");
        RecordingChatPort.Sent estimate = port.matching(channel, s -> s.text().contains("Confirm")).get(0);
        String confirm = estimate.button("Confirm").data();
        command(channel, ann, "prompt", "1 one, changed"); // the estimate is stale now
        MessageRef press = interaction(channel);
        send(new ChatEvent.ButtonPressed(channel, bob, confirm, estimate.ref(), press));
        assertPrivateAnswerTo(channel, press, "out of date");
    }

    @Test
    void keyAnswersGoToTheModalSubmissionAndMentionNoDeletedMessage() {
        MessageRef submission = interaction(channel);
        send(new ChatEvent.SecretSubmitted(channel, ann, "kling", "AKmodal00001 SKmodal00002", null, submission));
        assertPrivateAnswerTo(channel, submission, "Saved your Kling keys");
        assertThat(last(channel).text()).doesNotContain("AKmodal00001", "SKmodal00002", "deleted");
    }

    @Test
    void inAPrivateChatRefusalsQuoteNothing() {
        command(annDm, ann, "remove", "x");
        assertThat(last(annDm).privateToUser()).isTrue();
        assertThat(last(annDm).replyTo()).isNull();
    }
}
