package io.storyreel.core.retention;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.storyreel.core.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * A db-scheduler of its own for {@link RecurringJob}s, on the {@code maintenance_tasks} table. Recurring tasks are
 * durable and picked by one worker at a time, so with several worker processes a sweep still runs once per interval.
 * It is separate from the generation engine's scheduler on purpose: a db-scheduler deletes the executions of task
 * names it does not know (after 14 days), so two schedulers must never share one table with different task sets.
 */
public final class MaintenanceScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceScheduler.class);
    static final String TABLE = "maintenance_tasks";
    private final Scheduler scheduler;

    private MaintenanceScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Starts the scheduler; each job's first run is due at once, the next ones {@code interval} after the previous
     * run ended. {@code heartbeat} × {@code missedHeartbeats} is how long a dead process's running job waits before
     * another process takes it over.
     */
    public static MaintenanceScheduler start(Database db, String workerName, List<RecurringJob> jobs, Duration polling,
                                             Duration heartbeat, int missedHeartbeats) {
        List<RecurringTask<Void>> tasks = jobs.stream()
                .map(j -> Tasks.recurring(j.name(), FixedDelay.of(j.interval())).execute((inst, ctx) -> run(j)))
                .toList();
        var builder = Scheduler.create(db.dataSource()).startTasks(tasks);
        if ("h2".equals(db.vendor())) {
            // as for the engine: db-scheduler does not detect H2, whose table uses TIMESTAMP WITH TIME ZONE
            builder.jdbcCustomization(new DefaultJdbcCustomization(false));
        }
        Scheduler s = builder.tableName(TABLE)
                .schedulerName(new SchedulerName.Fixed(workerName))
                .threads(1)
                .pollingInterval(polling)
                .heartbeatInterval(heartbeat)
                .missedHeartbeatsLimit(missedHeartbeats)
                .shutdownMaxWait(Duration.ofSeconds(5))
                .failureLogging(com.github.kagkarlsson.scheduler.logging.LogLevel.WARN, false)
                .build();
        s.start();
        LOG.info("Maintenance jobs scheduled: {}", jobs.stream().map(j -> j.name() + " every " + j.interval()).toList());
        return new MaintenanceScheduler(s);
    }

    private static void run(RecurringJob job) {
        try {
            job.work().run();
        } catch (RuntimeException e) {
            LOG.warn("Maintenance job {} failed; it runs again in {}: {}", job.name(), job.interval(), e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.stop();
    }
}
