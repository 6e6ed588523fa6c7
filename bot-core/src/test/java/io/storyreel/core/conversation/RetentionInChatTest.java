package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.retention.RetentionSweep;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookState;
import io.storyreel.core.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the chat says once the retention sweep (the real one, on the bot's database and blobs, with a clock the test
 * sets) deleted a film's files: /history lists the film with how long it was kept and no button to send it, an
 * older history button says the same, and a redo of one of its clips is refused before anything is paid.
 */
class RetentionInChatTest {
    @TempDir
    Path dir;
    final SettableClock clock = SettableClock.at("2026-12-01T10:00:00Z");
    TestBot bot;
    RecordingChatPort port;
    final AtomicInteger ids = new AtomicInteger(1);
    final UserRef ann = new UserRef(Platform.TELEGRAM, "1", "Ann");
    final ChatRef chat = new ChatRef(Platform.TELEGRAM, "1", ChatKind.PRIVATE);

    @BeforeEach
    void start() {
        port = new RecordingChatPort();
        bot = new TestBot(dir, clock, TestBot.LIMITS).withPort(Platform.TELEGRAM, port);
        bot.vault().store(ann.key(), "kling", Credentials.of("accessKey", "AK-ret-0001", "secretKey", "SK-ret-0002"));
    }

    @AfterEach
    void stop() throws Exception {
        bot.close();
    }

    void send(ChatEvent e) {
        bot.conversation().submit(e).orTimeout(10, TimeUnit.SECONDS).join();
    }

    MessageRef msg() {
        return new MessageRef(chat, "u" + ids.getAndIncrement());
    }

    void command(String name, String raw) {
        send(new ChatEvent.Command(chat, ann, name, raw.isBlank() ? List.of() : List.of(raw.split(" ")), raw, msg(), null));
    }

    void press(RecordingChatPort.Sent message, String label) {
        send(new ChatEvent.ButtonPressed(chat, ann, message.button(label).data(), message.ref()));
    }

    @Test
    void afterRetentionHistorySaysHowLongTheFilmWasKeptAndARedoIsRefusedUnpaid() {
        send(new ChatEvent.PhotoAdded(chat, ann, TestImages.jpeg(1), "p.jpg", "a red fox", null, 0, msg(), null, true));
        command("make", "");
        press(port.last(chat), "Confirm");
        await().atMost(10, TimeUnit.SECONDS).until(() -> port.in(chat).stream().anyMatch(s -> s.video() != null));
        RecordingChatPort.Sent film = port.in(chat).stream().filter(s -> s.video() != null).findFirst().orElseThrow();
        await().atMost(5, TimeUnit.SECONDS).until(() -> new StorybookRepository(bot.database(), clock).findLatest(chat)
                .orElseThrow().state() == StorybookState.DONE);
        command("history", "");
        RecordingChatPort.Sent before = port.last(chat);
        assertThat(before.text()).contains("Tap one to get it again").doesNotContain("deleted");

        clock.advance(Duration.ofDays(31));
        RetentionSweep.Report swept = new RetentionSweep(bot.database(), bot.blobs(), new StoryreelConfig.Retention(
                Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(30), Duration.ofHours(1)), clock).sweep();
        assertThat(swept.films()).isEqualTo(1);

        command("history", "");
        RecordingChatPort.Sent after = port.last(chat);
        assertThat(after.text()).contains("1. ").contains(": deleted after 31 days")
                .contains("keeps films for a limited time").doesNotContain("Tap one");
        assertThat(after.buttons()).isEmpty();
        press(before, "1.");
        assertThat(port.last(chat).text()).isEqualTo(
                "Sorry, that film's file was deleted after 31 days (this bot keeps films for a limited time).");
        assertThat(port.last(chat).video()).isNull();

        int calls = bot.engine().calls().size();
        press(film, "Redo clip 1");
        assertThat(port.last(chat).text()).startsWith("Clip 1 can't be made again").contains("deleted after 31 days")
                .contains("nothing was paid");
        command("redo", "1");
        assertThat(port.last(chat).text()).startsWith("Clip 1 can't be made again");
        assertThat(port.matching(chat, s -> s.text().contains("Redo clip 1") && s.buttons().size() > 0
                && s.text().contains("$"))).isEmpty();
        assertThat(bot.engine().calls()).hasSize(calls);
    }
}
