package io.storyreel.core.backup;

import io.storyreel.core.keys.MasterKeyset;
import io.storyreel.core.keys.TinkKeyVault;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.DataDir;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.Jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Restores a {@link Backup} folder into a new data folder: the H2 database (then migrated to this version and
 * opened to prove it), the keyset files, and the blobs (from the backup or from an rsync copy, each checked against
 * its SHA-256 id). Everything is checked before anything is written; at the end every stored provider key is
 * decrypted with the restored keyset, so a backup whose keyset does not match is reported, not discovered by users.
 */
public final class Restore {
    private static final String KEYSET = "master-keyset.json";

    private final Map<String, String> env;
    private final Clock clock;

    public Restore(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    /**
     * What was restored. {@code keys} is null for PostgreSQL (restore the dump with {@code pgRestore} first);
     * {@code blobsLeftOut} counts blobs the backup lists but did not include and no {@code --blobs-from} supplied.
     */
    public record Result(BackupManifest manifest, Path dataDir, Path keyset, int blobs, int blobsLeftOut,
                         TinkKeyVault.Check keys, int storybooks, int films, String pgRestore) {
    }

    /**
     * @param from      the backup folder
     * @param dataDir   a new or empty folder
     * @param keyset    where the current keyset goes (null: {@code dataDir/master-keyset.json})
     * @param keysFrom  where the backup's keyset files are (null: where the manifest says)
     * @param blobsFrom an rsync copy of the blobs folder (null: the backup's own {@code blobs/}, if it has them)
     */
    public Result run(Path from, Path dataDir, Path keyset, Path keysFrom, Path blobsFrom) {
        BackupManifest m = BackupManifest.read(from);
        Backup.requireNewOrEmpty(dataDir, "--data-dir");
        Path keysetTarget = keyset != null ? keyset : dataDir.resolve(KEYSET);
        if (keyset != null && Files.exists(keyset)) {
            throw new BackupException("--master-key-file " + keyset + " already exists; give a new path");
        }
        Path keysDir = keysFrom != null ? keysFrom : m.keysDir() == null ? null : from.resolve(m.keysDir());
        if (!m.keysetFromEnvironment()) {
            if (m.keysets().isEmpty() || keysDir == null || !Files.isRegularFile(keysDir.resolve(m.keysets().get(0)))) {
                throw new BackupException("the backup's master keyset " + (m.keysets().isEmpty() ? "" : m.keysets().get(0) + " ")
                        + "is not in " + keysDir + " (give --keys-from DIR); without it the stored keys cannot be read");
            }
        } else if (blank(env.get("STORYREEL_MASTER_KEYSET"))) {
            throw new BackupException("this backup was taken with the keyset in STORYREEL_MASTER_KEYSET; set it to the same keyset to restore");
        }
        Path zip = m.database() == null ? null : from.resolve(m.database());
        if (zip != null && !Files.isRegularFile(zip)) {
            throw new BackupException("the database backup " + zip + " is missing");
        }
        Path blobSource = blobsFrom != null ? blobsFrom : m.blobsIncluded() ? from.resolve(BackupManifest.BLOBS) : null;
        List<String[]> listed = blobList(from);
        if (blobSource != null) {
            List<String> missing = new ArrayList<>();
            for (String[] b : listed) {
                if (!Files.isRegularFile(blobPath(blobSource, b[0]))) {
                    missing.add(b[0]);
                }
            }
            if (!missing.isEmpty()) {
                throw new BackupException(missing.size() + " of " + listed.size() + " blob(s) listed in blobs.txt are not in "
                        + blobSource + " (first: " + missing.get(0) + ")");
            }
        }

        try {
            DataDir.createPrivateDirectories(dataDir);
            if (zip != null) {
                extractDatabase(zip, dataDir);
            }
            restoreKeysets(m, keysDir, keysetTarget);
            int blobs = 0;
            if (blobSource != null) {
                BlobStore store = BlobStore.files(dataDir.resolve("blobs"));
                for (String[] b : listed) {
                    String id;
                    try (InputStream in = Files.newInputStream(blobPath(blobSource, b[0]))) {
                        id = store.put(in);
                    }
                    if (!id.equals(b[0])) {
                        Files.delete(store.path(id));
                        throw new BackupException("the blob " + blobPath(blobSource, b[0]) + " is damaged (its bytes do not match its name)");
                    }
                    blobs++;
                }
            }
            TinkKeyVault.Check keys = null;
            int storybooks = 0;
            int films = 0;
            String pgRestore = null;
            if (zip != null) {
                try (Database db = Database.open(Database.h2Url(dataDir), "", "", 2)) {
                    MasterKeyset master = MasterKeyset.load(keysetTarget, "STORYREEL_MASTER_KEYSET", env.get("STORYREEL_MASTER_KEYSET"));
                    keys = new TinkKeyVault(db.dataSource(), master, Map.of(), Set.of(), clock).check();
                    Jdbc sql = new Jdbc(db.dataSource());
                    storybooks = sql.one("SELECT COUNT(*) FROM storybook", rs -> rs.getInt(1)).orElse(0);
                    films = sql.one("SELECT COUNT(*) FROM film", rs -> rs.getInt(1)).orElse(0);
                }
            } else {
                pgRestore = "pg_restore --clean --if-exists --no-owner --dbname=<your database> " + from.toAbsolutePath().resolve("database.pgdump");
            }
            new DataDir(dataDir).tighten();
            if (keys != null && !keys.undecryptable().isEmpty()) {
                throw new BackupException("restored into " + dataDir + ", but " + keys.undecryptable().size() + " of " + keys.stored()
                        + " stored key(s) do not decrypt with " + keysetTarget + ": the keyset does not belong to this database");
            }
            return new Result(m, dataDir, m.keysetFromEnvironment() ? null : keysetTarget, blobs,
                    blobSource == null ? listed.size() : 0, keys, storybooks, films, pgRestore);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restore into " + dataDir, e);
        }
    }

    /** The H2 backup holds one {@code <name>.mv.db}; it becomes {@code storyreel.mv.db}, the name the bot opens. */
    private static void extractDatabase(Path zip, Path dataDir) throws IOException {
        boolean found = false;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                // the entry's own path is never used: a fixed name cannot climb out of the data folder
                if (!e.isDirectory() && e.getName().endsWith(".mv.db")) {
                    if (found) {
                        throw new BackupException(zip + " holds more than one database");
                    }
                    Path target = dataDir.resolve("storyreel.mv.db");
                    try (OutputStream out = Files.newOutputStream(target)) {
                        in.transferTo(out);
                    }
                    DataDir.ownerOnly(target);
                    found = true;
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new BackupException(zip + " is damaged (not a zip file)");
        }
        if (!found) {
            throw new BackupException(zip + " holds no H2 database");
        }
    }

    private static void restoreKeysets(BackupManifest m, Path keysDir, Path target) throws IOException {
        if (m.keysetFromEnvironment()) {
            return;
        }
        DataDir.createPrivateDirectories(target.toAbsolutePath().getParent());
        String current = m.keysets().get(0);
        Backup.copyOwnerOnly(keysDir.resolve(current), target);
        for (String retired : m.keysets().subList(1, m.keysets().size())) {
            Path src = keysDir.resolve(retired);
            if (Files.isRegularFile(src) && retired.startsWith(current)) {
                // keep the "<keyset>.retired-<time>" shape next to the keyset's new name
                Backup.copyOwnerOnly(src, target.resolveSibling(target.getFileName() + retired.substring(current.length())));
            }
        }
    }

    private static List<String[]> blobList(Path from) {
        Path list = from.resolve(BackupManifest.BLOB_LIST);
        if (!Files.isRegularFile(list)) {
            throw new BackupException("the backup's " + BackupManifest.BLOB_LIST + " is missing");
        }
        try {
            List<String[]> out = new ArrayList<>();
            for (String line : Files.readAllLines(list)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
                    throw new BackupException(list + " is damaged (a line is not '<sha-256> <bytes>')");
                }
                out.add(parts);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path blobPath(Path root, String id) {
        return root.resolve(id.substring(0, 2)).resolve(id.substring(2));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
