package io.storyreel.core.generation;

import io.storyreel.core.storybook.StorybookSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A film handed to a process's chat lane and never marked SENDING: when that process is gone (killed: its worker's
 * beat goes stale), another worker hands it over again at once, well before the delivery ack timeout (ten minutes
 * here, the default); while it lives, the film is left with it.
 */
class HandedToADeadWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long LIMIT = 50L * 1024 * 1024;
    @TempDir
    Path dir;
    EngineFixture fx;
    EngineSettings base;

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir);
        fx.keys("TELEGRAM:7", "kling");
        base = fx.settings;
        assertThat(base.deliveryAckTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    /** Worker A makes the film and hands it to its own chat lane, which never sends it (its process dies first). */
    private DbSchedulerGenerationEngine filmHandedToA(String book) throws Exception {
        fx.listener.silentLeft.set(1);
        fx.settings = base.withWorker("worker-a", 4);
        DbSchedulerGenerationEngine a = fx.engine();
        a.startWorkers();
        a.start(book, LIMIT);
        await().atMost(WAIT).until(() -> fx.listener.deliveries.get() == 1);
        assertThat(fx.single("SELECT delivery_state FROM film")).isEqualTo("HANDED_OVER");
        assertThat(fx.single("SELECT handed_over_to FROM film")).isEqualTo("worker-a");
        return a;
    }

    private DbSchedulerGenerationEngine workerB() {
        fx.settings = base.withWorker("worker-b", 4);
        DbSchedulerGenerationEngine b = fx.engine();
        b.startWorkers();
        return b;
    }

    @Test
    void aFilmHandedToAKilledWorkerIsHandedOverAgainAtOnceAndDeliveredOnce() throws Exception {
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "a", "b");
        DbSchedulerGenerationEngine a = filmHandedToA(book);
        // killed: it stops beating, and its last beat stays behind (a clean stop would remove it)
        String lastBeat = fx.single("SELECT heartbeat_at FROM engine_worker WHERE name = 'worker-a'");
        a.stop();
        fx.sql("INSERT INTO engine_worker (name, heartbeat_at) VALUES (?, ?)", "worker-a", Long.parseLong(lastBeat));
        long killed = System.nanoTime();

        workerB();
        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        Duration took = Duration.ofNanos(System.nanoTime() - killed);
        Duration deadAfter = base.heartbeat().multipliedBy(base.missedHeartbeats());
        assertThat(took).as("about the dead-worker detection time (%s), not the ack timeout", deadAfter)
                .isLessThan(deadAfter.multipliedBy(4));
        assertThat(fx.listener.deliveries.get()).as("handed over twice").isEqualTo(2);
        assertThat(fx.listener.sends.get()).as("uploaded once").isEqualTo(1);
        assertThat(fx.single("SELECT delivery_state FROM film")).isEqualTo("DELIVERED");
        assertThat(fx.single("SELECT handed_over_to FROM film")).isEqualTo("worker-b");
        assertThat(fx.single("SELECT delivery_attempts FROM film")).as("the chat never failed").isEqualTo("0");
        assertThat(fx.state(book)).isEqualTo("DONE");
    }

    @Test
    void aFilmHandedToALiveWorkerIsLeftWithItUntilItStops() throws Exception {
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "a");
        DbSchedulerGenerationEngine a = filmHandedToA(book);
        workerB();
        Duration deadAfter = base.heartbeat().multipliedBy(base.missedHeartbeats());
        // three times the dead-worker detection time: both workers look at the film, and leave it with A
        Thread.sleep(deadAfter.multipliedBy(3).toMillis());
        assertThat(fx.listener.deliveries.get()).as("not handed over again").isEqualTo(1);
        assertThat(fx.single("SELECT delivery_state FROM film")).isEqualTo("HANDED_OVER");
        assertThat(fx.single("SELECT handed_over_to FROM film")).isEqualTo("worker-a");

        // A stops (its row goes): the film is handed over again at once
        a.stop();
        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.listener.deliveries.get()).isEqualTo(2);
        assertThat(fx.listener.sends.get()).isEqualTo(1);
        assertThat(fx.single("SELECT handed_over_to FROM film")).isEqualTo("worker-b");
    }
}
