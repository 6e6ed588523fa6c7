package io.storyreel.core.backup;

import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.keys.MasterKeyset;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.DataDir;
import io.storyreel.core.storage.Database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a backup of one installation into a new folder (created owner-only, files 0600):
 * <pre>
 *   manifest.json     what is in it ({@link BackupManifest})
 *   database.zip      H2: BACKUP TO, transactionally consistent while other connections of the same process write
 *   keys/             the master keyset file and its retired copies (or elsewhere: keysOut)
 *   blobs.txt         every blob id and its size, one per line
 *   blobs/ab/cdef…    the blobs themselves, unless left out for an rsync copy of data-dir/blobs
 * </pre>
 * PostgreSQL: the database is not in the folder; {@link Result#pgDump} is the pg_dump command that pairs with it.
 * The database is backed up first and the blobs listed after, so every blob a backed-up row names is in the list
 * (unless the retention sweep deleted it in between, which the restored history then shows as gone).
 */
public final class Backup {
    private final Database db;
    private final BlobStore blobs;
    private final StoryreelConfig.Security security;
    private final Map<String, String> env;
    private final Clock clock;

    public Backup(Database db, BlobStore blobs, StoryreelConfig.Security security, Map<String, String> env, Clock clock) {
        this.db = db;
        this.blobs = blobs;
        this.security = security;
        this.env = env;
        this.clock = clock;
    }

    /** What was written; {@code pgDump} is the command to run beside it on PostgreSQL (null on H2). */
    public record Result(Path dir, BackupManifest manifest, String pgDump) {
    }

    /**
     * @param out      a new or empty folder
     * @param keysOut  where the keyset files go (null: {@code out/keys}); keep it apart from the database backup
     *                 when you can, since together they decrypt every stored key
     * @param withBlobs copy the blobs into {@code out/blobs}; without, only {@code blobs.txt} is written
     */
    public Result write(Path out, Path keysOut, boolean withBlobs) {
        requireNewOrEmpty(out, "--out");
        Path keys = keysOut != null ? keysOut : out.resolve("keys");
        if (keysOut != null) {
            requireNewOrEmpty(keysOut, "--keys-out");
        }
        try {
            DataDir.createPrivateDirectories(out);
            String database = null;
            String pgDump = null;
            if ("h2".equals(db.vendor())) {
                database = BackupManifest.DATABASE_ZIP;
                h2Backup(out.resolve(database));
            } else {
                pgDump = pgDumpCommand(db.jdbcUrl(), out);
            }
            List<String> keysets = new ArrayList<>();
            boolean fromEnv = env.get(security.masterKeyEnv()) != null && !env.get(security.masterKeyEnv()).isBlank();
            if (!fromEnv) {
                List<Path> files = MasterKeyset.fileAndRetired(security.masterKeyFile());
                if (files.isEmpty()) {
                    throw new BackupException("no master keyset at " + security.masterKeyFile()
                            + " (check --master-key-file or security.master-key-file); without it the backup could not be read");
                }
                DataDir.createPrivateDirectories(keys);
                for (Path f : files) {
                    copyOwnerOnly(f, keys.resolve(f.getFileName().toString()));
                    keysets.add(f.getFileName().toString());
                }
            }
            long[] bytes = {0};
            int count = listBlobs(out, withBlobs, bytes);
            Path absOut = out.toAbsolutePath().normalize();
            Path absKeys = keys.toAbsolutePath().normalize();
            String keysDir = fromEnv ? null : absKeys.startsWith(absOut) ? absOut.relativize(absKeys).toString() : absKeys.toString();
            BackupManifest m = new BackupManifest(BackupManifest.FORMAT, clock.instant().toString(), db.vendor(), database,
                    keysDir, List.copyOf(keysets), fromEnv, count, bytes[0], withBlobs);
            m.write(out);
            new DataDir(out).tighten();
            return new Result(out, m, pgDump);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the backup in " + out, e);
        }
    }

    private void h2Backup(Path zip) {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            // BACKUP TO takes a literal, not a parameter
            st.execute("BACKUP TO '" + zip.toAbsolutePath().toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new BackupException("the H2 backup failed: " + e.getMessage());
        }
    }

    private int listBlobs(Path out, boolean withBlobs, long[] bytes) throws IOException {
        List<String> lines = new ArrayList<>();
        Path target = out.resolve(BackupManifest.BLOBS);
        for (String id : blobs.ids()) {
            try {
                long size = Files.size(blobs.path(id));
                if (withBlobs) {
                    Path dst = target.resolve(id.substring(0, 2)).resolve(id.substring(2));
                    DataDir.createPrivateDirectories(dst.getParent());
                    copyOwnerOnly(blobs.path(id), dst);
                }
                lines.add(id + " " + size);
                bytes[0] += size;
            } catch (NoSuchFileException deletedMeanwhile) {
                // the retention sweep took it after we listed it
            }
        }
        Files.write(out.resolve(BackupManifest.BLOB_LIST), lines);
        return lines.size();
    }

    static void copyOwnerOnly(Path from, Path to) throws IOException {
        Files.copy(from, to);
        DataDir.ownerOnly(to);
    }

    static void requireNewOrEmpty(Path dir, String option) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new BackupException(option + " " + dir + " is a file, not a folder");
        }
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isPresent()) {
                throw new BackupException(option + " " + dir + " is not empty; give a new or empty folder");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code jdbc:postgresql://host:5432/db?…} → the pg_dump line that writes the matching database dump beside it. */
    static String pgDumpCommand(String jdbcUrl, Path out) {
        URI u = URI.create(jdbcUrl.substring("jdbc:".length()));
        String host = u.getHost() == null ? "localhost" : u.getHost();
        int port = u.getPort() < 0 ? 5432 : u.getPort();
        String dbName = u.getPath() == null || u.getPath().length() <= 1 ? "postgres" : u.getPath().substring(1);
        return "pg_dump --format=custom --host=" + host + " --port=" + port + " --dbname=" + dbName
                + " --file=" + out.toAbsolutePath().resolve("database.pgdump") + "   (user with --username, password in PGPASSWORD)";
    }
}
