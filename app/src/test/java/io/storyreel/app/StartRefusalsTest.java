package io.storyreel.app;

import io.storyreel.app.runtime.StoryreelRuntime;
import io.storyreel.core.config.ConfigException;
import io.storyreel.core.config.ConfigLoader;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.storage.Database;
import io.storyreel.sim.telegram.FakeTelegramServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

import static io.storyreel.app.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Settings that pass their own checks but that a library refuses when the bot starts (a port already taken, an
 * address not of this machine, a database that is not there or whose schema history was altered, a keyset file that
 * is no keyset, a data folder that cannot be made, db-scheduler's heartbeat limit): {@code storyreel run} stops with
 * one line naming the setting and the library's reason, exit code 2, no stack trace.
 */
class StartRefusalsTest {
    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    FakeTelegramServer telegram;

    @BeforeEach
    void startTelegram() {
        telegram = FakeTelegramServer.start(FakeTelegramServer.Settings.defaults());
    }

    @AfterEach
    void stopTelegram() {
        telegram.close();
    }

    /** {@code storyreel run} with a config file holding the fake Telegram's token and URLs plus {@code yaml}. */
    private CommandRun runWith(String yaml) throws IOException {
        Path cfg = dir.resolve("storyreel.yml");
        Files.writeString(cfg, "telegram:\n  token: \"" + telegram.token() + "\"\n  api-url: " + telegram.baseUrl()
                + "\n  file-url: " + telegram.baseUrl() + "\nkling:\n  base-url: http://127.0.0.1:9\n" + yaml);
        return assertTimeoutPreemptively(START, () -> run("run", "--config", cfg.toString(),
                "--data-dir", dir.resolve("data").toString()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aCallbackPortAlreadyTakenNamesThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            CommandRun r = runWith("callbacks:\n  public-url: https://bot.example.com/hooks\n  port: " + port + "\n");
            r.refused("storyreel: callbacks.port: cannot listen on 127.0.0.1:" + port + ": ");
            assertThat(r.err()).containsIgnoringCase("already in use");
        }
    }

    @Test
    void aBindAddressThatIsNotThisMachinesNamesTheAddress() throws Exception {
        // 192.0.2.1 is TEST-NET-1: documentation only, never assigned to an interface
        CommandRun r = runWith("callbacks:\n  public-url: https://bot.example.com/hooks\n  bind-address: 192.0.2.1\n"
                + "  port: " + freePort() + "\n");
        r.refused("storyreel: callbacks.bind-address: cannot listen on 192.0.2.1:");
    }

    @Test
    void aStylesFileThatIsNotPresetsIsOneLineNamingTheSetting() throws Exception {
        Path styles = dir.resolve("styles.yml");
        Files.writeString(styles, "presets:\n  - name: glitch\n    style: datamosh\n");
        runWith("styles:\n  file: " + styles + "\n").refused("storyreel: styles.file: " + styles
                + ": each preset needs a name (letters, digits, - or _), a description and a style: glitch");
        Files.writeString(styles, "presets: [ {name: glitch, colour: red ");
        runWith("styles:\n  file: " + styles + "\n").refused("storyreel: styles.file: " + styles + ": ");
        runWith("styles:\n  file: " + dir.resolve("none.yml") + "\n")
                .refused("storyreel: styles.file: file not found: " + dir.resolve("none.yml"));
    }

    @Test
    void aDatabaseThatIsNotThereNamesTheUrl() throws Exception {
        int port = freePort();
        CommandRun r = runWith("database:\n  url: jdbc:postgresql://127.0.0.1:" + port + "/storyreel?password=hunter2secret\n");
        r.refused("storyreel: database.url: cannot connect to jdbc:postgresql://127.0.0.1:" + port + "/storyreel: ");
        assertThat(r.err()).doesNotContain("hunter2secret");
    }

    @Test
    void aSchemaHistoryThatNoLongerMatchesNamesTheDatabase() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        try (Database db = Database.open(Database.h2Url(data), "", "", 2);
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE \"flyway_schema_history\" SET \"checksum\" = 12345 WHERE \"version\" = '1'");
        }
        CommandRun r = runWith("");
        r.refused("storyreel: database.url: the database at jdbc:h2:file:" + data.toAbsolutePath().resolve("storyreel")
                + " cannot be brought to this version of Storyreel's schema: ");
        assertThat(r.err()).contains("checksum mismatch for migration version 1");
    }

    @Test
    void aKeysetFileThatIsNoKeysetNamesTheSettingWithoutItsContent() throws Exception {
        Path keyset = dir.resolve("keyset.json");
        Files.writeString(keyset, "{\"primaryKeyId\": 1, \"key\": \"AKIA-not-a-keyset-0123456789\"}");
        Files.setPosixFilePermissions(keyset, PosixFilePermissions.fromString("rw-------"));
        CommandRun r = runWith("security:\n  master-key-file: " + keyset + "\n");
        r.refused("storyreel: security.master-key-file: the master keyset in " + keyset + " is not a valid Tink JSON keyset");
        assertThat(r.err()).doesNotContain("AKIA-not-a-keyset");

        Path underAFile = Files.writeString(dir.resolve("a-file"), "x").resolve("keyset.json");
        CommandRun noFolder = runWith("security:\n  master-key-file: " + underAFile + "\n");
        noFolder.refused("storyreel: security.master-key-file: cannot read or write " + underAFile + ": ");
    }

    @Test
    void aDataFolderThatCannotBeMadeNamesTheDataDir() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path cfg = dir.resolve("c.yml");
        Files.writeString(cfg, "telegram:\n  token: \"" + telegram.token() + "\"\n  api-url: " + telegram.baseUrl() + "\n");
        CommandRun r = assertTimeoutPreemptively(START, () -> run("run", "--config", cfg.toString(),
                "--data-dir", file.resolve("data").toString()));
        r.refused("storyreel: data-dir: cannot create it: ");
    }

    /**
     * The configuration checks the heartbeat limit itself; this proves that db-scheduler's own refusal, should a value
     * reach it anyway (the engine settings a test or bench builds), is turned into the same line, and that the half-
     * started bot is closed (its database can be opened again).
     */
    @Test
    void dbSchedulersOwnRefusalIsOneLineNamingTheSetting() {
        StoryreelConfig config = new ConfigLoader(Map.of()).load(null, Map.of("data-dir", dir.resolve("data").toString(),
                "kling.base-url", "http://127.0.0.1:9"));
        assertThatThrownBy(() -> StoryreelRuntime.start(config, Map.of(), Clock.systemUTC(), new StoryreelRuntime.Tweaks(
                UnaryOperator.identity(), e -> e.withTimings(e.schedulerPolling(), e.heartbeat(), 3, e.firstPoll(),
                e.maxPollInterval(), e.slotWait(), e.retryBase(), e.reconcileInterval())))).isInstanceOf(ConfigException.class)
                .hasMessage("engine.missed-heartbeats: db-scheduler refused it: Heartbeat-limit must be at least 4");
        Database.open(config.database().url(), "", "", 2).close();
    }
}
