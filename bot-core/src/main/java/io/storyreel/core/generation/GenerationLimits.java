package io.storyreel.core.generation;

import io.storyreel.core.storage.Jdbc;
import io.storyreel.core.storybook.InList;
import io.storyreel.core.storybook.StorybookState;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Per-payer limits: at most {@code runningPerPayer} films in progress (GENERATING to DELIVERING) and at most
 * {@code dailyPerPayer} films started per calendar day (in {@code zone}). The conversation calls {@link #check}
 * before asking for confirmation; {@link GenerationEngine#start} checks again inside its transaction.
 */
public final class GenerationLimits {
    private final DataSource dataSource;
    private final Clock clock;
    private final int runningPerPayer;
    private final int dailyPerPayer;
    private final ZoneId zone;

    public GenerationLimits(DataSource dataSource, Clock clock, int runningPerPayer, int dailyPerPayer, ZoneId zone) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.runningPerPayer = runningPerPayer;
        this.dailyPerPayer = dailyPerPayer;
        this.zone = zone;
    }

    public GenerationLimits(DataSource dataSource, Clock clock, EngineSettings settings) {
        this(dataSource, clock, settings.runningFilmsPerPayer(), settings.dailyFilmsPerPayer(), settings.dayZone());
    }

    /** Whether the payer may start a film now, and if not, why. */
    public record Admission(boolean allowed, EngineReason reason) {
        static final Admission OK = new Admission(true, null);
    }

    public Admission check(String payerKey) {
        try (Connection c = dataSource.getConnection()) {
            return check(c, payerKey);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check the film limits", e);
        }
    }

    Admission check(Connection c, String payerKey) throws SQLException {
        int running = count(c, "SELECT COUNT(*) FROM storybook WHERE payer_key = ? AND state IN " + StorybookState.RUNNING.sql(),
                InList.bind(payerKey, StorybookState.RUNNING));
        if (running >= runningPerPayer) {
            return new Admission(false, EngineReason.filmsRunning(running, runningPerPayer));
        }
        long dayStart = LocalDate.now(clock.withZone(zone)).atStartOfDay(zone).toInstant().toEpochMilli();
        int today = count(c, "SELECT COUNT(*) FROM storybook WHERE payer_key = ? AND started_at >= ?", payerKey, dayStart);
        if (today >= dailyPerPayer) {
            return new Admission(false, EngineReason.dailyLimit(today));
        }
        return Admission.OK;
    }

    private static int count(Connection c, String sql, Object... args) throws SQLException {
        return Jdbc.one(c, sql, rs -> rs.getInt(1), args).orElse(0);
    }
}
