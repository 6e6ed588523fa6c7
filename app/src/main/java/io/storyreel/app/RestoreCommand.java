package io.storyreel.app;

import io.storyreel.core.backup.BackupException;
import io.storyreel.core.backup.Restore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Restore a 'storyreel backup' folder into a new data folder, checking every blob and that every "
                + "stored provider key decrypts with the restored keyset.",
                "Then run the bot with --data-dir NEW (and security.master-key-file, if you put the keyset elsewhere)."})
final class RestoreCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "DIR", description = "The backup folder.")
    Path from;

    @Option(names = "--data-dir", required = true, paramLabel = "NEW", description = "A new or empty data folder.")
    Path dataDir;

    @Option(names = "--master-key-file", paramLabel = "FILE",
            description = "Where to put the keyset (default: NEW/master-keyset.json; outside the data folder is safer).")
    Path masterKeyFile;

    @Option(names = "--keys-from", paramLabel = "DIR", description = "The keyset files, if the backup wrote them elsewhere (--keys-out).")
    Path keysFrom;

    @Option(names = "--blobs-from", paramLabel = "DIR", description = "An rsync copy of data-dir/blobs, for a backup taken with --no-blobs.")
    Path blobsFrom;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Restore.Result r;
        try {
            r = new Restore(System.getenv(), Clock.systemUTC()).run(from, dataDir, masterKeyFile, keysFrom, blobsFrom);
        } catch (BackupException e) {
            throw new UserInputException("restore: " + e.getMessage());
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println("Restored the backup of " + r.manifest().createdAt() + " into " + dataDir.toAbsolutePath());
        if (r.keys() != null) {
            o.println("  database: " + r.storybooks() + " storybook(s), " + r.films() + " film(s); " + r.keys().stored()
                    + " stored key(s), all decrypt");
        }
        if (r.keyset() != null) {
            o.println("  keyset:   " + r.keyset().toAbsolutePath());
        }
        o.println("  blobs:    " + r.blobs() + " restored and checked" + (r.blobsLeftOut() > 0
                ? "; " + r.blobsLeftOut() + " listed but not in the backup: pass --blobs-from with an rsync copy" : ""));
        if (r.pgRestore() != null) {
            o.println("  now restore the PostgreSQL dump: " + r.pgRestore());
        }
        return 0;
    }
}
