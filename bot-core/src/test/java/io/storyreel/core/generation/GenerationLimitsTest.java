package io.storyreel.core.generation;

import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class GenerationLimitsTest {
    @TempDir
    Path dir;
    EngineFixture fx;

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private GenerationLimits limits(Clock clock, PayerLimits l) {
        return new GenerationLimits(fx.db.dataSource(), clock, l);
    }

    /** A clip the payer ordered at {@code at}, estimated at {@code usd}, in {@code state}, with or without a task. */
    private void clip(String book, String payer, Instant at, double usd, String state, String taskId, String reusedFrom) {
        fx.sql("INSERT INTO clip (id, storybook_id, scene_id, position, provider, model, state, estimated_usd, payer_key, "
                        + "provider_task_id, reused_from, created_at, updated_at) VALUES (?, ?, 's', 1, 'kling', 'm', ?, ?, ?, ?, ?, ?, ?)",
                UUID.randomUUID().toString(), book, state, usd, payer, taskId, reusedFrom, at.toEpochMilli(), at.toEpochMilli());
    }

    @Test
    void theDailyCapCountsFilmsStartedSinceMidnightOnTheInjectedClock() throws Exception {
        Instant evening = Instant.parse("2026-03-01T22:00:00Z");
        for (int i = 0; i < 2; i++) {
            String b = fx.storybook("DISCORD:5", "kling", StorybookSettings.defaults(), "x");
            fx.sql("UPDATE storybook SET state = 'DONE', started_at = ? WHERE id = ?", evening.toEpochMilli() - i, b);
        }
        PayerLimits two = PayerLimits.defaults().withRunningAndFilms(5, 2);
        GenerationLimits sameDay = limits(Clock.fixed(evening.plusSeconds(3600), ZoneOffset.UTC), two);
        GenerationLimits nextDay = limits(Clock.fixed(evening.plusSeconds(7300), ZoneOffset.UTC), two);

        assertThat(sameDay.check("DISCORD:5").allowed()).isFalse();
        assertThat(RecordingListener.words(sameDay.check("DISCORD:5").reason()))
                .contains("started 2 films today, your daily limit of 2")
                .contains("It resets at 00:00 UTC, in 1 h.");
        assertThat(nextDay.check("DISCORD:5").allowed()).isTrue();
    }

    @Test
    void runningFilmsCountPausedAndMergingOnesToo() throws Exception {
        String a = fx.storybook("DISCORD:5", "kling", StorybookSettings.defaults(), "x");
        String b = fx.storybook("DISCORD:5", "kling", StorybookSettings.defaults(), "x");
        fx.sql("UPDATE storybook SET state = 'PAUSED' WHERE id = ?", a);
        fx.sql("UPDATE storybook SET state = 'MERGING' WHERE id = ?", b);
        GenerationLimits two = limits(Clock.systemUTC(), PayerLimits.defaults().withRunningAndFilms(2, 100));
        GenerationLimits three = limits(Clock.systemUTC(), PayerLimits.defaults().withRunningAndFilms(3, 100));
        assertThat(RecordingListener.words(two.check("DISCORD:5").reason())).contains("2 films in progress");
        assertThat(three.check("DISCORD:5").allowed()).isTrue();
        // a retry on one of those films is no new film: only the other one counts
        assertThat(two.check("DISCORD:5", GenerationLimits.Order.clip(a, 0.1)).allowed()).isTrue();
    }

    @Test
    void aFilmCountsAsRunningForWhoeverPaysForOneOfItsUnfinishedClips() throws Exception {
        String alices = fx.storybook("TELEGRAM:1", "kling", StorybookSettings.defaults(), "x");
        fx.sql("UPDATE storybook SET state = 'GENERATING' WHERE id = ?", alices);
        GenerationLimits one = limits(Clock.systemUTC(), PayerLimits.defaults());
        assertThat(one.check("TELEGRAM:2").allowed()).isTrue();

        clip(alices, "TELEGRAM:2", Instant.now(), 0.2, "RUNNING", "task-1", null); // Bob pays for one of its clips
        assertThat(RecordingListener.words(one.check("TELEGRAM:2").reason())).contains("already have a film in progress");
        // Bob finishing his clip on Alice's film is not a second film of his
        assertThat(one.check("TELEGRAM:2", GenerationLimits.Order.clip(alices, 0.2)).allowed()).isTrue();
    }

    @Test
    void clipsAndDollarsPerDayCountOrderedClipsButNotReusedOrUnchargedOnes() throws Exception {
        SettableClock clock = SettableClock.at("2026-05-10T21:30:00Z");
        String book = fx.storybook("TELEGRAM:3", "kling", StorybookSettings.defaults(), "x");
        Instant now = clock.instant();
        clip(book, "TELEGRAM:3", now.minusSeconds(60), 1.00, "DOWNLOADED", "t1", null);
        clip(book, "TELEGRAM:3", now.minusSeconds(50), 1.00, "FAILED", "t2", null); // paid, then failed: counts
        clip(book, "TELEGRAM:3", now.minusSeconds(40), 1.00, "CANCELLED", null, null); // never submitted: free
        clip(book, "TELEGRAM:3", now.minusSeconds(30), 1.00, "DOWNLOADED", null, "earlier"); // reused: free
        clip(book, "TELEGRAM:3", Instant.parse("2026-05-09T23:59:00Z"), 5.00, "DOWNLOADED", "t0", null); // yesterday
        PayerLimits l = PayerLimits.defaults().withRunningAndFilms(5, 100).withDaily(3, 2.50);
        GenerationLimits limits = limits(clock, l);

        assertThat(limits.check("TELEGRAM:3", GenerationLimits.Order.clip(book, 0.50)).allowed()).isTrue();
        GenerationLimits.Admission tooMuch = limits.check("TELEGRAM:3", GenerationLimits.Order.clip(book, 0.51));
        assertThat(RecordingListener.words(tooMuch.reason())).isEqualTo("That would bring today's spending to $2.51, "
                + "over your daily limit of $2.50. It resets at 00:00 UTC, in 2 h 30 min.");
        GenerationLimits.Admission tooMany = limits.check("TELEGRAM:3", GenerationLimits.Order.film(null, 2, 0.2));
        assertThat(RecordingListener.words(tooMany.reason())).isEqualTo("That would make 4 clips today, over your "
                + "daily limit of 3 clips. It resets at 00:00 UTC, in 2 h 30 min.");

        clock.advance(Duration.ofMinutes(150)); // midnight: a new day, nothing ordered yet
        assertThat(limits.check("TELEGRAM:3", GenerationLimits.Order.film(null, 3, 2.5)).allowed()).isTrue();
    }

    @Test
    void theDayEndsAtMidnightInTheConfiguredZone() throws Exception {
        // 23:30 in Berlin (UTC+2 in May) is 21:30 UTC: the Berlin day ends in 30 minutes, the UTC day in 2.5 hours
        SettableClock clock = SettableClock.at("2026-05-10T21:30:00Z");
        String book = fx.storybook("TELEGRAM:4", "kling", StorybookSettings.defaults(), "x");
        clip(book, "TELEGRAM:4", Instant.parse("2026-05-10T21:00:00Z"), 1.00, "DOWNLOADED", "t1", null);
        PayerLimits l = PayerLimits.defaults().withRunningAndFilms(5, 100).withDaily(1, 0)
                .withDayZone(ZoneId.of("Europe/Berlin"));
        GenerationLimits limits = limits(clock, l);

        assertThat(RecordingListener.words(limits.check("TELEGRAM:4", GenerationLimits.Order.clip(book, 1)).reason()))
                .endsWith("It resets at 00:00 Europe/Berlin, in 30 min.");
        clock.advance(Duration.ofMinutes(31));
        assertThat(limits.check("TELEGRAM:4", GenerationLimits.Order.clip(book, 1)).allowed()).isTrue();
        assertThat(new LimitDay(ZoneId.of("Europe/Berlin")).start(clock.instant()))
                .isEqualTo(Instant.parse("2026-05-10T22:00:00Z"));
    }
}
