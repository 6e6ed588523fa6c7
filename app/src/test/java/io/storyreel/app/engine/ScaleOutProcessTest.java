package io.storyreel.app.engine;

import io.storyreel.sim.kling.KlingSimulator;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.telegram.FakeTelegramServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.storyreel.core.keys.MasterKeyset;
import io.storyreel.core.testing.S3Server;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
 *
 * <p>With blobs on S3 ({@code storage.blobs: s3}, a real S3-compatible server in this JVM) the processes share nothing
 * but the database and the bucket: each has its own data folder, and the master keyset comes from the environment,
 * as on separate machines.
 */
class ScaleOutProcessTest {
    private static final Pattern SUBMITTED = Pattern.compile("Storybook (\\S+) clip (\\d+): submitted");
    private static final Pattern DOWNLOADED = Pattern.compile("Storybook (\\S+) clip (\\d+): downloaded");
    private static final int USERS = 10;

    @TempDir
    Path data;

    @ParameterizedTest(name = "blobs on {0}")
    @ValueSource(strings = {"file", "s3"})
    void twoWorkersAndAChatProcessDeliverTenFilmsWhenOneWorkerIsKilled(String blobs) throws Exception {
        ExecutorService users = Executors.newFixedThreadPool(USERS);
        List<BotProcess> bots = new ArrayList<>();
        boolean s3 = blobs.equals("s3");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             KlingSimulator kling = KlingSimulator.start(SimSettings.fast().withClipSeconds(1));
             FakeTelegramServer telegram = FakeTelegramServer.start();
             S3Server bucket = s3 ? S3Server.start("storyreel-scale") : null) {
            // clips stay in flight for a while, so the worker dies holding submitted, unfinished work
            kling.faults().taskDuration(Duration.ofSeconds(3));
            Map<String, String> env = new HashMap<>(CrashResumeTest.childEnv(telegram.token()));
            env.put("STORYREEL_DATABASE_URL", pg.getJdbcUrl("postgres", "postgres"));
            env.put("STORYREEL_DATABASE_USER", "postgres");
            env.put("STORYREEL_DATABASE_PASSWORD", "");
            // the killed worker may already have merged a film and handed it to its own chat lane (one-model films
            // merge by copy within a second); the other worker hands it over again once the killed one's heartbeat is
            // stale (2 s here), with the delivery ack timeout left at its default, ten minutes
            if (s3) {
                env.putAll(bucket.env());
                env.put("STORYREEL_MASTER_KEYSET", sharedKeyset());
            }
            String[] common = {"--telegram-api-url", telegram.baseUrl(), "--kling-base-url", kling.baseUrl()};

            // the chat process first: it runs the migrations
            BotProcess chat = BotProcess.start("scale-chat-" + blobs, env, with(common, "--role", "chat",
                    "--data-dir", dataDir(s3, "chat")));
            bots.add(chat);
            CompletableFuture<BotProcess> a = CompletableFuture.supplyAsync(() -> BotProcess.start(
                    "scale-worker-a-" + blobs, env, with(common, "--role", "worker", "--data-dir", dataDir(s3, "a"))));
            CompletableFuture<BotProcess> b = CompletableFuture.supplyAsync(() -> BotProcess.start(
                    "scale-worker-b-" + blobs, env, with(common, "--role", "worker", "--data-dir", dataDir(s3, "b"))));
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
            if (s3) {
                // every photo, clip and film the rows name is an object in the bucket (identical bytes once: every
                // user sent the same sample photos), and no folder was shared
                List<String> named = new ArrayList<>();
                try (java.sql.Connection c = pg.getPostgresDatabase().getConnection();
                     java.sql.Statement st = c.createStatement();
                     java.sql.ResultSet rs = st.executeQuery("SELECT image_blob FROM scene UNION SELECT blob FROM clip "
                             + "WHERE blob IS NOT NULL UNION SELECT blob FROM film")) {
                    while (rs.next()) {
                        named.add(rs.getString(1));
                    }
                }
                assertThat(named).hasSizeGreaterThanOrEqualTo(3);
                assertThat(bucket.keys()).as("objects in the bucket").containsAll(named);
                assertThat(data.resolve("shared")).doesNotExist();
            }
        } finally {
            for (BotProcess p : bots) {
                p.close();
            }
            users.shutdownNow();
        }
    }

    /** One shared data folder (a shared volume) with file blobs; one folder per process (per machine) with S3. */
    private String dataDir(boolean s3, String process) {
        return data.resolve(s3 ? "machine-" + process : "shared").toString();
    }

    /** The master keyset the processes share through the environment when they share no folder. */
    private String sharedKeyset() throws java.io.IOException {
        java.nio.file.Path file = data.resolve("keyset-maker").resolve("master-keyset.json");
        java.nio.file.Files.createDirectories(file.getParent());
        MasterKeyset.load(file, "STORYREEL_MASTER_KEYSET", null);
        return java.nio.file.Files.readString(file);
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
