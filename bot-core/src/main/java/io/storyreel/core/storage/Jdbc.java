package io.storyreel.core.storage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few JDBC moves the repositories and the engine need: statements with positional arguments, one connection
 * or one transaction per call, SQLExceptions turned into {@link StorageException}, connections always closed.
 * Plain JDBC on purpose: the SQL stays visible and portable between H2 and PostgreSQL.
 */
public final class Jdbc {
    private final DataSource ds;

    public Jdbc(DataSource ds) {
        this.ds = ds;
    }

    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        return inConnection(c -> query(c, sql, mapper, args));
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) {
        return inConnection(c -> one(c, sql, mapper, args));
    }

    public int update(String sql, Object... args) {
        return inConnection(c -> update(c, sql, args));
    }

    public static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        }
    }

    public static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        List<T> rows = query(c, sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    /** Runs {@code work} on one connection in auto-commit mode. */
    public <T> T inConnection(Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** Runs {@code work} in one transaction, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    public static Long longOrNull(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    public static Double doubleOrNull(ResultSet rs, String col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    /** A database failure; the conversation turns it into the "something went wrong" answer. */
    public static final class StorageException extends RuntimeException {
        StorageException(SQLException cause) {
            super("Database error: " + cause.getMessage(), cause);
        }

        /** A unique or primary key was already taken (SQLState class 23, integrity constraint violation). */
        public boolean isDuplicateKey() {
            String state = ((SQLException) getCause()).getSQLState();
            return "23505".equals(state) || "23001".equals(state);
        }
    }
}
