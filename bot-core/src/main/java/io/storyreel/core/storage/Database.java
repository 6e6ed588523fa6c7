package io.storyreel.core.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.io.Closeable;

/**
 * The JDBC database (H2 file by default, PostgreSQL for scale-out), migrated by Flyway on open. Migrations live in
 * {@code db/migration/common} (portable SQL) and {@code db/migration/<vendor>} (h2, postgresql) for the few
 * statements that differ.
 */
public final class Database implements Closeable {
    private final HikariDataSource dataSource;
    private final String vendor;

    private Database(HikariDataSource ds, String vendor) {
        this.dataSource = ds;
        this.vendor = vendor;
    }

    public static Database open(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        if (user != null && !user.isEmpty()) {
            hc.setUsername(user);
        }
        if (password != null && !password.isEmpty()) {
            hc.setPassword(password);
        }
        hc.setMaximumPoolSize(poolSize);
        hc.setPoolName("storyreel-db");
        HikariDataSource ds = new HikariDataSource(hc);
        String vendor = jdbcUrl.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, vendor);
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

    @Override
    public void close() {
        dataSource.close();
    }
}
