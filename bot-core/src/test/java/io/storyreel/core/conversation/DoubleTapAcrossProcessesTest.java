package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.generation.PayerLimits;
import io.storyreel.core.keys.MasterKeyset;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.Jdbc;
import io.storyreel.core.testing.FakeVideoProvider;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A double tap that reaches two chat processes at once (each with its own connection pool, engine and conversation,
 * sharing one PostgreSQL, one blob folder and one keyset, as scaled-out chat processes do) is paid for once:
 * Confirm claims the estimate with one conditional update, and Retry and Redo decide under the storybook's row lock
 * against the attempt their button names. Each is pressed in both processes at the same moment, three times over.
 */
class DoubleTapAcrossProcessesTest {
    private static final UserRef ANN = RealEngineBot.user("61", "Ann");
    private static final int ROUNDS = 3;
    static EmbeddedPostgres pg;

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private RealEngineBot a;
    private RealEngineBot b;
    private FakeVideoProvider kling;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private RealEngineBot process(MasterKeyset keyset, BlobStore blobs) {
        Database db = Database.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", 6);
        open.add(db);
        RealEngineBot bot = new RealEngineBot(db, blobs, kling, keyset, Clock.systemUTC(),
                PayerLimits.defaults().withRunningAndFilms(5, 100).withDaily(1000, 0));
        open.add(bot);
        return bot;
    }

    /** The same press, handled by both processes at once. */
    private void doubleTap(ChatEvent.ButtonPressed press) {
        CompletableFuture<Void> first = a.conversation.submit(press);
        CompletableFuture<Void> second = b.conversation.submit(press);
        CompletableFuture.allOf(first, second).join();
    }

    private List<RecordingChatPort.Sent> said(ChatRef chat, String fragment) {
        return Stream.of(a, b).flatMap(p -> p.port.matching(chat, s -> s.text() != null && s.text().contains(fragment))
                .stream()).toList();
    }

    /** Messages that showed {@code fragment} at some point (progress edits the status message later). */
    private List<RecordingChatPort.Sent> everSaid(ChatRef chat, String fragment) {
        return Stream.of(a, b).flatMap(p -> p.port.matching(chat, s -> s.versions().stream()
                .anyMatch(m -> m.text() != null && m.text().contains(fragment))).stream()).toList();
    }

    private RecordingChatPort.Sent newest(ChatRef chat, String fragment) {
        Awaitility.await().atMost(RealEngineBot.WAIT).until(() -> !said(chat, fragment).isEmpty());
        return said(chat, fragment).stream().reduce((x, y) -> Long.parseLong(x.ref().messageId())
                > Long.parseLong(y.ref().messageId()) ? x : y).orElseThrow();
    }

    private int attempts(String book, int position) {
        return new Jdbc(a.db.dataSource()).one("SELECT COUNT(*) FROM clip WHERE storybook_id = ? AND position = ?",
                rs -> rs.getInt(1), book, position).orElse(0);
    }

    @Test
    void aConfirmRetryOrRedoReachingTwoChatProcessesAtOnceIsPaidOnce() {
        kling = FakeVideoProvider.kling();
        MasterKeyset keyset = MasterKeyset.inMemory();
        BlobStore blobs = new BlobStore(dir.resolve("blobs"));
        a = process(keyset, blobs);
        b = process(keyset, blobs);
        assertThat(a.db.vendor()).isEqualTo("postgresql");
        a.keys(ANN);

        for (int round = 1; round <= ROUNDS; round++) {
            // Confirm: one film, two clips, paid once; the other process answers that the button is out of date
            ChatRef chat = RealEngineBot.group("-61" + round);
            a.scenes(chat, ANN, "the lantern " + round, "the moth " + round);
            RecordingChatPort.Sent estimate = a.estimate(chat, ANN);
            int paid = kling.creates.size();
            doubleTap(RealEngineBot.press(chat, ANN, estimate, "Confirm"));
            String film = a.latestBook(chat);
            a.awaitState(film, "DONE");
            assertThat(kling.creates).hasSize(paid + 2);
            assertThat(everSaid(chat, "Starting your film")).hasSize(1);
            assertThat(said(chat, "out of date")).as("a: %s\nb: %s", a.port.texts(chat), b.port.texts(chat)).hasSize(1);

            // Redo clip 1 of the finished film: one new attempt, paid once
            RecordingChatPort.Sent delivered = newest(chat, "Scenes by Ann");
            a.handle(RealEngineBot.press(chat, ANN, delivered, "Redo clip 1"));
            RecordingChatPort.Sent offer = newest(chat, "Make clip 1 again");
            doubleTap(RealEngineBot.press(chat, ANN, offer, "Redo clip 1"));
            Awaitility.await().atMost(RealEngineBot.WAIT).until(() -> said(chat, "Scenes by Ann").size() == 2);
            a.awaitState(film, "DONE");
            assertThat(attempts(film, 1)).isEqualTo(2);
            assertThat(kling.creates).hasSize(paid + 3);

            // Retry a failed clip: one new attempt (which fails again), paid once
            ChatRef other = RealEngineBot.group("-62" + round);
            a.scenes(other, ANN, "the candle " + round, "FAIL the wick " + round);
            a.press(ANN, a.estimate(other, ANN), "Confirm");
            String paused = a.latestBook(other);
            RecordingChatPort.Sent pause = newest(other, "Clip 2 failed");
            a.awaitState(paused, "PAUSED");
            doubleTap(RealEngineBot.press(other, ANN, pause, "Retry clip 2"));
            Awaitility.await().atMost(RealEngineBot.WAIT).until(() -> everSaid(other, "Clip 2 failed").size() == 2);
            assertThat(attempts(paused, 2)).isEqualTo(2);
            assertThat(kling.creates).hasSize(paid + 6);
            a.handle(RealEngineBot.press(other, ANN, newest(other, "Clip 2 failed"), "Cancel"));
        }
    }
}
