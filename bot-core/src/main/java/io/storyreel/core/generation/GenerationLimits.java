package io.storyreel.core.generation;

import io.storyreel.core.generation.EngineReason.Kind;
import io.storyreel.core.storage.Jdbc;
import io.storyreel.core.storybook.InList;
import io.storyreel.core.storybook.StorybookState;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;

import static io.storyreel.core.storybook.InList.bind;

/**
 * What one member may spend ({@link PayerLimits}), checked the same way for every paid order: a confirmed film, a
 * retry, a redo. The engine checks inside the transaction that creates the clips, under a lock on the payer's
 * {@code chat_user} row so two orders of one payer (two chats, two processes) are counted one after the other; the
 * conversation asks the same question before it shows an estimate or accepts a press, through
 * {@link GenerationEngine#admits}. Days are {@link LimitDay}s; spend is counted from the estimates of the clips a
 * payer ordered, leaving out clips reused from earlier films and clips that ended without being paid.
 */
public final class GenerationLimits {
    private static final InList UNPAID_ENDINGS = InList.of(EnumSet.of(ClipState.CANCELLED, ClipState.FAILED,
            ClipState.SKIPPED));
    private static final InList UNFINISHED = ClipState.UNFINISHED;

    private final DataSource dataSource;
    private final Clock clock;
    private final PayerLimits limits;

    public GenerationLimits(DataSource dataSource, Clock clock, PayerLimits limits) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.limits = limits;
    }

    public GenerationLimits(DataSource dataSource, Clock clock, EngineSettings settings) {
        this(dataSource, clock, settings.payerLimits());
    }

    public PayerLimits limits() {
        return limits;
    }

    /**
     * What a payer orders: {@code clips} new paid clips estimated at {@code usd} together, for the storybook
     * {@code storybookId} (null when none yet), which is a new film ({@code newFilm}: a confirmation) or a film
     * already counted for them (a retry or redo).
     */
    public record Order(String storybookId, boolean newFilm, int clips, double usd) {
        public static Order film(String storybookId, int clips, double usd) {
            return new Order(storybookId, true, clips, usd);
        }

        public static Order clip(String storybookId, double usd) {
            return new Order(storybookId, false, 1, usd);
        }
    }

    /** Whether the payer may order it now, and if not, why (the limit, and when it resets). */
    public record Admission(boolean allowed, EngineReason reason) {
        static final Admission OK = new Admission(true, null);

        static Admission refused(EngineReason reason) {
            return new Admission(false, reason);
        }
    }

    /** May the payer start a new film now (of no clips yet: the running-films and films-per-day limits). */
    public Admission check(String payerKey) {
        return check(payerKey, Order.film(null, 0, 0));
    }

    public Admission check(String payerKey, Order order) {
        try (Connection c = dataSource.getConnection()) {
            return check(c, payerKey, order);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check the payer's limits", e);
        }
    }

    /** The check inside a transaction: locks the payer's row first, so their orders are counted one at a time. */
    Admission checkLocked(Connection c, String payerKey, Order order) throws SQLException {
        Jdbc.one(c, "SELECT user_key FROM chat_user WHERE user_key = ? FOR UPDATE", rs -> 1, payerKey);
        return check(c, payerKey, order);
    }

    private Admission check(Connection c, String payerKey, Order order) throws SQLException {
        Instant now = clock.instant();
        LimitDay day = limits.day();
        long minutes = day.minutesLeft(now);
        String reset = day.resetLabel();
        int running = count(c, "SELECT COUNT(*) FROM storybook b WHERE b.state IN " + StorybookState.RUNNING.sql()
                        + " AND b.id <> ? AND (b.payer_key = ? OR EXISTS (SELECT 1 FROM clip k WHERE k.storybook_id = b.id "
                        + "AND k.replaced_by IS NULL AND k.payer_key = ? AND k.state IN " + UNFINISHED.sql() + "))",
                bind(StorybookState.RUNNING, order.storybookId() == null ? "" : order.storybookId(), payerKey, payerKey,
                        UNFINISHED));
        if (running >= limits.runningFilms()) {
            return Admission.refused(EngineReason.filmsRunning(running, limits.runningFilms()));
        }
        long dayStart = day.start(now).toEpochMilli();
        if (order.newFilm()) {
            int films = count(c, "SELECT COUNT(*) FROM storybook WHERE payer_key = ? AND started_at >= ?", payerKey, dayStart);
            if (films >= limits.filmsPerDay()) {
                return Admission.refused(EngineReason.daily(Kind.DAILY_LIMIT, films, limits.filmsPerDay(), minutes, reset));
            }
        }
        // ordered today: every clip of theirs except those reused and those that ended without being charged
        record Ordered(int clips, double usd) {
        }
        Ordered today = Jdbc.one(c, "SELECT COUNT(*), COALESCE(SUM(estimated_usd), 0) FROM clip WHERE payer_key = ? "
                        + "AND created_at >= ? AND reused_from IS NULL AND NOT (state IN " + UNPAID_ENDINGS.sql()
                        + " AND provider_task_id IS NULL AND (error_kind IS NULL OR error_kind <> ?))",
                rs -> new Ordered(rs.getInt(1), rs.getDouble(2)),
                bind(payerKey, dayStart, UNPAID_ENDINGS, "AMBIGUOUS_SUBMIT")).orElse(new Ordered(0, 0));
        int clips = today.clips() + order.clips();
        if (order.clips() > 0 && clips > limits.clipsPerDay()) {
            return Admission.refused(EngineReason.daily(Kind.DAILY_CLIPS, clips, limits.clipsPerDay(), minutes, reset));
        }
        double usd = today.usd() + order.usd();
        if (limits.usdPerDay() > 0 && order.usd() > 0 && usd > limits.usdPerDay() + 1e-9) {
            return Admission.refused(EngineReason.daily(Kind.DAILY_SPEND, cents(usd), cents(limits.usdPerDay()),
                    minutes, reset));
        }
        return Admission.OK;
    }

    private static int cents(double usd) {
        return (int) Math.round(usd * 100);
    }

    private static int count(Connection c, String sql, Object... args) throws SQLException {
        return Jdbc.one(c, sql, rs -> rs.getInt(1), args).orElse(0);
    }
}
