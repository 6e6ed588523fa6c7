package io.storyreel.core.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.storyreel.core.storage.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gauges read from the shared database: storybooks ("films") and current clips by state, and db-scheduler's
 * {@code scheduled_tasks} by task and whether an execution is due, running or waiting. The three counts are read
 * together at most once per {@code refresh}, so a scrape every second costs the database three small GROUP BYs every
 * {@code refresh}. When the database cannot answer, the gauges read NaN (Prometheus shows a gap, not a false zero).
 */
final class DatabaseGauges implements MeterBinder {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseGauges.class);
    static final List<String> BOOK_STATES = List.of("COLLECTING", "CONFIRMING", "GENERATING", "PAUSED", "MERGING",
            "DELIVERING", "DONE", "CANCELLED", "FAILED");
    static final List<String> CLIP_STATES = List.of("PENDING", "SUBMITTING", "SUBMITTED", "QUEUED", "RUNNING",
            "SUCCEEDED", "DOWNLOADED", "FAILED", "CANCELLED", "SKIPPED");
    /** The engine's durable tasks (DbSchedulerGenerationEngine), by db-scheduler task name. */
    static final List<String> TASKS = List.of("storyreel-clip", "storyreel-merge", "storyreel-delivery");
    static final List<String> TASK_STATES = List.of("due", "running", "waiting");

    private final Jdbc sql;
    private final long refreshNanos;
    private volatile Snapshot last;
    private int failures;

    private record Snapshot(long takenNanos, Map<String, Double> values) {
    }

    DatabaseGauges(DataSource dataSource, Duration refresh) {
        this.sql = new Jdbc(dataSource);
        this.refreshNanos = refresh.toNanos();
    }

    /** Suppliers, not a weakly held state object: nothing else keeps this binder alive. */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (String s : BOOK_STATES) {
            Gauge.builder("storyreel.films", () -> value("book:" + s))
                    .description("Storybooks (films) by state").tag("state", s.toLowerCase()).register(registry);
        }
        for (String s : CLIP_STATES) {
            Gauge.builder("storyreel.clips", () -> value("clip:" + s))
                    .description("Current clips (not replaced by a retry) by state").tag("state", s.toLowerCase())
                    .register(registry);
        }
        for (String t : TASKS) {
            for (String s : TASK_STATES) {
                Gauge.builder("storyreel.scheduler.tasks", () -> value("task:" + t + ":" + s))
                        .description("db-scheduler executions: due (waiting for a worker), running, waiting (later)")
                        .tags("task", t.substring("storyreel-".length()), "state", s).register(registry);
            }
        }
    }

    private double value(String key) {
        Snapshot s = fresh();
        if (s == null) {
            return Double.NaN;
        }
        return s.values().getOrDefault(key, 0.0);
    }

    private synchronized Snapshot fresh() {
        Snapshot s = last;
        long now = System.nanoTime();
        if (s != null && now - s.takenNanos() < refreshNanos) {
            return s.values().isEmpty() ? null : s;
        }
        Map<String, Double> v = new HashMap<>();
        try {
            sql.inConnection(c -> {
                for (Object[] r : Jdbc.query(c, "SELECT state, COUNT(*) FROM storybook GROUP BY state",
                        rs -> new Object[]{rs.getString(1), rs.getLong(2)})) {
                    v.put("book:" + r[0], ((Long) r[1]).doubleValue());
                }
                for (Object[] r : Jdbc.query(c, "SELECT state, COUNT(*) FROM clip WHERE replaced_by IS NULL GROUP BY state",
                        rs -> new Object[]{rs.getString(1), rs.getLong(2)})) {
                    v.put("clip:" + r[0], ((Long) r[1]).doubleValue());
                }
                java.sql.Timestamp nowTs = new java.sql.Timestamp(System.currentTimeMillis());
                // grouped in an outer query: PostgreSQL would not see two "<= ?" as the same expression
                for (Object[] r : Jdbc.query(c, "SELECT task_name, st, COUNT(*) FROM (SELECT task_name, CASE WHEN "
                                + "picked THEN 'running' WHEN execution_time <= ? THEN 'due' ELSE 'waiting' END AS st "
                                + "FROM scheduled_tasks) t GROUP BY task_name, st",
                        rs -> new Object[]{rs.getString(1), rs.getString(2), rs.getLong(3)}, nowTs)) {
                    v.put("task:" + r[0] + ":" + r[1], ((Long) r[2]).doubleValue());
                }
                return null;
            });
            // a marker so an empty database (no rows yet) still counts as a successful read
            v.put("read", 1.0);
        } catch (RuntimeException e) {
            if (failures++ == 0) {
                LOG.warn("database gauges not read (repeats are logged at debug): {}", e.toString());
            } else {
                LOG.debug("database gauges not read: {}", e.toString());
            }
            v.clear();
        }
        last = new Snapshot(now, v);
        return v.isEmpty() ? null : last;
    }
}
