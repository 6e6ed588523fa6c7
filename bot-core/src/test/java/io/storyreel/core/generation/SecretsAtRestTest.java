package io.storyreel.core.generation;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.OutputStreamAppender;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.storybook.StorybookSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After keys are stored and a film is made, neither the database (H2 SCRIPT, including the scheduler's table)
 * nor the log output at DEBUG contains a key, in plain text or hex.
 */
class SecretsAtRestTest {
    private static final String API_KEY = "sk-live-0123456789abcdefSECRET";
    @TempDir
    Path dir;
    EngineFixture fx;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender;
    Level rootLevel;

    @BeforeEach
    void captureLogs() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        // the same masking converters as the shipped logback configuration
        enc.setPattern("%-5level %logger - %msg%n%ex");
        ctx.putObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY, registry(ctx));
        enc.start();
        appender = new OutputStreamAppender<>();
        appender.setContext(ctx);
        appender.setEncoder(enc);
        appender.setOutputStream(logs);
        appender.start();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        root.addAppender(appender);
        ctx.getLogger("io.storyreel").setLevel(Level.DEBUG);
        fx = new EngineFixture(dir);
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, String> registry(LoggerContext ctx) {
        Object existing = ctx.getObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY);
        java.util.Map<String, String> m = existing == null ? new java.util.HashMap<>() : (java.util.Map<String, String>) existing;
        m.put("msg", io.storyreel.core.logging.MaskingMessageConverter.class.getName());
        m.put("ex", io.storyreel.core.logging.MaskingThrowableConverter.class.getName());
        return m;
    }

    @AfterEach
    void release() {
        fx.close();
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        root.setLevel(rootLevel);
        ctx.getLogger("io.storyreel").setLevel(Level.INFO);
    }

    @Test
    void noKeyInTheDatabaseDumpOrTheLogsAfterAFilm() throws Exception {
        fx.vault.store("TELEGRAM:7", "kling", Credentials.of("apiKey", API_KEY));
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "a", "b");
        engine.start(book, 50L * 1024 * 1024);
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.kling.seenKeys).containsExactly(API_KEY); // the key really went through the engine
        // a careless log line is masked: proves this capture goes through the masking converters
        LoggerFactory.getLogger("careless").warn("calling with key {}", API_KEY);
        engine.stop();

        StringBuilder dump = new StringBuilder();
        try (Connection c = fx.db.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery("SCRIPT")) {
            while (rs.next()) {
                dump.append(rs.getString(1)).append('\n');
            }
        }
        String hex = HexFormat.of().formatHex(API_KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(dump.toString()).contains("CREATE MEMORY TABLE \"PUBLIC\".\"CREDENTIAL\"").contains("INSERT INTO \"PUBLIC\".\"CLIP\"")
                .doesNotContain(API_KEY).doesNotContainIgnoringCase(hex);
        String log = logs.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("calling with key ***").contains("delivered").doesNotContain(API_KEY);
    }
}
