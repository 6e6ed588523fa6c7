package io.storyreel.app.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.app.CommandRun;
import io.storyreel.core.ops.OpsRows;
import io.storyreel.core.storage.Database;
import io.storyreel.sim.kling.KlingSimulator;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.telegram.FakeTelegramServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code storyreel status}: one screen (or one JSON line) read from the database; PostgreSQL directly, the embedded H2
 * through the running bot's ops endpoint (H2 is one process's alone), and one line with exit 2 when there is nothing
 * to read.
 */
class StatusCommandTest {
    @TempDir
    Path dir;

    @Test
    void postgresIsReadDirectlyAsAScreenAndAsJson() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            long now = System.currentTimeMillis();
            try (Database db = Database.open(url, "postgres", "", 2)) {
                OpsRows rows = new OpsRows(db.dataSource());
                rows.book("b-pg-1", "GENERATING", "kling", now - 120_000, now);
                rows.clip("c1", "b-pg-1", 1, "kling", "PENDING", null, 0.14, null, now - 100_000, now);
                rows.clip("c2", "b-pg-1", 2, "kling", "RUNNING", "t2", 0.14, null, now - 100_000, now);
            }
            Path config = dir.resolve("pg.yml");
            Files.writeString(config, "database:\n  url: " + url + "\n  user: postgres\n");

            CommandRun screen = CommandRun.run("status", "--config", config.toString(), "--data-dir", dir.toString());
            assertThat(screen.code()).as(screen.err()).isZero();
            assertThat(screen.out()).contains("Films running: 1", "b-pg-1", "kling    1 / 1 / 0", "$0.14");

            CommandRun json = CommandRun.run("status", "--json", "--config", config.toString(), "--data-dir", dir.toString());
            JsonNode j = new ObjectMapper().readTree(json.out());
            assertThat(j.get("running_films").asInt()).isEqualTo(1);
            assertThat(j.at("/queues/kling/in_flight").asInt()).isEqualTo(1);
            assertThat(j.get("spend_today_usd").asDouble()).isEqualTo(0.14);
        }
    }

    @Test
    void theEmbeddedDatabaseOfARunningBotIsReadThroughItsOpsEndpoint() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("h2.yml");
        Files.writeString(config, "ops:\n  port: " + port + "\n");
        try (KlingSimulator kling = KlingSimulator.start(SimSettings.fast().withClipSeconds(1));
             FakeTelegramServer telegram = FakeTelegramServer.start()) {
            Map<String, String> env = new HashMap<>(CrashResumeTest.childEnv(telegram.token()));
            env.put("STORYREEL_OPS_PORT", Integer.toString(port));
            try (BotProcess bot = BotProcess.start("status-h2", env, "--data-dir", dir.toString(),
                    "--telegram-api-url", telegram.baseUrl(), "--kling-base-url", kling.baseUrl())) {
                new FilmUser(telegram, 611, "Ines").orderFilm(kling, 1);
                CommandRun run = CommandRun.run("status", "--config", config.toString(), "--data-dir", dir.toString());
                assertThat(run.code()).as(run.err()).isZero();
                assertThat(run.out()).contains("Storyreel at", "Films running:", "Spend today (UTC, estimated)");
                CommandRun json = CommandRun.run("status", "--json", "--config", config.toString(), "--data-dir", dir.toString());
                assertThat(new ObjectMapper().readTree(json.out()).has("spend_today_usd")).isTrue();
            }
        }
        // the bot is gone: the database is free and read directly
        CommandRun after = CommandRun.run("status", "--config", config.toString(), "--data-dir", dir.toString());
        assertThat(after.code()).as(after.err()).isZero();
        assertThat(after.out()).contains("Films running:");
    }

    @Test
    void anInstallationWithoutADatabaseIsOneLineAndExitTwo() {
        CommandRun.run("status", "--data-dir", dir.resolve("nothing-here").toString()).refused("storyreel: status: ");
    }
}
