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
import io.storyreel.core.generation.EngineReason;
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
 * Who may press what ({@link FilmPermissions}), against the fake engine so each decision is seen in the commands the
 * engine received: a refused press reaches the engine with nothing; the payer and an administrator are obeyed; a
 * member's own-keys retry reaches it with that member as the payer; private chats need no check.
 */
class FilmPermissionsTest {
    @TempDir
    Path dir;
    TestBot bot;
    RecordingChatPort port;
    final AtomicInteger ids = new AtomicInteger();
    final UserRef ann = new UserRef(Platform.TELEGRAM, "1", "Ann");
    final UserRef bob = new UserRef(Platform.TELEGRAM, "2", "Bob");
    final UserRef cat = new UserRef(Platform.TELEGRAM, "3", "Cat");
    final ChatRef group = new ChatRef(Platform.TELEGRAM, "-10", ChatKind.GROUP);

    @BeforeEach
    void start() {
        port = new RecordingChatPort();
        bot = new TestBot(dir).withPort(Platform.TELEGRAM, port);
    }

    @AfterEach
    void stop() throws Exception {
        bot.close();
        assertThat(bot.engine().errors()).isEmpty();
    }

    void send(ChatEvent e) {
        bot.conversation().submit(e).orTimeout(10, TimeUnit.SECONDS).join();
    }

    void command(ChatRef chat, UserRef user, String name, String... args) {
        send(new ChatEvent.Command(chat, user, name, List.of(args), String.join(" ", args),
                new MessageRef(chat, "u" + ids.incrementAndGet()), null));
    }

    void press(UserRef user, RecordingChatPort.Sent message, String label) {
        send(new ChatEvent.ButtonPressed(message.chat(), user, message.button(label).data(), message.ref()));
    }

    RecordingChatPort.Sent last(String fragment) {
        List<RecordingChatPort.Sent> hits = port.matching(group, s -> s.text().contains(fragment));
        assertThat(hits).as("'%s' in %s", fragment, port.texts(group)).isNotEmpty();
        return hits.get(hits.size() - 1);
    }

