package io.storyreel.app.telegram;

import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Confirm starts the film at once, through the whole real stack at Telegram's own pace of one call a second into a
 * private chat: the estimate has just gone out, so the status message must wait its turn, and the film does not wait
 * with it. The status message still comes, and the film's progress and its end are shown in it.
 */
class TelegramConfirmStartsAtOnceTest {
    private static final Duration TELEGRAM_PACE = Duration.ofSeconds(1);

    private TelegramStack stack;
    private SimUser alex;
    private SimChat chat;

    @BeforeEach
    void start() throws Exception {
        stack = TelegramStack.start(TelegramStack.Options.defaults().withPacing(TELEGRAM_PACE, Duration.ofSeconds(3)));
        alex = stack.telegram.user(4545, "Alex", "alex");
        chat = stack.telegram.privateChat(alex);
        stack.telegram.sendAlbum(chat, alex, List.of(
                new AlbumPart(TestImages.jpeg(480, 360), "a red fox jumps over the fence"),
                new AlbumPart(TestImages.jpeg(400, 400), "the fox runs into the forest")));
        stack.await(chat, "2 of 6 photos");
        stack.setKlingKeys(chat, alex, stack.kling.accessKey(), stack.kling.secretKey());
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void theFilmStartsBeforeItsStatusMessageWhichFollowsAtTheChatsPaceAndShowsTheEnd() throws Exception {
        int make = stack.telegram.sendCommand(chat, alex, "/make");
        SimMessage estimate = stack.awaitAfter(chat, make, m -> TelegramStack.confirmButton(m) != null);
        Instant estimated = estimate.shownAt().get(0);
        stack.telegram.pressButton(chat, alex, estimate.messageId(),
                TelegramStack.confirmButton(estimate).callbackData());

        SimMessage status = stack.awaitAfter(chat, estimate.messageId(),
                m -> m.history().get(0).startsWith("🎬 Starting your film"));
        Instant statusSent = status.shownAt().get(0);
        // the chat's pace held the status message back a second after the estimate...
        assertThat(Duration.between(estimated, statusSent)).isGreaterThanOrEqualTo(TELEGRAM_PACE.minusMillis(50));
        // ...and the film had started before it went out
        long startedAt = startedAtOfTheOnlyFilm();
        assertThat(Instant.ofEpochMilli(startedAt)).as("film started, status message sent at %s", statusSent)
                .isBefore(statusSent);

        SimMessage film = stack.telegram.awaitBotMessage(chat, m -> m.messageId() > estimate.messageId()
                && m.hasVideo(), TelegramStack.FILM);
        assertThat(film.messageId()).isGreaterThan(status.messageId());
        SimMessage ended = stack.await(chat, "Done! Your film is below");
        assertThat(ended.messageId()).as("the end is shown in the status message").isEqualTo(status.messageId());
        assertThat(ended.buttons()).isEmpty();
        assertThat(stack.telegram.message(chat, estimate.messageId()).orElseThrow().text())
                .startsWith("Confirmed by Alex");
    }

    private long startedAtOfTheOnlyFilm() throws Exception {
        try (Connection c = stack.bot.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT started_at FROM storybook WHERE started_at IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as("a started film").isTrue();
            long at = rs.getLong(1);
            assertThat(rs.next()).as("one started film").isFalse();
            return at;
        }
    }
}
