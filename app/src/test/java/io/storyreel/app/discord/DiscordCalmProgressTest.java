package io.storyreel.app.discord;

import io.storyreel.app.progress.ProgressSequence;
import io.storyreel.sim.discord.FakeDiscord;
import io.storyreel.core.conversation.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Progress as a reader sees it on Discord, through the whole real stack: the fake records every content a message
 * showed, with when. Bars never shrink, the header counts the ready rows, edits come at most once per
 * {@code discord.edit-interval-ms} (but the end at once), and the confirmed estimate has no buttons left.
 */
class DiscordCalmProgressTest {
    private DiscordStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aFilmsProgressNeverGoesBackIsCalmAndItsSpentButtonsAreGone() throws Exception {
        stack = DiscordStack.start(DiscordStack.Options.defaults().withClipSeconds(2));
        Duration interval = stack.config.discord().editInterval();
        assertThat(interval).isPositive(); // the shipped default paces Discord too
        FakeDiscord discord = stack.discord;
        FakeDiscord.User ann = stack.user("Ann");
        FakeDiscord.Channel club = stack.channel("film-club");
        stack.setKlingKeys(ann, club, stack.kling.accessKey(), stack.kling.secretKey());
        for (int i = 1; i <= 3; i++) {
            stack.answerTo(stack.storyAdd(ann, club, DiscordStack.jpeg("p" + i + ".jpg", TestImages.jpeg(640, 480, i)),
                    "scene number " + i + " moves"));
        }
        // clips that take a few seconds each, so the film is long enough for progress to be shown between its ends
        stack.kling.faults().taskDuration(Duration.ofSeconds(5));
        FakeDiscord.Posted estimate = stack.make(ann, club);
        stack.pressConfirm(ann, estimate);
        FakeDiscord.Posted film = stack.awaitFilm(club);

        FakeDiscord.Posted progress = discord.awaitMessage(p -> p.content().startsWith("✅ Done!")
                && p.history().stream().anyMatch(s -> s.content().contains("clips ready")), DiscordStack.STEP);
        int withRows = ProgressSequence.check(progress.history().stream().map(FakeDiscord.Shown::content).toList(),
                progress.history().stream().map(FakeDiscord.Shown::at).toList(), interval);
        assertThat(withRows).isPositive();
        assertThat(progress.buttons()).isEmpty();
        FakeDiscord.Posted confirmed = discord.message(estimate.id()).orElseThrow();
        assertThat(confirmed.content()).startsWith("Confirmed by Ann");
        assertThat(confirmed.buttons()).isEmpty();
        assertThat(film.buttons()).isNotEmpty();
    }
}
