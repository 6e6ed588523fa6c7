package io.storyreel.app.engine;

import io.storyreel.core.storage.Database;
import io.storyreel.sim.kling.KlingSimulator;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.telegram.AnswerHold;
import io.storyreel.sim.telegram.FakeTelegramServer;
import io.storyreel.core.testing.S3Server;
import io.storyreel.sim.telegram.SimMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bot as a separate process, killed with {@code destroyForcibly()} at four points of a film (clips polling, a
 * download in flight, the merge running, the film posted but Telegram's answer held back) and started again on the
 * same data directory: the film still arrives in the chat, never twice by itself (after a kill mid-send the chat is
 * asked, and a tap sends it once), and the Kling simulator's journal shows exactly one paid create per clip. Each kill point is
 * reached by waiting on something observable (the simulator's journal, a download frozen by {@link DownloadGate},
 * the child's own log line), never by sleeping. Each runs with blobs in the data folder and with blobs on S3 (a real
 * S3-compatible server in this JVM; the restarted bot reads the clips it stored before the kill from the bucket).
 */
class CrashResumeTest {
    private static final Duration FILM = Duration.ofSeconds(60);
    private static final String TASK_PATH = "/v1/videos/image2video/";

    @TempDir
    Path data;

    private final List<AutoCloseable> open = new ArrayList<>();
    /** The bucket of the S3 variant; null with blobs in the data folder. */
    private S3Server bucket;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    @ParameterizedTest(name = "blobs on {0}")
    @ValueSource(strings = {"file", "s3"})
    void killedWhileClipsArePollingResumesPollingTheSameTasks(String blobs) throws Exception {
        useBlobs(blobs);
        KlingSimulator kling = keep(KlingSimulator.start(SimSettings.fast().withClipSeconds(1)));
        FakeTelegramServer telegram = keep(FakeTelegramServer.start());
        // long enough that the kill, seen right after every task's first poll, lands before any task finishes
        kling.faults().taskDuration(Duration.ofSeconds(8));
        FilmUser alex = new FilmUser(telegram, 501, "Alex");

        BotProcess bot = keep(startBot("polling-1", telegram, kling.baseUrl()));
        alex.orderFilm(kling, 2);
        await().atMost(FILM).until(() -> createdTasks(kling).size() == 2
                && createdTasks(kling).stream().allMatch(t -> polls(kling, t) >= 1));
        bot.kill();
        forgetLocalBlobs();

        assertThat(downloads(kling)).as("no clip was finished, let alone fetched, before the kill").isEmpty();
        Set<String> before = createdTasks(kling);
        keep(startBot("polling-2", telegram, kling.baseUrl()));

        assertFilmOnce(alex, kling, 2);
        assertThat(createdTasks(kling)).isEqualTo(before);
        assertThat(before).allMatch(t -> polls(kling, t) >= 2, "polled again after the restart");
    }

    @ParameterizedTest(name = "blobs on {0}")
    @ValueSource(strings = {"file", "s3"})
    void killedDuringADownloadFetchesThatClipAgainWithoutResubmitting(String blobs) throws Exception {
        useBlobs(blobs);
        KlingSimulator kling = keep(KlingSimulator.start(SimSettings.fast().withClipSeconds(1)));
        FakeTelegramServer telegram = keep(FakeTelegramServer.start());
        DownloadGate gate = keep(new DownloadGate(kling.baseUrl()));
        gate.holdNextDownload();
        FilmUser sam = new FilmUser(telegram, 502, "Sam");

        BotProcess bot = keep(startBot("download-1", telegram, gate.baseUrl()));
        sam.orderFilm(kling, 2);
        gate.awaitHeld(FILM);
        bot.kill();
        forgetLocalBlobs();
        gate.release();

        Map<String, String> states = clipStates();
        assertThat(states).as("clip states at the kill").hasSize(2).containsValue("SUCCEEDED");
        Set<String> alreadyDownloaded = states.entrySet().stream().filter(e -> e.getValue().equals("DOWNLOADED"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        keep(startBot("download-2", telegram, gate.baseUrl()));

        assertFilmOnce(sam, kling, 2);
        for (String task : alreadyDownloaded) {
            assertThat(downloads(kling)).as("a clip stored before the kill is not fetched again").containsOnlyOnce(task);
        }
    }

    @ParameterizedTest(name = "blobs on {0}")
    @ValueSource(strings = {"file", "s3"})
    void killedDuringTheMergeMergesAgainFromTheStoredClips(String blobs) throws Exception {
        useBlobs(blobs);
        // longer clips and three of them: the re-encoding merge takes seconds, the kill comes milliseconds after it starts
        KlingSimulator kling = keep(KlingSimulator.start(SimSettings.fast().withClipSeconds(3)));
        FakeTelegramServer telegram = keep(FakeTelegramServer.start());
        FilmUser kim = new FilmUser(telegram, 503, "Kim");

        BotProcess bot = keep(startBot("merge-1", telegram, kling.baseUrl()));
        kim.orderFilm(kling, 3);
        bot.awaitLog(l -> l.contains(": merging 3 clip(s)"), FILM);
        bot.kill();
        forgetLocalBlobs();

        assertThat(single("SELECT state FROM storybook")).as("killed mid-merge").isEqualTo("MERGING");
        assertThat(single("SELECT COUNT(*) FROM film")).isEqualTo("0");
        assertThat(clipStates().values()).containsOnly("DOWNLOADED");
        BotProcess again = keep(startBot("merge-2", telegram, kling.baseUrl()));

        assertFilmOnce(kim, kling, 3);
        assertThat(downloads(kling)).as("one download per clip: the merge restarts from the stored clips")
                .hasSize(3).doesNotHaveDuplicates();
        // the video reaches the chat a moment before the engine records the delivery; stop after that
        again.awaitLog(l -> l.contains("delivered"), FILM);
        again.close();
        assertThat(single("SELECT merge_path FROM film")).isIn("copy", "normalise", "fit");
        assertThat(single("SELECT state FROM storybook")).isEqualTo("DONE");
        if (bucket != null) {
            assertThat(bucket.keys()).as("the film and its clips are objects in the bucket")
                    .contains(single("SELECT blob FROM film")).containsAll(clipBlobs());
        }
    }

    @Test
    void killedWhileTelegramHoldsTheAnswerToTheFilmAsksBeforeSendingItAgainAndSendsItOnce() throws Exception {
        KlingSimulator kling = keep(KlingSimulator.start(SimSettings.fast().withClipSeconds(1)));
        FakeTelegramServer telegram = keep(FakeTelegramServer.start());
        FilmUser lee = new FilmUser(telegram, 504, "Lee");
        // Telegram takes the film and posts it, but its answer never reaches the bot: the bot dies waiting for it
        AnswerHold hold = telegram.faults().holdNextVideoAnswer();

        BotProcess bot = keep(startBot("send-1", telegram, kling.baseUrl(), ACK));
        lee.orderFilm(kling, 2);
        hold.awaitHeld(FILM);
        bot.kill();
        hold.release();
        assertThat(lee.films()).as("the film reached the chat before the kill").hasSize(1);
        assertThat(single("SELECT delivery_state FROM film")).as("recorded before the upload").isEqualTo("SENDING");

        BotProcess restarted = keep(startBot("send-2", telegram, kling.baseUrl(), ACK));
        SimMessage prompt = telegram.awaitBotMessage(lee.chat, m -> m.textOrCaption().contains("may already be above"),
                FILM);
        assertThat(lee.films()).as("not sent again by itself").hasSize(1);
        assertThat(prompt.messageId()).isGreaterThan(lee.films().get(0).messageId());
        // the film's status message (progress edits are calm: "Uploading…" may have been replaced before shown)
        SimMessage status = telegram.botMessages(lee.chat).stream().filter(m -> !m.history().isEmpty()
                && m.history().get(0).startsWith("🎬 Starting your film")).findFirst().orElseThrow();
        assertThat(status.text()).as("the status message ends").contains("interrupted").doesNotContain("Uploading");
        assertThat(status.buttons()).as("no live Cancel button").isEmpty();

        // a double tap sends it once
        String sendAgain = prompt.buttons().get(0).get(0).callbackData();
        telegram.pressButton(lee.chat, lee.user, prompt.messageId(), sendAgain);
        telegram.pressButton(lee.chat, lee.user, prompt.messageId(), sendAgain);
        await().atMost(FILM).until(() -> lee.films().size() == 2);
        SimMessage resent = lee.films().get(1);
        assertThat(resent.video()).isEqualTo(lee.films().get(0).video());
        assertThat(telegram.awaitBotMessage(lee.chat, m -> m.messageId() == prompt.messageId()
                && m.textOrCaption().contains("Sending your film again"), FILM).buttons()).isEmpty();
        // longer than the acknowledgement timeout: nothing more is sent
        Thread.sleep(ACK_MS + 2000);
        assertThat(lee.films()).hasSize(2);
        restarted.awaitLog(l -> l.contains("delivered"), FILM);
        restarted.close();
        assertThat(single("SELECT delivery_state FROM film")).isEqualTo("DELIVERED");
        assertThat(single("SELECT state FROM storybook WHERE id = (SELECT storybook_id FROM film)")).isEqualTo("DONE");
        assertThat(kling.journal().creates()).as("one paid create per clip").isEqualTo(2);
        assertThat(createdTasks(kling)).hasSize(2);
    }

    // ---------------------------------------------------------------- helpers

    private void useBlobs(String blobs) {
        if (blobs.equals("s3")) {
            bucket = keep(S3Server.start("storyreel-crash"));
        }
    }

    /**
     * With S3, the restarted bot comes back on a machine without the local copies (as a replacement machine would):
     * every photo and clip it needs is fetched from the bucket.
     */
    private void forgetLocalBlobs() throws java.io.IOException {
        if (bucket == null) {
            return;
        }
        java.nio.file.Path local = data.resolve("blobs");
        try (var dirs = java.nio.file.Files.list(local)) {
            for (java.nio.file.Path d : dirs.filter(p -> p.getFileName().toString().length() == 2).toList()) {
                try (var files = java.nio.file.Files.walk(d)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static final long ACK_MS = 5000;
    /** A film whose upload got no answer for this long is offered again; short, so the test need not wait long. */
    private static final Map<String, String> ACK = Map.of("STORYREEL_ENGINE_DELIVERY_ACK_TIMEOUT_MS",
            Long.toString(ACK_MS));

    private BotProcess startBot(String name, FakeTelegramServer telegram, String klingUrl) {
        return startBot(name, telegram, klingUrl, Map.of());
    }

    private BotProcess startBot(String name, FakeTelegramServer telegram, String klingUrl, Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(childEnv(telegram.token()));
        if (bucket != null) {
            env.putAll(bucket.env());
        }
        env.putAll(extra);
        return BotProcess.start(name + (bucket != null ? "-s3" : ""), env,
                "--data-dir", data.toString(), "--telegram-api-url", telegram.baseUrl(), "--kling-base-url", klingUrl);
    }

    /**
     * Short engine timings so a dead process's picked tasks are taken over within about two seconds. Clips are polled
     * on the fixed schedule (300 ms after the submit, then up to every second): the adaptive one expects a real
     * provider's minutes and would first look up to four seconds after the submit of a clip the simulator makes in a few.
     */
    static Map<String, String> childEnv(String telegramToken) {
        return Map.of("STORYREEL_TELEGRAM_TOKEN", telegramToken, "STORYREEL_OPS_PORT", "0",
                "STORYREEL_ENGINE_SCHEDULER_POLLING_MS", "200",
                "STORYREEL_ENGINE_HEARTBEAT_MS", "500",
                "STORYREEL_ENGINE_MISSED_HEARTBEATS", "4",
                "STORYREEL_ENGINE_FIRST_POLL_MS", "300",
                "STORYREEL_ENGINE_MAX_POLL_MS", "1000",
                "STORYREEL_ENGINE_POLL_SCHEDULE", "fixed");
    }

    private void assertFilmOnce(FilmUser user, KlingSimulator kling, int clips) {
        try {
            user.awaitFilm(FILM);
        } catch (AssertionError e) {
            throw new AssertionError("no film; journal: " + kling.journal().calls(), e);
        }
        assertThat(user.films()).as("the film arrives exactly once").hasSize(1);
        assertThat(user.films().get(0).video().length).isGreaterThan(1000);
        assertThat(kling.journal().creates()).as("one paid create per clip").isEqualTo(clips);
        assertThat(createdTasks(kling)).hasSize(clips);
        for (CallJournal.Call c : kling.journal().calls()) {
            if (c.created()) {
                assertThat(kling.journal().createsForExternalId(c.externalTaskId())).isEqualTo(1);
            }
        }
    }

    static Set<String> createdTasks(KlingSimulator kling) {
        return kling.journal().calls().stream().filter(CallJournal.Call::created).map(CallJournal.Call::taskId)
                .collect(Collectors.toSet());
    }

    static long polls(KlingSimulator kling, String taskId) {
        return kling.journal().calls().stream().filter(c -> c.method().equals("GET") && c.path().startsWith(TASK_PATH)
                && taskId.equals(c.taskId()) && c.httpStatus() == 200).count();
    }

    /** Task ids of the completed clip downloads, one entry per download. */
    static List<String> downloads(KlingSimulator kling) {
        return kling.journal().calls().stream().filter(c -> c.path().endsWith(".mp4") && c.httpStatus() == 200)
                .map(CallJournal.Call::taskId).toList();
    }

    /** provider task id → clip state, read from the dead bot's H2 database. */
    private Map<String, String> clipStates() throws Exception {
        try (Database db = Database.open(Database.h2Url(data), "", "", 2);
             Connection c = db.dataSource().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT provider_task_id, state FROM clip")) {
            Map<String, String> out = new java.util.HashMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
            return out;
        }
    }

    private List<String> clipBlobs() throws Exception {
        try (Database db = Database.open(Database.h2Url(data), "", "", 2);
             Connection c = db.dataSource().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT blob FROM clip WHERE blob IS NOT NULL")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private String single(String query) throws Exception {
        try (Database db = Database.open(Database.h2Url(data), "", "", 2);
             Connection c = db.dataSource().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(query)) {
            assertThat(rs.next()).as(query).isTrue();
            return rs.getString(1);
        }
    }
}
