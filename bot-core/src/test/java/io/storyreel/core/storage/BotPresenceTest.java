package io.storyreel.core.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On PostgreSQL every running bot holds a shared advisory lock; a command that must run alone takes it exclusively,
 * so it is refused while a bot runs, and a bot starting meanwhile waits. Each {@link Database} here stands for one
 * process: its own pool and its own sessions.
 */
class BotPresenceTest {
    static EmbeddedPostgres pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    private static Database process() {
        return Database.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", 2);
    }

    @Test
    void aRunningBotMakesACommandThatNeedsTheDatabaseAloneFailAndAStartingBotWaitsForTheCommand() throws Exception {
        try (Database bot = process(); Database tool = process(); Database laterBot = process()) {
            BotPresence running = BotPresence.announce(bot);
            assertThatThrownBy(() -> BotPresence.requireAlone(tool, Clock.systemUTC()))
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessage("Storyreel bots are running on this PostgreSQL database (1 process(es) hold its presence lock); stop them first");
            running.close();

            BotPresence alone = BotPresence.requireAlone(tool, Clock.systemUTC());
            CompletableFuture<BotPresence> starting = CompletableFuture.supplyAsync(() -> BotPresence.announce(laterBot));
            assertThatThrownBy(() -> starting.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
            alone.close();
            starting.get(10, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void aWorkerWithAFreshHeartbeatCountsAsRunningEvenWithoutTheLock() throws Exception {
        try (Database tool = process()) {
            Jdbc sql = new Jdbc(tool.dataSource());
            sql.update("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by, last_heartbeat, version) "
                    + "VALUES ('storyreel-clip', 'c1', ?, TRUE, 'old-worker', ?, 1)", Timestamp.from(Instant.now()),
                    Timestamp.from(Instant.now().minusSeconds(5)));
            try {
                assertThatThrownBy(() -> BotPresence.requireAlone(tool, Clock.systemUTC()))
                        .isInstanceOf(DatabaseUnavailableException.class).hasMessageContaining("fresh heartbeat");
                // a worker that died long ago does not hold anything up
                sql.update("UPDATE scheduled_tasks SET last_heartbeat = ?", Timestamp.from(Instant.now().minus(Duration.ofMinutes(30))));
                BotPresence.requireAlone(tool, Clock.systemUTC()).close();
            } finally {
                sql.update("DELETE FROM scheduled_tasks");
            }
        }
    }
}
