package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.generation.PayerLimits;
import io.storyreel.core.keys.MasterKeyset;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.testing.FakeVideoProvider;
import io.storyreel.core.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payer limits hold on every path that spends money: Confirm, Retry (and retry with one's own keys), Redo, and a
 * regenerated film's Confirm. Each refusal names the limit and when it resets, nothing is paid, and the day ends at
 * midnight on the same clock for the chat and the engine (a {@link SettableClock} moved past midnight lets the payer
 * spend again).
 */
class PayerLimitsOnEveryPathTest {
    private static final UserRef ANN = RealEngineBot.user("41", "Ann");
    private static final UserRef BOB = RealEngineBot.user("42", "Bob");
    private static final ChatRef GROUP = RealEngineBot.group("-4100");

    @TempDir
    Path dir;
    private Database db;
    private RealEngineBot bot;
    private final SettableClock clock = SettableClock.at("2026-05-10T22:00:00Z");

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private FakeVideoProvider start(PayerLimits limits) {
        db = Database.open(Database.h2Url(dir.resolve("db")), "", "", 8);
        FakeVideoProvider kling = FakeVideoProvider.kling();
        bot = new RealEngineBot(db, new BlobStore(dir.resolve("blobs")), kling, MasterKeyset.inMemory(), clock, limits);
        return kling;
    }

    /** Ann's film in the group: two scenes, the second fails at the provider, so the film pauses for it. */
    private String annsPausedFilm() {
        bot.keys(ANN);
        bot.scenes(GROUP, ANN, "the kite rises", "FAIL the kite falls");
        RecordingChatPort.Sent estimate = bot.estimate(GROUP, ANN);
        bot.press(ANN, estimate, "Confirm");
        bot.await(GROUP, "Clip 2 failed");
        String book = bot.latestBook(GROUP);
        bot.awaitState(book, "PAUSED");
        // clip 1 is made too (the pause does not stop it): both clips are ordered and paid for
        org.awaitility.Awaitility.await().atMost(RealEngineBot.WAIT).until(() -> bot.clipRows(book) == 2
                && bot.kling.creates.size() >= 2);
        return book;
    }

    /**
     * Ann has ordered 2 clips today (one made, one failed at the provider after being paid for): at her daily limit,
     * retry, redo, a regenerated film and a new film are each refused with the limit and its reset, and nothing is
     * paid. After midnight she may redo a clip again.
     */
    private void everyPathRefusedUntilMidnight(String oneMoreClip, String twoMoreClips) {
        String book = annsPausedFilm();
        int paid = bot.kling.creates.size();
        assertThat(paid).isEqualTo(2);
        String resets = "It resets at 00:00 UTC, in 2 h.";

        bot.press(ANN, bot.last(GROUP, "Clip 2 failed"), "Retry clip 2");
        assertThat(bot.last(GROUP, "For Ann:").text()).isEqualTo("For Ann: " + oneMoreClip + " " + resets);

        bot.command(GROUP, ANN, "redo", "2");
        bot.press(ANN, bot.last(GROUP, "Make clip 2 again"), "Redo clip 2");
        assertThat(bot.last(GROUP, "For Ann:").text()).isEqualTo("For Ann: " + oneMoreClip + " " + resets);
        assertThat(bot.kling.creates).hasSize(paid);
        assertThat(bot.state(book)).isEqualTo("PAUSED");

        bot.press(ANN, bot.last(GROUP, "Clip 2 failed"), "Merge without");
        bot.awaitState(book, "DONE");
        RecordingChatPort.Sent film = bot.port.matching(GROUP, s -> s.video() != null).get(0);
        bot.press(ANN, film, "Regenerate");
        RecordingChatPort.Sent regenerated = bot.last(GROUP, "Your film:");
        bot.press(ANN, regenerated, "Confirm");
        assertThat(bot.last(GROUP, "For Ann: I can't make the film yet").text())
                .endsWith("• " + twoMoreClips + " " + resets);
        assertThat(bot.kling.creates).hasSize(paid);

        // midnight: a new day for the chat and the engine alike
        clock.advance(Duration.ofHours(2).plusMinutes(1));
        bot.press(ANN, film, "Redo clip 1");
        bot.press(ANN, bot.last(GROUP, "Make clip 1 again"), "Redo clip 1");
        bot.await(GROUP, "Making clip 1 again");
        org.awaitility.Awaitility.await().atMost(RealEngineBot.WAIT).until(() -> bot.kling.creates.size() == paid + 1);
    }

    @Test
    void atTheDailyClipLimitEveryPathIsRefusedUntilMidnight() {
        start(PayerLimits.defaults().withRunningAndFilms(1, 20).withDaily(2, 0));
        everyPathRefusedUntilMidnight("That would make 3 clips today, over your daily limit of 2 clips.",
                "That would make 4 clips today, over your daily limit of 2 clips.");
    }

    @Test
    void atTheDailySpendingLimitEveryPathIsRefusedUntilMidnight() {
        start(PayerLimits.defaults().withRunningAndFilms(1, 20).withDaily(100, 0.28)); // two clips at $0.14
        everyPathRefusedUntilMidnight("That would bring today's spending to $0.42, over your daily limit of $0.28.",
                "That would bring today's spending to $0.56, over your daily limit of $0.28.");
    }

    /**
     * Bob has a film of his own in the making; while it runs he may not take on another one here: not by paying for a
     * clip of Ann's paused film with his own keys, not by redoing a clip of her finished film, not by confirming a
     * regenerated film.
     */
    @Test
    void withAFilmRunningElsewhereAMemberIsRefusedOnRetryRedoAndConfirm() {
        FakeVideoProvider kling = start(PayerLimits.defaults().withRunningAndFilms(1, 20));
        String annsBook = annsPausedFilm();
        kling.hold = true;
        bot.keys(BOB);
        ChatRef bobs = RealEngineBot.privateChat(BOB);
        bot.scenes(bobs, BOB, "a boat at dawn");
        bot.press(BOB, bot.estimate(bobs, BOB), "Confirm");
        org.awaitility.Awaitility.await().atMost(RealEngineBot.WAIT).until(() -> kling.creates.size() == 3);
        String running = "You already have a film in progress. Wait for it to finish (or cancel it), then try again.";

        bot.press(BOB, bot.last(GROUP, "Clip 2 failed"), "Retry clip 2");
        RecordingChatPort.Sent offer = bot.last(GROUP, "For Bob: only Ann (who pays for this film)");
        bot.press(BOB, offer, "with my keys");
        assertThat(bot.last(GROUP, "For Bob:").text()).isEqualTo("For Bob: " + running);

        bot.press(ANN, bot.last(GROUP, "Clip 2 failed"), "Merge without");
        bot.awaitState(annsBook, "DONE");
        RecordingChatPort.Sent film = bot.port.matching(GROUP, s -> s.video() != null).get(0);
        bot.press(BOB, film, "Redo clip 1");
        bot.press(BOB, bot.last(GROUP, "Make clip 1 again"), "Redo clip 1");
        assertThat(bot.last(GROUP, "For Bob:").text()).isEqualTo("For Bob: " + running);

        bot.press(BOB, film, "Regenerate");
        bot.press(BOB, bot.last(GROUP, "Your film:"), "Confirm");
        assertThat(bot.last(GROUP, "For Bob: I can't make the film yet").text()).contains(running);
        assertThat(kling.creates).hasSize(3);
    }
}
