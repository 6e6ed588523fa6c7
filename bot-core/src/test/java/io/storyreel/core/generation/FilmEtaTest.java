package io.storyreel.core.generation;

import io.storyreel.core.storybook.StorybookSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The time a film takes, told from data: this bot's own earlier clips of the model (1.2 to 1.6 s each), the payer's
 * account slots (2) and the merge. Six clips are made by the real engine against a provider whose tasks take times
 * from the same distribution; the forecast given before the start is within 25 % of the time the film took.
 */
class FilmEtaTest {
    private static final long LIMIT = 50L * 1024 * 1024;
    private static final List<Double> RUN_SECONDS = List.of(1.3, 1.5, 1.4, 1.6, 1.2, 1.5);
    @TempDir
    Path dir;
    EngineFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new EngineFixture(dir);
        fx.keys("TELEGRAM:7", "kling");
        fx.settings = fx.settings.withAccountConcurrency(Map.of("kling", 2)).withMergeEstimate(Duration.ofMillis(200));
        // the bot's history: 30 clips of this model, evenly 1.2 to 1.6 s from submit to finished
        String old = fx.storybook("TELEGRAM:9", "kling", StorybookSettings.defaults(), "old");
        long t0 = System.currentTimeMillis() - 3_600_000;
        for (int i = 0; i < 30; i++) {
            long took = 1200 + Math.round(400.0 * i / 29);
            fx.sql("INSERT INTO clip (id, storybook_id, scene_id, position, provider, model, state, created_at, "
                            + "submitted_at, generated_at, updated_at) VALUES (?, ?, 'scene', 1, 'kling', 'fake-1', "
                            + "'DOWNLOADED', ?, ?, ?, ?)", UUID.randomUUID().toString(), old, t0 + i * 10_000L,
                    t0 + i * 10_000L, t0 + i * 10_000L + took, t0 + i * 10_000L + took);
        }
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void theEtaAtConfirmationIsWithinAQuarterOfTheTimeTheFilmTook() throws Exception {
        Map<String, Duration> runs = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        fx.kling.runFor = external -> runs.computeIfAbsent(external,
                e -> Duration.ofMillis(Math.round(RUN_SECONDS.get(next.getAndIncrement() % RUN_SECONDS.size()) * 1000)));
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "1", "2", "3", "4", "5", "6");

        Duration eta = engine.forecast("TELEGRAM:7", "kling", "fake-1", 6).orElseThrow();
        long start = System.nanoTime();
        engine.start(book, LIMIT);
        await().atMost(Duration.ofSeconds(30)).until(() -> fx.listener.films.containsKey(book));
        double actual = (System.nanoTime() - start) / 1e9;

        // three rounds of two clips of about 1.4 s, and the merge: about 4.4 s
        assertThat(eta.toMillis() / 1000.0).as("eta vs actual %.2f s", actual).isBetween(actual * 0.75, actual * 1.25);
        assertThat(fx.kling.maxInFlight.get()).isEqualTo(2);
        // the countdown only counts down while the clips are made, and the summary says how long it took
        List<Duration> left = fx.listener.progress.stream().filter(p -> p.storybookId().equals(book)
                && p.stage() == GenerationListener.Stage.GENERATING).map(GenerationListener.Progress::estimatedTimeLeft).toList();
        assertThat(left).isNotEmpty();
        assertThat(left.get(left.size() - 1)).isLessThan(left.get(0));
        Duration took = fx.listener.summaries.get(book).took();
        assertThat(took.toMillis() / 1000.0).isBetween(actual * 0.5, actual * 1.05);
    }

    @Test
    void theEtaCountsTheClipsAlreadyQueuedOnThePayersAccount() throws Exception {
        fx.kling.hold = true;
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        Duration alone = engine.forecast("TELEGRAM:7", "kling", "fake-1", 2).orElseThrow();
        String first = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "1", "2", "3", "4");
        engine.start(first, LIMIT);
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.kling.inFlight() == 2);
        Duration behind = engine.forecast("TELEGRAM:7", "kling", "fake-1", 2).orElseThrow();
        Duration someoneElse = engine.forecast(null, "kling", "fake-1", 2).orElseThrow();
        // two running and two waiting ahead on two slots: about two more rounds before this film's round
        assertThat(behind.toMillis()).isGreaterThan(alone.toMillis() + 2000);
        assertThat(someoneElse).isEqualTo(alone);
    }
}
