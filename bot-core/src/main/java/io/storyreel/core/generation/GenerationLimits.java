package io.storyreel.core.generation;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
    static final String RUNNING_STATES = "'GENERATING','PAUSED','MERGING','DELIVERING'";

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

    /** Whether the payer may start a film now, and if not, why (a message for the user). */
    public record Admission(boolean allowed, String reason) {
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
        int running = count(c, "SELECT COUNT(*) FROM storybook WHERE payer_key = ? AND state IN (" + RUNNING_STATES + ")",
                payerKey, null);
        if (running >= runningPerPayer) {
            return new Admission(false, runningPerPayer == 1
                    ? "You already have a film in progress. Wait for it to finish (or cancel it), then try again."
                    : "You already have " + running + " films in progress (the limit is " + runningPerPayer
                    + "). Wait for one to finish, then try again.");
        }
        long dayStart = LocalDate.now(clock.withZone(zone)).atStartOfDay(zone).toInstant().toEpochMilli();
        int today = count(c, "SELECT COUNT(*) FROM storybook WHERE payer_key = ? AND started_at >= ?", payerKey, dayStart);
        if (today >= dailyPerPayer) {
            return new Admission(false, "You have made " + today + " films today, the daily limit. Try again tomorrow.");
        }
        return Admission.OK;
    }

    private static int count(Connection c, String sql, String payer, Long since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, payer);
            if (since != null) {
                ps.setLong(2, since);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
