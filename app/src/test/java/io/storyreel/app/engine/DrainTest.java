package io.storyreel.app.engine;

import io.storyreel.sim.kling.KlingSimulator;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.telegram.FakeTelegramServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Graceful drain, with real processes on one PostgreSQL: a bot ({@code role all}) takes an order and submits the clips;
 * a second worker starts; the first gets SIGTERM while its clips are still at the provider. It stops taking work,
 * lets its running steps end, and exits well within {@code shutdown.grace-seconds} plus the closing margin; the
 * second worker polls, downloads, merges and delivers the film, with exactly one paid create per clip.
 */
class DrainTest {
    private static final int GRACE_SECONDS = 5;
    /** The exit deadline the operator is promised: the grace plus RunCommand's closing margin (15 s). */
    private static final Duration EXIT_DEADLINE = Duration.ofSeconds(GRACE_SECONDS + 15);

    @TempDir
    Path data;

    @Test
    void sigtermDuringGenerationDrainsAndAnotherWorkerDeliversTheFilm() throws Exception {
        List<BotProcess> bots = new ArrayList<>();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             KlingSimulator kling = KlingSimulator.start(SimSettings.fast().withClipSeconds(1));
             FakeTelegramServer telegram = FakeTelegramServer.start()) {
            kling.faults().taskDuration(Duration.ofSeconds(5));
            Map<String, String> env = new HashMap<>(CrashResumeTest.childEnv(telegram.token()));
            env.put("STORYREEL_DATABASE_URL", pg.getJdbcUrl("postgres", "postgres"));
            env.put("STORYREEL_DATABASE_USER", "postgres");
            env.put("STORYREEL_SHUTDOWN_GRACE_SECONDS", Integer.toString(GRACE_SECONDS));
            // the adaptive schedule looks at a clip 4 s after its submit and 4 s later again: the first bot must not
            // notice the 5 s clips done while the second worker starts (seconds on a loaded machine)
            env.put("STORYREEL_ENGINE_POLL_SCHEDULE", "adaptive");
            String[] common = {"--data-dir", data.toString(), "--telegram-api-url", telegram.baseUrl(),
                    "--kling-base-url", kling.baseUrl()};

            BotProcess first = BotProcess.start("drain-all", env, common);
            bots.add(first);
            FilmUser zoe = new FilmUser(telegram, 801, "Zoe");
            zoe.orderFilm(kling, 3);
            first.awaitLog(l -> l.contains("clip 3: submitted") || first.countLog(x -> x.contains(": submitted to kling")) >= 3,
                    Duration.ofSeconds(60));
            BotProcess second = BotProcess.start("drain-worker", env, with(common, "--role", "worker"));
            bots.add(second);

            Duration exit = first.terminate(EXIT_DEADLINE);
            assertThat(exit).as("exit after SIGTERM").isLessThan(EXIT_DEADLINE);
            assertThat(first.log()).anyMatch(l -> l.contains("Storyreel draining"))
                    .anyMatch(l -> l.contains("Generation worker") && l.contains("stopped after"))
                    .anyMatch(l -> l.contains("Storyreel stopped after"));
            assertThat(first.log()).as("the clips were still at the provider when the first bot left")
                    .noneMatch(l -> l.contains(": downloaded"));

            try {
                zoe.awaitFilm(Duration.ofSeconds(90));
            } catch (AssertionError e) {
                throw new AssertionError("no film:\n" + zoe.transcript() + "\njournal: " + kling.journal().calls(), e);
            }
            assertThat(zoe.films()).as("one film").hasSize(1);
            second.awaitLog(l -> l.contains("delivered"), Duration.ofSeconds(30));
            assertThat(second.countLog(l -> l.contains(": downloaded"))).as("the second worker fetched the clips").isEqualTo(3);
            assertThat(kling.journal().creates()).as("one paid create per clip").isEqualTo(3);
            Set<String> external = kling.journal().calls().stream().filter(CallJournal.Call::created)
                    .map(CallJournal.Call::externalTaskId).collect(Collectors.toSet());
            assertThat(external).hasSize(3);
        } finally {
            for (BotProcess p : bots) {
                p.close();
            }
        }
    }

    @Test
    void aStepRunningAtSigtermReachesItsDurablePointBeforeTheProcessExits() throws Exception {
        List<BotProcess> bots = new ArrayList<>();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             KlingSimulator kling = KlingSimulator.start(SimSettings.fast().withClipSeconds(1));
             FakeTelegramServer telegram = FakeTelegramServer.start();
             DownloadGate gate = new DownloadGate(kling.baseUrl())) {
            kling.faults().taskDuration(Duration.ofSeconds(2));
            Map<String, String> env = new HashMap<>(CrashResumeTest.childEnv(telegram.token()));
            env.put("STORYREEL_DATABASE_URL", pg.getJdbcUrl("postgres", "postgres"));
            env.put("STORYREEL_DATABASE_USER", "postgres");
            env.put("STORYREEL_SHUTDOWN_GRACE_SECONDS", Integer.toString(GRACE_SECONDS));
            String[] common = {"--data-dir", data.toString(), "--telegram-api-url", telegram.baseUrl(),
                    "--kling-base-url", gate.baseUrl()};
            gate.holdNextDownload();

            BotProcess first = BotProcess.start("drain-step-all", env, common);
            bots.add(first);
            FilmUser yan = new FilmUser(telegram, 802, "Yan");
            yan.orderFilm(kling, 2);
            gate.awaitHeld(Duration.ofSeconds(60)); // a download step is running, half its bytes in
            BotProcess second = BotProcess.start("drain-step-worker", env, with(common, "--role", "worker"));
            bots.add(second);

            java.util.concurrent.CompletableFuture<Duration> exit = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return first.terminate(EXIT_DEADLINE);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            first.awaitLog(l -> l.contains("Storyreel draining"), Duration.ofSeconds(10));
            Thread.sleep(1500); // the held step is still running, inside the grace
            gate.release();
            assertThat(exit.get(30, java.util.concurrent.TimeUnit.SECONDS)).isLessThan(EXIT_DEADLINE);

            List<String> log = first.log();
            int drainAt = indexOf(log, "Storyreel draining", 0);
            int downloadedAt = indexOf(log, ": downloaded", drainAt + 1);
            assertThat(downloadedAt).as("the running download finished and was recorded during the drain")
                    .isGreaterThan(drainAt);
            assertThat(indexOf(log, "Storyreel stopped after", 0)).isGreaterThan(downloadedAt);

            yan.awaitFilm(Duration.ofSeconds(90));
            assertThat(yan.films()).hasSize(1);
            assertThat(kling.journal().creates()).as("one paid create per clip").isEqualTo(2);
            assertThat(CrashResumeTest.downloads(kling)).as("the clip stored during the drain is not fetched again")
                    .hasSize(2).doesNotHaveDuplicates();
        } finally {
            for (BotProcess p : bots) {
                p.close();
            }
        }
    }

    /** The index of the first line from {@code from} on that contains {@code fragment}, or -1. */
    private static int indexOf(List<String> lines, String fragment, int from) {
        for (int i = Math.max(0, from); i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }

    private static String[] with(String[] common, String... more) {
        List<String> all = new ArrayList<>(List.of(common));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
