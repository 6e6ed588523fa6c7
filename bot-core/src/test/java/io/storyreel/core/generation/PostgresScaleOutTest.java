package io.storyreel.core.generation;

import io.storyreel.core.storage.Jdbc;

import io.storyreel.core.storage.Database;
import io.storyreel.core.storybook.StorybookSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The migrations and the engine on a real PostgreSQL: two workers share ten storybooks, and tasks that a dead
 * worker had picked (stale heartbeat) are revived by the live ones. Killing real processes is the crash test in
 * the app module; here the dead worker is its rows in {@code scheduled_tasks}.
 */
class PostgresScaleOutTest {
    static EmbeddedPostgres pg;
    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @Test
    void twoWorkersShareTenStorybooksAndReviveADeadWorkersTasks() throws Exception {
        Database db = Database.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", 10);
        assertThat(db.vendor()).isEqualTo("postgresql");
        try (EngineFixture fx = new EngineFixture(dir, db)) {
            fx.settings = fx.settings.withAccountConcurrency(Map.of("kling", 3, "minimax", 3));
            fx.kling.pollsToFinish = 3;
            DbSchedulerGenerationEngine chat = fx.engine();
            List<String> books = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fx.keys("TELEGRAM:" + i, "kling");
                String b = fx.storybook("TELEGRAM:" + i, "kling", StorybookSettings.defaults(), "one " + i, "two " + i, "three " + i);
                chat.start(b, 50L * 1024 * 1024);
                books.add(b);
            }
            // a worker that died holding executions: picked, heartbeat long stale
            int ghosts = new Jdbc(db.dataSource()).update("UPDATE scheduled_tasks SET picked = TRUE, picked_by = 'dead-worker', "
                    + "last_heartbeat = ? WHERE task_name = ? AND task_instance IN (SELECT c.id FROM clip c WHERE c.position = 1)",
                    Timestamp.from(Instant.now().minus(Duration.ofHours(1))), DbSchedulerGenerationEngine.CLIP_TASK);
            assertThat(ghosts).isEqualTo(10);

            fx.settings = fx.settings.withWorker("worker-a", 3);
            fx.engine().startWorkers();
            fx.settings = fx.settings.withWorker("worker-b", 3);
            fx.engine().startWorkers();

            await().atMost(Duration.ofSeconds(60)).until(() -> books.stream().allMatch(fx.listener.films::containsKey));
            assertThat(fx.kling.creates).hasSize(30).doesNotHaveDuplicates();
            assertThat(fx.listener.deliveries.get()).isEqualTo(10);
            assertThat(new Jdbc(db.dataSource()).query("SELECT DISTINCT picked_by FROM scheduled_tasks", rs -> rs.getString(1)))
                    .doesNotContain("dead-worker");
        }
    }
}
