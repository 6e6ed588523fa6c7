package io.storyreel.app.runtime;

import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.StorageHealth;
import io.storyreel.discord.DiscordBot;
import io.storyreel.telegram.TelegramBot;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code /readyz} checks: the database answers, every chat this process receives from is connected, and the
 * data folder's file system has at least {@code storage.min-free-mb} free (the floor below which no new film starts). A worker receives from no chat, so it
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
        long floor = config.storage().minFreeBytes();
        StorageHealth disk = StorageHealth.of(config.dataDir(), floor);
        checks.put("disk", () -> {
            long free = disk.freeBytes();
            if (free < floor) {
                throw new IllegalStateException((free >> 20) + " MB free under " + config.dataDir()
                        + ", below storage.min-free-mb " + (floor >> 20));
            }
            return "ok, " + (free >> 20) + " MB free";
        });
        return checks;
    }
}
