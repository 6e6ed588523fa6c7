package io.storyreel.app;

import io.storyreel.core.backup.Backup;
import io.storyreel.core.backup.BackupException;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.app.runtime.ConfiguredBlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.DatabaseUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "backup", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Back up the database, the master keyset (with its retired copies) and the blobs into a new folder.",
                "H2: needs the bot stopped (H2 allows one process per file); a running bot backs itself up with "
                        + "backup.dir. PostgreSQL: prints the pg_dump command that pairs with the folder.",
                "Restore with 'storyreel restore --from DIR --data-dir NEW'."})
final class BackupCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new or empty folder for the backup.")
    Path out;

    @Option(names = "--keys-out", paramLabel = "DIR",
            description = "Write the keyset files here instead of <out>/keys (keep them apart from the database: together they decrypt every stored key).")
    Path keysOut;

    @Option(names = "--no-blobs", description = "List the blobs (blobs.txt) without copying them; copy data-dir/blobs with rsync instead.")
    boolean noBlobs;

    @Mixin
    DataOptions options = new DataOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        StoryreelConfig cfg = options.load(System.getenv());
        try (Database db = Database.openExisting(cfg.database().url(), cfg.database().user(), cfg.database().password(), 2)) {
            Backup.Result r = new Backup(db, ConfiguredBlobStore.open(cfg, System.getenv()), cfg.security(), System.getenv(),
                    Clock.systemUTC()).write(out, keysOut, !noBlobs);
            PrintWriter o = spec.commandLine().getOut();
            var m = r.manifest();
            o.println("Backup written to " + out.toAbsolutePath());
            o.println("  database: " + (m.database() != null ? m.database() : "not included (PostgreSQL)"));
            o.println("  keysets:  " + (m.keysetFromEnvironment() ? "none (the keyset is in STORYREEL_MASTER_KEYSET: keep a copy of it)"
                    : m.keysets().size() + " file(s) in " + m.keysDir()));
            o.println("  blobs:    " + m.blobs() + " (" + m.blobBytes() / (1024 * 1024) + " MB) " + (m.blobsIncluded() ? "copied"
                    : "listed in blobs.txt; copy them with: rsync -a " + cfg.dataDir().toAbsolutePath().resolve("blobs") + "/ <copy>/"));
            if (r.pgDump() != null) {
                o.println("  now dump the PostgreSQL database beside it: " + r.pgDump());
            }
            return 0;
        } catch (DatabaseUnavailableException e) {
            throw new UserInputException("backup: " + e.getMessage()
                    + ("h2".equals(vendor(cfg)) && e.getMessage().contains("another process")
                    ? " (or let the running bot write backups itself: set backup.dir)" : ""));
        } catch (BackupException e) {
            throw new UserInputException("backup: " + e.getMessage());
        }
    }

    private static String vendor(StoryreelConfig cfg) {
        return cfg.database().url().startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
    }
}
