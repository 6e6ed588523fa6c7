package io.storyreel.core.ops;

import io.storyreel.core.storage.Jdbc;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an {@link OpsReport} from the database: a handful of small aggregate queries on {@code storybook} and
 * {@code clip}, portable between H2 and PostgreSQL. "Paid" is what the engine calls paid: the provider named a task,
 * or the create's outcome was ambiguous.
 */
public final class OpsSummary {
    /** Running films listed one per line; the rest are counted. */
    public static final int LISTED = 8;
    private static final String RUNNING = "'GENERATING','PAUSED','MERGING','DELIVERING'";

    private final Jdbc sql;
    private final Clock clock;

    public OpsSummary(DataSource dataSource, Clock clock) {
        this.sql = new Jdbc(dataSource);
        this.clock = clock;
    }

    public OpsReport read() {
        Instant now = clock.instant();
        long hourAgo = now.minus(Duration.ofHours(1)).toEpochMilli();
        long midnight = now.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return sql.inConnection(c -> {
            int total = Jdbc.one(c, "SELECT COUNT(*) FROM storybook WHERE state IN (" + RUNNING + ")",
                    rs -> rs.getInt(1)).orElse(0);
            List<OpsReport.RunningFilm> running = Jdbc.query(c,
                    "SELECT b.id, b.state, b.provider, COALESCE(b.started_at, b.updated_at), "
                            + "(SELECT COUNT(*) FROM clip k WHERE k.storybook_id = b.id AND k.replaced_by IS NULL "
                            + "AND k.state = 'DOWNLOADED'), "
                            + "(SELECT COUNT(*) FROM clip k WHERE k.storybook_id = b.id AND k.replaced_by IS NULL "
                            + "AND k.state NOT IN ('CANCELLED','SKIPPED')) "
                            + "FROM storybook b WHERE b.state IN (" + RUNNING + ") "
                            + "ORDER BY COALESCE(b.started_at, b.updated_at), b.id",
                    rs -> new OpsReport.RunningFilm(rs.getString(1), rs.getString(2),
                            rs.getString(3) == null ? "?" : rs.getString(3), rs.getInt(5), rs.getInt(6),
                            Duration.ofMillis(Math.max(0, now.toEpochMilli() - rs.getLong(4)))));
            if (running.size() > LISTED) {
                running = running.subList(0, LISTED);
            }
            Map<String, int[]> q = new TreeMap<>();
            for (Object[] r : Jdbc.query(c, "SELECT provider, state, COUNT(*) FROM clip k WHERE replaced_by IS NULL "
                            + "AND state IN ('PENDING','SUBMITTING','SUBMITTED','QUEUED','RUNNING','SUCCEEDED','DOWNLOADED') "
                            + "AND EXISTS (SELECT 1 FROM storybook b WHERE b.id = k.storybook_id AND b.state IN ("
                            + RUNNING + ")) GROUP BY provider, state",
                    rs -> new Object[]{rs.getString(1), rs.getString(2), rs.getInt(3)})) {
                int[] v = q.computeIfAbsent((String) r[0], k -> new int[3]);
                int slot = switch ((String) r[1]) {
                    case "PENDING" -> 0;
                    case "DOWNLOADED" -> 2;
                    default -> 1;
                };
                v[slot] += (Integer) r[2];
            }
            List<OpsReport.Queue> queues = new ArrayList<>();
            q.forEach((p, v) -> queues.add(new OpsReport.Queue(p, v[0], v[1], v[2])));
            List<OpsReport.Failure> failures = new ArrayList<>(Jdbc.query(c,
                    "SELECT provider, COALESCE(error_kind, 'UNKNOWN'), COUNT(*) FROM clip WHERE state = 'FAILED' "
                            + "AND updated_at >= ? GROUP BY provider, COALESCE(error_kind, 'UNKNOWN') ORDER BY 1, 2",
                    rs -> new OpsReport.Failure(rs.getString(1), "clip", rs.getString(2), rs.getInt(3)), hourAgo));
            failures.addAll(Jdbc.query(c, "SELECT COALESCE(provider, '?'), COUNT(*) FROM storybook WHERE state = 'FAILED' "
                            + "AND updated_at >= ? GROUP BY COALESCE(provider, '?') ORDER BY 1",
                    rs -> new OpsReport.Failure(rs.getString(1), "film", "FAILED", rs.getInt(2)), hourAgo));
            List<OpsReport.Spend> spend = Jdbc.query(c,
                    "SELECT provider, COUNT(*), COALESCE(SUM(COALESCE(charged_usd, estimated_usd)), 0) FROM clip "
                            + "WHERE (provider_task_id IS NOT NULL OR error_kind = 'AMBIGUOUS_SUBMIT') "
                            + "AND COALESCE(submitted_at, updated_at) >= ? GROUP BY provider ORDER BY provider",
                    rs -> new OpsReport.Spend(rs.getString(1), rs.getInt(2), rs.getDouble(3)), midnight);
            return new OpsReport(now, List.copyOf(running), total, List.copyOf(queues), List.copyOf(failures), spend);
        });
    }
}
