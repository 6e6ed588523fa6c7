package io.storyreel.app.engine;

import io.storyreel.app.CommandRun;
import io.storyreel.app.Main;
import io.storyreel.app.runtime.StoryreelRuntime;
import io.storyreel.core.config.ConfigLoader;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.sim.telegram.FakeTelegramServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.storyreel.core.keys.MasterKeyset;
import io.storyreel.core.keys.TinkKeyVault;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KeysRotateCommandTest {
    @TempDir
    Path dataDir;

    @Test
    void rotateReencryptsTheStoredKeysUnderTheDataDirsKeyset() throws Exception {
        Path keyset = dataDir.resolve("master-keyset.json");
        String before;
        try (Database db = Database.open(Database.h2Url(dataDir), "", "", 2)) {
            TinkKeyVault v = new TinkKeyVault(db.dataSource(), MasterKeyset.load(keyset, "STORYREEL_MASTER_KEYSET", null),
                    Map.of(), Set.of(), Clock.systemUTC());
            v.store("TELEGRAM:1", "kling", Credentials.of("accessKey", "ak-rotate-test", "secretKey", "sk-rotate-test"));
            before = cipher(db);
        }
        String keysetBefore = Files.readString(keyset);

        int code = Main.execute("keys", "rotate", "--data-dir", dataDir.toString());

        assertThat(code).isZero();
        assertThat(Files.readString(keyset)).isNotEqualTo(keysetBefore);
        // the keyset it replaced stays next to it, for backups taken before the rotation
        assertThat(MasterKeyset.fileAndRetired(keyset)).hasSize(2);
        assertThat(Files.readString(MasterKeyset.fileAndRetired(keyset).get(1))).isEqualTo(keysetBefore);
        try (Database db = Database.open(Database.h2Url(dataDir), "", "", 2)) {
            assertThat(cipher(db)).isNotEqualTo(before);
            TinkKeyVault v = new TinkKeyVault(db.dataSource(), MasterKeyset.load(keyset, "STORYREEL_MASTER_KEYSET", null),
                    Map.of(), Set.of(), Clock.systemUTC());
            assertThat(v.load("TELEGRAM:1", "kling")).get().extracting(c -> c.get("secretKey")).isEqualTo("sk-rotate-test");
        }
    }

    @Test
    void rotateIsRefusedInOneLineWhileABotProcessHasTheH2Database() throws Exception {
        Path keyset = dataDir.resolve("master-keyset.json");
        try (FakeTelegramServer telegram = FakeTelegramServer.start();
             BotProcess bot = BotProcess.start("rotate-h2-bot", CrashResumeTest.childEnv(telegram.token()),
                     "--data-dir", dataDir.toString(), "--telegram-api-url", telegram.baseUrl())) {
            String keysetBefore = Files.readString(keyset);

            CommandRun r = CommandRun.run("keys", "rotate", "--data-dir", dataDir.toString());

            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("storyreel: keys rotate: the database jdbc:h2:file:")
                    .endsWith("is open in another process (a running bot?); H2 allows one process at a time, stop it first")
                    .doesNotContain("\n");
            assertThat(Files.readString(keyset)).isEqualTo(keysetBefore);
            assertThat(MasterKeyset.fileAndRetired(keyset)).hasSize(1);
        }
    }

    @Test
    void rotateIsRefusedWhileABotRunsOnTheSamePostgresqlAndWorksOnceItStopped() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            Path cfgFile = dataDir.resolve("pg.yml");
            Files.writeString(cfgFile, "data-dir: " + dataDir + "\ndatabase:\n  url: " + pg.getJdbcUrl("postgres", "postgres")
                    + "\n  user: postgres\n");
            StoryreelConfig cfg = new ConfigLoader(Map.of()).load(cfgFile, Map.of("role", "worker"));
            Path keyset = cfg.security().masterKeyFile();
            try (StoryreelRuntime bot = StoryreelRuntime.start(cfg, Map.of(), Clock.systemUTC(), StoryreelRuntime.Tweaks.none())) {
                TinkKeyVault.open(bot.database().dataSource(), cfg, Map.of(), Clock.systemUTC())
                        .store("TELEGRAM:5", "minimax", Credentials.of("apiKey", "mm-pg-rotate"));
                String keysetBefore = Files.readString(keyset);

                CommandRun r = CommandRun.run("keys", "rotate", "--config", cfgFile.toString());

                assertThat(r.code()).isEqualTo(2);
                assertThat(r.err().strip()).isEqualTo("storyreel: keys rotate: Storyreel bots are running on this PostgreSQL "
                        + "database (1 process(es) hold its presence lock); stop them first");
                assertThat(Files.readString(keyset)).isEqualTo(keysetBefore);
            }
            CommandRun r = CommandRun.run("keys", "rotate", "--config", cfgFile.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("1 stored credential(s) re-encrypted");
        }
    }

    private static String cipher(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT ciphertext FROM credential")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
