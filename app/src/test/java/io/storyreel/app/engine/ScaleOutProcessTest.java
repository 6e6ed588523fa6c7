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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out with real processes on one embedded PostgreSQL: a chat process ({@code --role chat}, receives the
 * updates and schedules work) and two workers ({@code --role worker}, run the clips, merges and deliveries) share
 * one data directory (blobs and master keyset, as a shared volume would in production). Ten users order a film
 * each; one worker is killed with {@code destroyForcibly()} right after it has submitted clips of its own. Every
 * film arrives once, every clip was created once, and clips the dead worker submitted were finished by the other.
 */
class ScaleOutProcessTest {
    private static final Pattern SUBMITTED = Pattern.compile("Storybook (\\S+) clip (\\d+): submitted");
    private static final Pattern DOWNLOADED = Pattern.compile("Storybook (\\S+) clip (\\d+): downloaded");
    private static final int USERS = 10;

    @TempDir
    Path data;

    @Test
    void twoWorkersAndAChatProcessDeliverTenFilmsWhenOneWorkerIsKilled() throws Exception {
        ExecutorService users = Executors.newFixedThreadPool(USERS);
        List<BotProcess> bots = new ArrayList<>();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             KlingSimulator kling = KlingSimulator.start(SimSettings.fast().withClipSeconds(1));
             FakeTelegramServer telegram = FakeTelegramServer.start()) {
            // clips stay in flight for a while, so the worker dies holding submitted, unfinished work
            kling.faults().taskDuration(Duration.ofSeconds(3));
            Map<String, String> env = new HashMap<>(CrashResumeTest.childEnv(telegram.token()));
            env.put("STORYREEL_DATABASE_URL", pg.getJdbcUrl("postgres", "postgres"));
            env.put("STORYREEL_DATABASE_USER", "postgres");
            env.put("STORYREEL_DATABASE_PASSWORD", "");
            String[] common = {"--data-dir", data.toString(), "--telegram-api-url", telegram.baseUrl(),
                    "--kling-base-url", kling.baseUrl()};

            // the chat process first: it runs the migrations
            BotProcess chat = BotProcess.start("scale-chat", env, with(common, "--role", "chat"));
            bots.add(chat);
            CompletableFuture<BotProcess> a = CompletableFuture.supplyAsync(
                    () -> BotProcess.start("scale-worker-a", env, with(common, "--role", "worker")));
            CompletableFuture<BotProcess> b = CompletableFuture.supplyAsync(
                    () -> BotProcess.start("scale-worker-b", env, with(common, "--role", "worker")));
            BotProcess workerA = a.join();
            bots.add(workerA);
            BotProcess workerB = b.join();
            bots.add(workerB);

            List<FilmUser> people = new ArrayList<>();
            List<CompletableFuture<Void>> orders = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                FilmUser u = new FilmUser(telegram, 700 + i, "User" + i);
                people.add(u);
                orders.add(CompletableFuture.runAsync(() -> u.orderFilm(kling, 2), users));
            }
            CompletableFuture.allOf(orders.toArray(CompletableFuture[]::new)).join();

            workerA.awaitLog(l -> SUBMITTED.matcher(l).find() && workerA.countLog(x -> SUBMITTED.matcher(x).find()) >= 2,
                    Duration.ofSeconds(60));
            workerA.kill();
            Set<String> orphaned = clips(workerA, SUBMITTED);
            orphaned.removeAll(clips(workerA, DOWNLOADED));
            assertThat(orphaned).as("clips the dead worker submitted but did not finish").isNotEmpty();

            for (FilmUser u : people) {
                try {
                    u.awaitFilm(Duration.ofSeconds(90));
                } catch (AssertionError e) {
                    throw new AssertionError("no film for " + u.user.firstName() + ":\n" + u.transcript(), e);
                }
            }
            for (FilmUser u : people) {
                assertThat(u.films()).as("one film for " + u.user.firstName()).hasSize(1);
            }
            assertThat(kling.journal().creates()).as("one paid create per clip").isEqualTo(USERS * 2);
            Set<String> externalIds = kling.journal().calls().stream().filter(CallJournal.Call::created)
                    .map(CallJournal.Call::externalTaskId).collect(Collectors.toSet());
            assertThat(externalIds).hasSize(USERS * 2);
            assertThat(clips(workerB, DOWNLOADED)).as("the live worker finished the dead one's clips").containsAll(orphaned);
            assertThat(chat.countLog(l -> SUBMITTED.matcher(l).find())).as("the chat role runs no generation").isZero();
        } finally {
            for (BotProcess p : bots) {
                p.close();
            }
            users.shutdownNow();
        }
    }

    private static String[] with(String[] common, String... more) {
        List<String> all = new ArrayList<>(List.of(common));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** "storybook#position" of every log line matching {@code p}. */
    private static Set<String> clips(BotProcess p, Pattern pattern) {
        Set<String> out = new java.util.HashSet<>();
        for (String l : p.log()) {
            Matcher m = pattern.matcher(l);
            if (m.find()) {
                out.add(m.group(1) + "#" + m.group(2));
            }
        }
        return out;
    }
}
