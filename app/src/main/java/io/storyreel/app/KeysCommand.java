package io.storyreel.app;

import io.storyreel.core.config.ConfigLoader;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.keys.TinkKeyVault;
import io.storyreel.core.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
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
                    "Stop running bots first: they hold the old key in memory.",
                    "Needs a keyset file (security.master-key-file); a keyset from STORYREEL_MASTER_KEYSET cannot be rewritten."})
    static final class Rotate implements Callable<Integer> {
        @Option(names = "--config", description = "YAML configuration file")
        Path config;

        @Option(names = "--data-dir", description = "Data folder (database, blobs, master keyset)")
        Path dataDir;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, String> overrides = new HashMap<>();
            if (dataDir != null) {
                overrides.put("data-dir", dataDir.toString());
            }
            StoryreelConfig cfg = new ConfigLoader(System.getenv()).load(config, overrides);
            try (Database db = Database.open(cfg.database().url(), cfg.database().user(), cfg.database().password(), 2)) {
                int n;
                try {
                    n = TinkKeyVault.open(db.dataSource(), cfg, System.getenv(), Clock.systemUTC()).rotate();
                } catch (IllegalStateException e) {
                    throw new UserInputException(e.getMessage());
                }
                spec.commandLine().getOut().println("Rotated the master key: " + n + " stored credential(s) re-encrypted.");
                return 0;
            }
        }
    }
}
