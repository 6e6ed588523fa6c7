package io.storyreel.app;

import io.storyreel.core.config.ConfigLoader;
import io.storyreel.core.config.StoryreelConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The options of the commands that work on an installation's data without running the bot (keys rotate, backup). */
final class DataOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data folder (default: data).")
    Path dataDir;

    @Option(names = "--master-key-file", paramLabel = "FILE", description = "The master keyset file (security.master-key-file).")
    Path masterKeyFile;

    StoryreelConfig load(Map<String, String> env) {
        Map<String, String> overrides = new HashMap<>();
        if (dataDir != null) {
            overrides.put("data-dir", dataDir.toString());
        }
        if (masterKeyFile != null) {
            overrides.put("security.master-key-file", masterKeyFile.toString());
        }
        return new ConfigLoader(env).load(config, overrides);
    }
}
