package io.storyreel.core.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

/**
 * Whether Storyreel processes are using the database, for the commands that must run alone ({@code keys rotate},
 * which rewrites every stored key and the keyset that running bots hold in memory).
 *
 * <p>H2: the database file is locked by the process that has it open, so a second process cannot even open it
 * ({@link Database#open} throws {@link DatabaseUnavailableException}). PostgreSQL: every bot process, whatever its role,
 * holds a shared session-level advisory lock for as long as it runs ({@link #announce}); a command that must run alone
 * takes the same lock exclusively ({@link #requireAlone}), which fails while any bot holds it and, while held, makes
 * a starting bot wait until the command is done. As a second signal for processes that predate the lock, scheduler
 * executions with a fresh heartbeat also count as a running bot.
 */
public final class BotPresence implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BotPresence.class);
    /** The advisory lock's key: "storyreel" in a long, shared by every Storyreel process on one database. */
    static final long LOCK_KEY = 0x73746f72797265L;
    /** A heartbeat younger than this means a worker is alive (db-scheduler's default dead limit is 4 beats). */
    private static final Duration FRESH_HEARTBEAT = Duration.ofMinutes(2);

    private final Connection session;

    private BotPresence(Connection session) {
        this.session = session;
    }

    /**
     * Called by every bot at start: on PostgreSQL takes the shared lock (waiting while a {@code keys rotate} holds it
     * exclusively), on H2 does nothing (the file lock already says it). Close it when the bot stops.
     */
    public static BotPresence announce(Database db) {
        return hold(db, c -> {
            if (!lock(c, "pg_try_advisory_lock_shared")) {
                LOG.info("A maintenance command (keys rotate) has the database to itself; waiting for it to finish");
                lock(c, "pg_advisory_lock_shared");
            }
        });
    }

    /**
     * For a command that must be the only Storyreel process on the database: returns the exclusive hold (close it
     * when done) or throws {@link DatabaseUnavailableException} naming what is running.
     */
    public static BotPresence requireAlone(Database db, Clock clock) {
        // H2: opening the file succeeded, so no other process has it
        return hold(db, c -> {
            if (!lock(c, "pg_try_advisory_lock")) {
                throw new DatabaseUnavailableException("Storyreel bots are running on this PostgreSQL database ("
                        + sessionsHolding(c) + " process(es) hold its presence lock); stop them first");
            }
            int alive = liveWorkers(c, clock);
            if (alive > 0) {
                throw new DatabaseUnavailableException("a Storyreel worker is running on this PostgreSQL database ("
                        + alive + " task(s) with a fresh heartbeat); stop it first");
            }
        });
    }

    private interface Step {
        void run(Connection session) throws SQLException;
    }

    /** On PostgreSQL: a session of its own that {@code take} locks with, kept open until close; elsewhere nothing. */
    private static BotPresence hold(Database db, Step take) {
        if (!"postgresql".equals(db.vendor())) {
            return new BotPresence(null);
        }
        try {
            Connection c = db.dedicatedConnection();
            try {
                take.run(c);
                return new BotPresence(c);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new Jdbc.StorageException(e);
        }
    }

    private static boolean lock(Connection c, String function) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(?)")) {
            ps.setLong(1, LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                // pg_advisory_lock_shared returns void: reaching here means we have it
                Object v = rs.getObject(1);
                return !(v instanceof Boolean b) || b;
            }
        }
    }

    private static int sessionsHolding(Connection c) throws SQLException {
        // pg_locks splits a bigint advisory key into classid (high 32 bits) and objid (low 32 bits)
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(DISTINCT pid) FROM pg_locks WHERE locktype = 'advisory' "
                + "AND classid = ? AND objid = ? AND granted AND pid <> pg_backend_pid()")) {
            ps.setLong(1, LOCK_KEY >>> 32);
            ps.setLong(2, LOCK_KEY & 0xffffffffL);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int liveWorkers(Connection c, Clock clock) throws SQLException {
        int n = 0;
        for (String table : new String[]{"scheduled_tasks", "maintenance_tasks"}) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM " + table + " WHERE picked = TRUE AND last_heartbeat > ?")) {
                ps.setTimestamp(1, Timestamp.from(clock.instant().minus(FRESH_HEARTBEAT)));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    n += rs.getInt(1);
                }
            }
        }
        return n;
    }

    @Override
    public void close() {
        if (session != null) {
            try (session) {
                // released here, answered by the server, before the session ends: a closed connection's backend
                // lets go of its locks only when it has processed the goodbye, a moment after close returns, and a
                // command run right after this (keys rotate once the bot has stopped) would still find the lock held
                try (PreparedStatement ps = session.prepareStatement("SELECT pg_advisory_unlock_all()")) {
                    ps.execute();
                }
            } catch (SQLException e) {
                LOG.warn("Could not close the presence session: {}", e.toString());
            }
        }
    }
}
