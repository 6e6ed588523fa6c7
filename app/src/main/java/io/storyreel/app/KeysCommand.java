package io.storyreel.app;

import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.keys.TinkKeyVault;
import io.storyreel.core.storage.BotPresence;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.DatabaseUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "Key vault tools (rotate the master key).",
        subcommands = {KeysCommand.Rotate.class})
final class KeysCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Re-encrypt every stored provider key under a new master key, then drop the old key.",
                    "Refused while a bot runs on the same database (H2: its file lock; PostgreSQL: the lock every "
                            + "running bot holds, and workers' heartbeats): running bots hold the old key in memory.",
                    "The keyset as it was is kept next to it as <file>.retired-<UTC time>, so older backups stay readable.",
                    "Needs a keyset file (security.master-key-file); a keyset from STORYREEL_MASTER_KEYSET cannot be rewritten."})
    static final class Rotate implements Callable<Integer> {
        @Mixin
        DataOptions options = new DataOptions();

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            StoryreelConfig cfg = options.load(System.getenv());
            try (Database db = Database.openExisting(cfg.database().url(), cfg.database().user(), cfg.database().password(), 2);
                 BotPresence alone = BotPresence.requireAlone(db, Clock.systemUTC())) {
                int n;
                try {
                    n = TinkKeyVault.open(db.dataSource(), cfg, System.getenv(), Clock.systemUTC()).rotate();
                } catch (IllegalStateException e) {
                    throw new UserInputException(e.getMessage());
                }
                spec.commandLine().getOut().println("Rotated the master key: " + n + " stored credential(s) re-encrypted.");
                return 0;
            } catch (DatabaseUnavailableException e) {
                throw new UserInputException("keys rotate: " + e.getMessage());
            }
        }
    }
}
