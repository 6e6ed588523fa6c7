package io.storyreel.app.telegram;

import io.storyreel.app.progress.ProgressSequence;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimButton;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Progress as a reader sees it on Telegram, through the whole real stack: every text the progress message showed is
 * recorded by the fake Bot API, with when it arrived. Bars never shrink, the header counts the ready rows, edits come
 * at most once per {@code telegram.edit-interval-ms} (but the end at once), and spent buttons are gone.
 */
class TelegramCalmProgressTest {
    private static final Duration INTERVAL = Duration.ofMillis(1500);

    private TelegramStack stack;
    private SimUser alex;
    private SimChat chat;

    @BeforeEach
    void start() throws Exception {
        stack = TelegramStack.start(TelegramStack.Options.defaults()
                .withSetting("telegram.edit-interval-ms", String.valueOf(INTERVAL.toMillis())));
        alex = stack.telegram.user(4343, "Alex", "alex");
        chat = stack.telegram.privateChat(alex);
        stack.telegram.sendAlbum(chat, alex, List.of(
                new AlbumPart(TestImages.jpeg(480, 360), "a red fox jumps over the fence"),
                new AlbumPart(TestImages.jpeg(400, 400), "the fox runs into the forest"),
                new AlbumPart(TestImages.jpeg(360, 480), "night falls over the trees")));
        stack.await(chat, "3 of 6 photos");
        stack.setKlingKeys(chat, alex, stack.kling.accessKey(), stack.kling.secretKey());
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void aFilmsProgressNeverGoesBackIsCalmAndItsSpentButtonsAreGone() {
        // clips that take a few seconds each, so the film is long enough for progress to be shown between its ends
        stack.kling.faults().taskDuration(Duration.ofSeconds(4));
        SimMessage estimate = confirm();
        SimMessage film = stack.telegram.awaitBotMessage(chat, m -> m.messageId() > estimate.messageId() && m.hasVideo(),
                TelegramStack.FILM);
        SimMessage progress = stack.await(chat, "Done! Your film is below");

        int withRows = ProgressSequence.check(progress.history(), progress.shownAt(), INTERVAL);
        assertThat(withRows).as("progress rows in %s", progress.history()).isPositive();
        assertThat(progress.buttons()).isEmpty();
        SimMessage confirmed = stack.telegram.message(chat, estimate.messageId()).orElseThrow();
        assertThat(confirmed.text()).startsWith("Confirmed by Alex");
        assertThat(confirmed.buttons()).isEmpty();
        assertThat(film.buttons()).isNotEmpty(); // redo and regenerate stay under the newest film
    }

    @Test
    void afterCancelTheProgressMessageSaysSoAndLosesItsButton() throws InterruptedException {
        SimMessage estimate = confirm();
        SimMessage progress = stack.awaitAfter(chat, estimate.messageId(), m -> button(m, "Cancel") != null);
        stack.telegram.pressButton(chat, alex, progress.messageId(), button(progress, "Cancel").callbackData());
        stack.awaitTextAfter(chat, progress.messageId(), "⏹ Stopped.");

        SimMessage ended = stack.telegram.message(chat, progress.messageId()).orElseThrow();
        assertThat(ended.text()).isEqualTo("⏹ Stopped: this film will not be finished.");
        assertThat(ended.buttons()).isEmpty();
        Thread.sleep(INTERVAL.toMillis() * 2); // no progress that was waiting its turn shows up after the end
        SimMessage later = stack.telegram.message(chat, progress.messageId()).orElseThrow();
        assertThat(later.history()).isEqualTo(ended.history());
        ProgressSequence.check(later.history(), later.shownAt(), INTERVAL);
    }

    @Test
    void anEstimateSupersededOrWithdrawnLosesItsButtons() {
        int make = stack.telegram.sendCommand(chat, alex, "/make");
        SimMessage first = stack.awaitAfter(chat, make, m -> TelegramStack.confirmButton(m) != null);
        int again = stack.telegram.sendCommand(chat, alex, "/make");
        SimMessage second = stack.awaitAfter(chat, again, m -> TelegramStack.confirmButton(m) != null);
        SimMessage replaced = stack.telegram.message(chat, first.messageId()).orElseThrow();
        assertThat(replaced.text()).isEqualTo("This estimate was replaced by the newer one below.");
        assertThat(replaced.buttons()).isEmpty();

        int cancel = stack.telegram.sendCommand(chat, alex, "/cancel");
        stack.awaitTextAfter(chat, cancel, "Cancelled. Your photos are still here.");
        SimMessage withdrawn = stack.telegram.message(chat, second.messageId()).orElseThrow();
        assertThat(withdrawn.text()).isEqualTo("⏹ Withdrawn; nothing was paid.");
        assertThat(withdrawn.buttons()).isEmpty();

        int third = stack.telegram.sendCommand(chat, alex, "/make");
        SimMessage estimate = stack.awaitAfter(chat, third, m -> TelegramStack.confirmButton(m) != null);
        int photo = stack.telegram.sendPhoto(chat, alex, TestImages.jpeg(400, 300), "the moon rises");
        stack.awaitTextAfter(chat, photo, "Added scene 4");
        SimMessage outdated = stack.telegram.message(chat, estimate.messageId()).orElseThrow();
        assertThat(outdated.text()).startsWith("This estimate is out of date: the storybook changed.");
        assertThat(outdated.buttons()).isEmpty();
    }

    /** /make, then Confirm; returns the estimate as it was shown. */
    private SimMessage confirm() {
        int make = stack.telegram.sendCommand(chat, alex, "/make");
        SimMessage estimate = stack.awaitAfter(chat, make, m -> TelegramStack.confirmButton(m) != null);
        stack.telegram.pressButton(chat, alex, estimate.messageId(), TelegramStack.confirmButton(estimate).callbackData());
        return estimate;
    }

    private static SimButton button(SimMessage m, String label) {
        return m.buttons().stream().flatMap(List::stream).filter(b -> b.text().contains(label)).findFirst().orElse(null);
    }
}
