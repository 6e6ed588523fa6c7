package io.storyreel.app.runtime;

import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.storage.Database;
import io.storyreel.discord.DiscordBot;
import io.storyreel.telegram.TelegramBot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code /readyz} checks: the database answers, every chat this process receives from is connected, and the
 * data folder's file system has at least {@code ops.min-free-disk-mb} free. A worker receives from no chat, so it
 * has no chat check.
 */
final class Readiness {
    private Readiness() {
    }

    static Map<String, OpsServer.ReadinessCheck> checks(StoryreelConfig config, Database database, TelegramBot telegram,
                                                         DiscordBot discord) {
        Map<String, OpsServer.ReadinessCheck> checks = new LinkedHashMap<>();
        checks.put("database", () -> {
            try (Connection c = database.dataSource().getConnection()) {
                if (!c.isValid(2)) {
                    throw new IllegalStateException("the database did not answer");
                }
                return "ok";
            }
        });
        if (telegram != null) {
            checks.put("telegram", () -> {
                if (!telegram.receiving()) {
                    throw new IllegalStateException("not receiving updates from Telegram");
                }
                return "ok";
            });
        }
        if (discord != null) {
            checks.put("discord", () -> {
                if (!discord.connected()) {
                    throw new IllegalStateException("not connected to the Discord gateway");
                }
                return "ok";
            });
        }
        long floor = config.ops().minFreeDiskBytes();
        Path data = config.dataDir();
        checks.put("disk", () -> {
            Files.createDirectories(data);
            long free = Files.getFileStore(data).getUsableSpace();
            if (free < floor) {
                throw new IllegalStateException((free >> 20) + " MB free under " + data + ", below ops.min-free-disk-mb "
                        + (floor >> 20));
            }
            return "ok, " + (free >> 20) + " MB free";
        });
        return checks;
    }
}
