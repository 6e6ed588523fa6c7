package io.storyreel.core.generation;

import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.Jdbc;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker's row in {@code engine_worker}: written when it starts, removed when it stops; and a stop does not wait on a
 * database that has gone away (the pool would hold the delete for its 30 s connection timeout).
 */
class WorkerPresenceTest {

    @Test
    void aStoppingWorkerRemovesItsRowAndDoesNotWaitOnAVanishedDatabase() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        boolean pgOpen = true;
        try (Database db = Database.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", 2)) {
            Jdbc sql = new Jdbc(db.dataSource());
            WorkerPresence first = new WorkerPresence(sql, EngineSettings.defaults().withWorker("worker-1", 1));
            first.start();
            assertThat(first.alive("worker-1")).isTrue();
            first.stop();
            assertThat(first.lastBeat("worker-1")).as("a clean stop removes the row").isEmpty();

            WorkerPresence second = new WorkerPresence(sql, EngineSettings.defaults().withWorker("worker-2", 1));
            second.start();
            assertThat(second.alive("worker-2")).isTrue();
            pg.close();
            pgOpen = false;
            // the pool lets go of its dead connections (as it does once it finds them broken): asked for one now, it
            // tries to open a new one until its connection timeout
            db.dataSource().unwrap(com.zaxxer.hikari.HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
            long before = System.nanoTime();
            second.stop();
            Duration took = Duration.ofNanos(System.nanoTime() - before);
            assertThat(took).as("the stop gives the database %s, not the pool's 30 s", WorkerPresence.REMOVE_WAIT)
                    .isLessThan(WorkerPresence.REMOVE_WAIT.plusSeconds(3));
        } finally {
            if (pgOpen) {
                pg.close();
            }
        }
    }
}