    /** Ann's film in the group, paused on clip 2; returns the pause message. */
    RecordingChatPort.Sent annsPausedFilm() {
        bot.vault().store(ann.key(), "kling", Credentials.of("accessKey", "AK-ann-0001", "secretKey", "SK-ann-0002"));
        for (int i = 1; i <= 2; i++) {
            send(new ChatEvent.PhotoAdded(group, ann, TestImages.jpeg(i), "p.jpg", "scene " + i, null, 0,
                    new MessageRef(group, "u" + ids.incrementAndGet()), null, true));
        }
        bot.engine().failClip(2, "refused");
        command(group, ann, "make");
        press(ann, last("Your film:"), "Confirm");
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS)
                .until(() -> port.texts(group).stream().anyMatch(t -> t.contains("Clip 2 failed")));
        return last("Clip 2 failed");
    }

    List<String> engineCalls() {
        return bot.engine().calls().stream().filter(c -> !c.startsWith("start:")).toList();
    }

    @Test
    void aMemberWhoDoesNotPayIsToldWhoCanAndTheEngineHearsNothing() {
        RecordingChatPort.Sent pause = annsPausedFilm();

        press(bob, pause, "Retry clip 2");
        RecordingChatPort.Sent retry = last("For Bob:");
        assertThat(retry.text()).isEqualTo("For Bob: only Ann (who pays for this film) or a group admin can retry it on "
                + "their keys. Nothing was changed. You can retry it with your own keys instead; then you pay for that "
                + "clip only.");
        assertThat(retry.button("with my keys").label()).isEqualTo("💳 Clip 2 with my keys");
        press(bob, pause, "Merge without");
        assertThat(last("For Bob:").text()).contains("can finish it without the failed clip");
        press(bob, pause, "Cancel");
        assertThat(last("For Bob:").text()).contains("can stop it");
        command(group, bob, "cancel");
        assertThat(port.last(group).text()).startsWith("Only Ann (who pays for this film) or a group admin can stop it");
        assertThat(engineCalls()).isEmpty();

        // Bob has no keys: his own-keys retry is refused too; Cat's, with keys, is hers to pay
        press(bob, retry, "with my keys");
        assertThat(last("For Bob:").text()).contains("You have no Kling keys yet");
        bot.vault().store(cat.key(), "kling", Credentials.of("accessKey", "AK-cat-0001", "secretKey", "SK-cat-0002"));
        press(cat, retry, "with my keys");
        String book = engineCalls().isEmpty() ? null : engineCalls().get(0).split(":")[1];
        assertThat(engineCalls()).containsExactly("retry:" + book + ":2:" + cat.key());
        // the status message says who pays, before progress takes it over
        assertThat(port.matching(group, m -> m.versions().get(0).text().startsWith("Cat is paying")))
                .singleElement().extracting(m -> m.versions().get(0).text())
                .isEqualTo("Cat is paying for clip 2 with their own keys. Making it again…");
    }

    @Test
    void thePayerAndAGroupAdminAreObeyed() {
        RecordingChatPort.Sent pause = annsPausedFilm();
        port.setAdministrator(group, bob, true);
        press(bob, pause, "Merge without");
        assertThat(engineCalls()).singleElement().asString().startsWith("mergeWithout:");
        assertThat(port.texts(group)).noneMatch(t -> t.startsWith("For Bob"));
    }

    @Test
    void onlyTheMemberWhoAskedForAnEstimateOrAnAdminWithdrawsIt() {
        bot.vault().store(ann.key(), "kling", Credentials.of("accessKey", "AK-ann-0001", "secretKey", "SK-ann-0002"));
        send(new ChatEvent.PhotoAdded(group, ann, TestImages.jpeg(1), "p.jpg", "scene", null, 0,
                new MessageRef(group, "u" + ids.incrementAndGet()), null, true));
        command(group, ann, "make");
        RecordingChatPort.Sent estimate = last("Your film:");
        press(bob, estimate, "Cancel");
        assertThat(last("For Bob:").text()).isEqualTo("For Bob: only Ann (who asked for this estimate) or a group admin "
                + "can withdraw it. Anyone may confirm it, and then pays for it.");
        command(group, bob, "cancel");
        assertThat(port.last(group).text()).startsWith("Only Ann (who asked for this estimate)");
        assertThat(port.find(estimate.ref()).text()).startsWith("🎬 Your film:");
        press(ann, estimate, "Cancel");
        assertThat(port.find(estimate.ref()).text()).startsWith("Not made.");
    }

    @Test
    void aLimitRefusalAtConfirmSaysTheLimitAndWhenItResets() {
        bot.vault().store(bob.key(), "kling", Credentials.of("accessKey", "AK-bob-0001", "secretKey", "SK-bob-0002"));
        send(new ChatEvent.PhotoAdded(group, ann, TestImages.jpeg(1), "p.jpg", "scene", null, 0,
                new MessageRef(group, "u" + ids.incrementAndGet()), null, true));
        command(group, ann, "make");
        bot.engine().refuseAdmission(EngineReason.daily(EngineReason.Kind.DAILY_CLIPS, 61, 60, 192, "00:00 UTC"));
        press(bob, last("Your film:"), "Confirm");
        assertThat(port.last(group).text()).isEqualTo("For Bob: I can't make the film yet:\n• That would make 61 clips "
                + "today, over your daily limit of 60 clips. It resets at 00:00 UTC, in 3 h 12 min.");
        assertThat(bot.engine().calls()).isEmpty();
    }

    @Test
    void helpSaysWhoPaysAndStillFitsADiscordMessage() {
        for (CommandSyntax cs : List.of(CommandSyntax.TELEGRAM, CommandSyntax.DISCORD)) {
            String help = Wording.help(cs);
            assertThat(help).contains("Who pays", "Whoever confirms an estimate pays",
                    "the film's payer or a group admin", "with their own keys, and pays for that clip only");
            assertThat(help.length()).isLessThanOrEqualTo(2000);
        }
    }
}
