package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.StorybookRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys sent without {@code setkeys} (issue 14, L1: they used to become a scene's prompt, echoed and stored in clear):
 * through the real conversation and database, the message is deleted, the sender is told how to give keys (in a group,
 * to rotate them), the scene stays without a prompt, nothing the bot says repeats the keys, a dump of the database
 * holds no trace of them, and they are registered as secrets.
 */
class KeysAsPlainTextTest {
    private static final String AK = "AKfake0123456789";
    private static final String SK = "SKsecret0123456789abcdef";

    @TempDir
    Path dir;
    TestBot bot;
    RecordingChatPort port;
    final AtomicInteger ids = new AtomicInteger(1);
    final UserRef ann = new UserRef(Platform.TELEGRAM, "1", "Ann");
    final UserRef bob = new UserRef(Platform.TELEGRAM, "2", "Bob");
    final ChatRef annChat = new ChatRef(Platform.TELEGRAM, "1", ChatKind.PRIVATE);
    final ChatRef group = new ChatRef(Platform.TELEGRAM, "-100", ChatKind.GROUP);

    @BeforeEach
    void start() {
        port = new RecordingChatPort();
        bot = new TestBot(dir).withPort(Platform.TELEGRAM, port);
    }

    @AfterEach
    void stop() throws Exception {
        bot.close();
    }

    void send(ChatEvent e) {
        bot.conversation().submit(e).orTimeout(10, TimeUnit.SECONDS).join();
    }

    MessageRef msg(ChatRef chat) {
        return new MessageRef(chat, "u" + ids.getAndIncrement());
    }

    List<Scene> scenes(ChatRef chat) {
        return new StorybookRepository(bot.database(), Clock.systemUTC()).findOpen(chat)
                .map(b -> new SceneRepository(bot.database(), Clock.systemUTC()).list(b.id())).orElse(List.of());
    }

    @Test
    void inAPrivateChatTheKeysAreDeletedNeverAPromptAndTheUserLearnsHowToSetThem() throws Exception {
        send(new ChatEvent.PhotoAdded(annChat, ann, TestImages.jpeg(1), "p.jpg", null, null, 0, msg(annChat), null, true));
        assertThat(port.last(annChat).text()).contains("What should happen");

        MessageRef pasted = msg(annChat);
        send(new ChatEvent.TextMessage(annChat, ann, "kling " + AK + " " + SK, pasted, null));

        assertThat(port.isDeleted(pasted)).isTrue();
        assertThat(port.last(annChat).text()).startsWith("🔐 That looks like a Kling key")
                .contains("did not use it (as a prompt or a title)").contains("I deleted your message").contains("/setkeys kling");
        assertThat(scenes(annChat)).singleElement().extracting(Scene::prompt).isNull();
        assertNoTrace();

        // the next ordinary text is the prompt, as before
        send(new ChatEvent.TextMessage(annChat, ann, "a red fox jumps over the fence", msg(annChat), null));
        assertThat(scenes(annChat)).singleElement().extracting(Scene::prompt).isEqualTo("a red fox jumps over the fence");

        // /prompt with keys in it is caught the same way
        MessageRef command = msg(annChat);
        send(new ChatEvent.Command(annChat, ann, "prompt", List.of("1", AK, SK), "1 " + AK + " " + SK, command, null));
        assertThat(port.isDeleted(command)).isTrue();
        assertThat(scenes(annChat)).singleElement().extracting(Scene::prompt).isEqualTo("a red fox jumps over the fence");
        assertNoTrace();

        // and /new with keys as its title: no storybook is set aside or named after them
        MessageRef titled = msg(annChat);
        send(new ChatEvent.Command(annChat, ann, "new", List.of(AK, SK), AK + " " + SK, titled, null));
        assertThat(port.isDeleted(titled)).isTrue();
        assertThat(scenes(annChat)).singleElement().extracting(Scene::prompt).isEqualTo("a red fox jumps over the fence");
        assertNoTrace();
    }

    @Test
    void aReplyInAGroupWithKeysIsDeletedAndTheWarningSaysRotate() throws Exception {
        send(new ChatEvent.PhotoAdded(group, ann, TestImages.jpeg(1), "p.jpg", null, null, 0, msg(group), null, true));
        MessageRef question = port.last(group).ref();
        assertThat(port.last(group).text()).contains("What should happen");

        MessageRef pasted = msg(group);
        send(new ChatEvent.TextMessage(group, bob, "minimax sk-api-0123456789abcdefGHIJKLMNOP", pasted, question));

        assertThat(port.isDeleted(pasted)).isTrue();
        assertThat(port.last(group).text()).contains("never post API keys in a group").contains("rotate")
                .contains("MiniMax");
        assertThat(scenes(group)).singleElement().extracting(Scene::prompt).isNull();
        assertThat(port.texts(group)).noneMatch(t -> t.contains("sk-api-0123456789abcdef"));
        assertThat(dump()).doesNotContain("sk-api-0123456789abcdef");
    }

    @Test
    void aPhotoWhoseCaptionIsKeysIsKeptWithoutItAndNothingQuotesTheDeletedMessage() throws Exception {
        MessageRef photo = msg(group);
        send(new ChatEvent.PhotoAdded(group, ann, TestImages.jpeg(1), "p.jpg", "kling " + AK + " " + SK, null, 0, photo,
                null, true));

        assertThat(port.isDeleted(photo)).isTrue();
        assertThat(port.texts(group)).anyMatch(t -> t.contains("never post API keys in a group"));
        assertThat(scenes(group)).singleElement().satisfies(s -> {
            assertThat(s.prompt()).isNull();
            assertThat(s.sourceMsgId()).isNotEqualTo(photo.messageId());
        });
        // nothing the bot sent afterwards replies to the deleted photo (Telegram would refuse such a reply)
        assertThat(port.all()).noneMatch(s -> photo.equals(s.message().replyTo()));
        assertThat(port.last(group).text()).contains("What should happen");
        assertNoTrace();
    }

    @Test
    void whereTheBotCannotDeleteItSaysSoAndStillKeepsNothing() throws Exception {
        port.failDeletes(true);
        MessageRef pasted = msg(annChat);
        send(new ChatEvent.TextMessage(annChat, ann, "AfGyL4Ph8TkfBRtHhhRb3RJdFnbE3rbT gT5nLm2Qx8Rv4Kw9Zp1Hs6Jd3Fb7Nc0", pasted, null));
        assertThat(port.isDeleted(pasted)).isFalse();
        assertThat(port.last(annChat).text()).startsWith("🔐 That looks like an API key")
                .contains("could not delete your message, so please delete it yourself");
        assertThat(dump()).doesNotContain("AfGyL4Ph8TkfBRtHhhRb3RJdFnbE3rbT");
        assertThat(SecretRegistry.mask("x AfGyL4Ph8TkfBRtHhhRb3RJdFnbE3rbT")).isEqualTo("x ***");
    }

    @Test
    void keysGivenThroughSetkeysAreCaughtInsideASentenceAndMaskedInWhatWasStoredBefore() throws Exception {
        String secret = "SKinside0f1e2d3c4b5a69";
        send(new ChatEvent.SecretSubmitted(annChat, ann, "kling", "AKinside0a1b2c3d " + secret, msg(annChat)));
        send(new ChatEvent.PhotoAdded(annChat, ann, TestImages.jpeg(1), "p.jpg", null, null, 0, msg(annChat), null, true));

        MessageRef sentence = msg(annChat);
        send(new ChatEvent.TextMessage(annChat, ann, "a kite eats " + secret + " slowly", sentence, null));
        assertThat(port.isDeleted(sentence)).isTrue();
        assertThat(port.last(annChat).text()).startsWith("🔐 That looks like an API key");
        assertThat(scenes(annChat)).singleElement().extracting(Scene::prompt).isNull();

        // a prompt stored before keys were recognised: every answer that shows it masks the key
        new SceneRepository(bot.database(), Clock.systemUTC()).setPrompt(scenes(annChat).get(0).id(),
                "an old prompt with " + secret + " in it");
        send(new ChatEvent.Command(annChat, ann, "list", List.of(), "", msg(annChat), null));
        assertThat(port.last(annChat).text()).contains("an old prompt with *** in it");
        assertThat(port.last(annChat).message().image()).isNotEmpty();
        assertThat(port.all()).allSatisfy(s -> assertThat(s.text()).doesNotContain(secret));
    }

    private void assertNoTrace() throws Exception {
        assertThat(port.all()).allSatisfy(s -> assertThat(s.text()).doesNotContain(AK).doesNotContain(SK));
        assertThat(dump()).doesNotContain(AK).doesNotContain(SK);
        assertThat(SecretRegistry.mask(AK + " " + SK)).isEqualTo("*** ***");
    }

    private String dump() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = bot.database().dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SCRIPT")) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append('\n');
            }
        }
        assertThat(sb).contains("INSERT INTO").contains("SCENE");
        return sb.toString();
    }
}
