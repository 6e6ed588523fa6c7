package io.storyreel.core.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;
import java.io.Closeable;
import java.util.List;

/**
 * The JDBC database (H2 file by default, PostgreSQL for scale-out), migrated by Flyway on open. Migrations live in
 * {@code db/migration/common} (portable SQL) and {@code db/migration/<vendor>} (h2, postgresql) for the few
 * statements that differ.
 */
public final class Database implements Closeable {
    /** H2's "Database may be already in use": another process holds the file lock. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    /** H2's "Database not found" when opened with IFEXISTS=TRUE. */
    private static final int H2_DATABASE_NOT_FOUND = 90146;
    private final HikariDataSource dataSource;
    private final String vendor;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    private Database(HikariDataSource ds, String vendor, String jdbcUrl, String user, String password) {
        this.dataSource = ds;
        this.vendor = vendor;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * @throws DatabaseUnavailableException when the database is an H2 file another process has open (a running bot),
     *                                      or when HikariCP, the JDBC driver or Flyway refuse the settings that reach
     *                                      it (the message then starts with the setting: {@code database.url},
     *                                      {@code database.password}, {@code database.pool-size})
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        if (user != null && !user.isEmpty()) {
            hc.setUsername(user);
        }
        if (password != null && !password.isEmpty()) {
            hc.setPassword(password);
        }
        try {
            hc.setMaximumPoolSize(poolSize);
        } catch (IllegalArgumentException e) {
            throw new DatabaseUnavailableException("database.pool-size: HikariCP refused it: " + e.getMessage());
        }
        hc.setPoolName("storyreel-db");
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            if (causedBy(e, H2_DATABASE_ALREADY_OPEN)) {
                throw new DatabaseUnavailableException("the database " + jdbcUrl.replaceFirst(";.*$", "")
                        + " is open in another process (a running bot?); H2 allows one process at a time, stop it first");
            }
            if (causedBy(e, H2_DATABASE_NOT_FOUND)) {
                throw new DatabaseUnavailableException("there is no database at " + jdbcUrl.replaceFirst(";.*$", "")
                        + " (check --data-dir or database.url)");
            }
            throw refused(e, jdbcUrl, user);
        }
        String vendor = jdbcUrl.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            ds.close();
            throw new DatabaseUnavailableException("database.url: the database at " + shown(jdbcUrl) + " cannot be "
                    + "brought to this version of Storyreel's schema: " + String.join("; ", e.getMessage() == null ? List.of()
                    : e.getMessage().strip().lines().map(String::strip).filter(l -> !l.isEmpty()).limit(2).toList()));
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, vendor, jdbcUrl, user, password);
    }

    /**
     * Like {@link #open}, for tools that work on an existing database (keys rotate, backup): an H2 file that does not
     * exist is refused instead of created empty.
     */
    public static Database openExisting(String jdbcUrl, String user, String password, int poolSize) {
        return open(jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:h2:mem:") && !jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains("IFEXISTS=")
                ? jdbcUrl + ";IFEXISTS=TRUE" : jdbcUrl, user, password, poolSize);
    }

    /**
     * Why HikariCP could not open its first connection, as one line naming the setting: a refused login (SQL state
     * class 28) is the password's (or user's) fault, anything else (no server there, no such database) the URL's.
     */
    private static RuntimeException refused(RuntimeException e, String jdbcUrl, String user) {
        java.sql.SQLException sql = null;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLException s) {
                sql = s;
            }
        }
        if (sql == null && !(e instanceof com.zaxxer.hikari.pool.HikariPool.PoolInitializationException)) {
            return e;
        }
        String why = firstLine(sql != null ? sql.getMessage() : e.getMessage());
        if (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("28")) {
            return new DatabaseUnavailableException("database.password: the database at " + shown(jdbcUrl)
                    + " refused the login" + (user == null || user.isBlank() ? "" : " of user '" + user + "'") + ": " + why);
        }
        return new DatabaseUnavailableException("database.url: cannot connect to " + shown(jdbcUrl) + ": " + why);
    }

    /** The URL without its parameters, which may hold a password. */
    private static String shown(String jdbcUrl) {
        return jdbcUrl.replaceFirst("[;?].*$", "");
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }

    private static boolean causedBy(Throwable t, int errorCode) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLException s && s.getErrorCode() == errorCode) {
                return true;
            }
        }
        return false;
    }

    /**
     * The embedded default: an H2 file database under {@code dataDir}. {@code WRITE_DELAY=0} makes every commit
     * reach the file before the commit returns: H2's default keeps up to a second of committed transactions in
     * memory, and a killed process would lose them (e.g. a submitted clip's task id, so the restart would not know
     * the clip was paid for).
     */
    public static String h2Url(java.nio.file.Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("storyreel")
                + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String vendor() {
        return vendor;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * A connection of its own, outside the pool, for a session that lives as long as the process (an advisory
     * lock): holding a pooled one would shrink the pool for everything else.
     */
    public java.sql.Connection dedicatedConnection() throws java.sql.SQLException {
        java.util.Properties p = new java.util.Properties();
        if (user != null && !user.isEmpty()) {
            p.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            p.setProperty("password", password);
        }
        return java.sql.DriverManager.getConnection(jdbcUrl, p);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
