package io.storyreel.core.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** logging.format: the same events as text or as one JSON object per line, secrets masked either way. */
class LogFormatTest {
    /** A secret with characters JSON escapes: it must not slip through in its escaped spelling either. */
    private static final String SECRET = "sk-\"quoted\\path/42";
    private static final String TOKEN = "7000001:AAFakeTokenForLogTests";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private OutputStreamAppender<ILoggingEvent> appender;

    @AfterEach
    void detach() {
        StoryreelLogEncoder.useFormat("text");
        if (appender != null) {
            ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("format-test").detachAppender(appender);
            appender.stop();
        }
    }

    private Logger logger() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        StoryreelLogEncoder enc = new StoryreelLogEncoder();
        enc.setContext(ctx);
        enc.setPattern("%level %logger%replace( [sb=%X{storybook}]){' \\[sb=\\]', ''} - %msg%n%ex");
        enc.start();
        appender = new OutputStreamAppender<>();
        appender.setContext(ctx);
        appender.setEncoder(enc);
        appender.setOutputStream(out);
        appender.start();
        Logger l = ctx.getLogger("format-test");
        l.setLevel(ch.qos.logback.classic.Level.INFO);
        l.setAdditive(false);
        l.addAppender(appender);
        return l;
    }

    private void logSomeLines(Logger log) {
        SecretRegistry.register(SECRET);
        SecretRegistry.register(TOKEN);
        log.info("plain line");
        MDC.put("storybook", "b-42");
        try {
            log.warn("calling with key {} and token {}", SECRET, TOKEN);
            log.error("it failed", new IllegalStateException("key " + SECRET + " refused"));
        } finally {
            MDC.remove("storybook");
        }
    }

    @Test
    void jsonLinesAreObjectsWithTheStorybookAndNoSecret() throws Exception {
        Logger log = logger();
        StoryreelLogEncoder.useFormat("json");
        logSomeLines(log);
        String text = out.toString(StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(3);
        ObjectMapper m = new ObjectMapper();
        JsonNode first = m.readTree(lines.get(0));
        JsonNode second = m.readTree(lines.get(1));
        JsonNode third = m.readTree(lines.get(2));
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("formattedMessage").asText()).isEqualTo("plain line");
        assertThat(first.path("mdc").path("storybook").isMissingNode()).isTrue();
        assertThat(second.get("formattedMessage").asText()).isEqualTo("calling with key *** and token ***");
        assertThat(second.at("/mdc/storybook").asText()).isEqualTo("b-42");
        assertThat(third.at("/throwable/message").asText()).isEqualTo("key *** refused");
        assertThat(text).doesNotContain(SECRET).doesNotContain("sk-\\\"quoted\\\\path").doesNotContain(TOKEN)
                .doesNotContain("AAFakeTokenForLogTests");
    }

    @Test
    void textLinesCarryTheStorybookAndNoSecret() {
        Logger log = logger();
        logSomeLines(log);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).isEqualTo("INFO format-test - plain line");
        assertThat(lines.get(1)).isEqualTo("WARN format-test [sb=b-42] - calling with key *** and token ***");
        assertThat(lines.get(2)).isEqualTo("ERROR format-test [sb=b-42] - it failed");
        assertThat(String.join("\n", lines)).contains("IllegalStateException: key *** refused").doesNotContain(SECRET);
    }
}
