package io.storyreel.core.retention;

import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.Jdbc;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Recurring jobs run durably on their own table, again after a failure, and never touch the engine's table. */
class MaintenanceSchedulerTest {
    @Test
    void jobsRunRepeatedlyOnTheMaintenanceTableEvenAfterAFailure() {
        try (Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 4)) {
            AtomicInteger sweeps = new AtomicInteger();
            AtomicInteger flaky = new AtomicInteger();
            RecurringJob sweep = new RecurringJob("test-sweep", Duration.ofMillis(100), sweeps::incrementAndGet);
            RecurringJob failing = new RecurringJob("test-flaky", Duration.ofMillis(100), () -> {
                if (flaky.incrementAndGet() == 1) {
                    throw new IllegalStateException("disk hiccup");
                }
            });
            try (MaintenanceScheduler s = MaintenanceScheduler.start(db, "test-worker", List.of(sweep, failing),
                    Duration.ofMillis(50), Duration.ofSeconds(1), 4)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> sweeps.get() >= 3 && flaky.get() >= 3);
            }
            Jdbc sql = new Jdbc(db.dataSource());
            assertThat(sql.query("SELECT task_name FROM maintenance_tasks ORDER BY task_name", rs -> rs.getString(1)))
                    .containsExactly("test-flaky", "test-sweep");
            assertThat(sql.one("SELECT COUNT(*) FROM scheduled_tasks", rs -> rs.getInt(1))).contains(0);
        }
    }
}
