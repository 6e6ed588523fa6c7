package io.storyreel.app.telegram;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5's promise, through the whole product: after a user sends /setkeys in the chat and makes a film, neither a
 * dump of the database (H2's SCRIPT; every PostgreSQL table) nor anything the bot logged holds the key or the bot
 * token in plain text (nor as hex or base64 of it). The log capture uses the same masking pattern the app prints with.
 */
class SecretsAtRestAndInLogsTest {
    private static final String AK = "AKsecretAccess7f3a9c";
    private static final String SK = "SKsecretSecret0b6e2d41";
    private boolean json;
    private String capturedLogText;

    @Test
    void h2() throws Exception {
        String dump = runFilmAndDump(TelegramStack.Options.defaults(), this::h2Dump);
        assertThat(dump).contains("CREATE").contains("CREDENTIAL");
    }

    /** logging.format json (the app's JSON encoder): the same promise, and every line is one JSON object. */
    @Test
    void h2WithJsonLogs() throws Exception {
        json = true;
        runFilmAndDump(TelegramStack.Options.defaults(), this::h2Dump);
        String[] lines = capturedLogText.split("\n");
        assertThat(lines).hasSizeGreaterThan(10);
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        int aboutAFilm = 0;
        java.util.regex.Pattern about = java.util.regex.Pattern.compile("^Storybook ([0-9a-f-]{36})\\b");
        for (String line : lines) {
            com.fasterxml.jackson.databind.JsonNode n = mapper.readTree(line);
            assertThat(n.has("level") && n.has("loggerName") && n.has("formattedMessage")).as(line).isTrue();
            java.util.regex.Matcher m = about.matcher(n.get("formattedMessage").asText());
            if (m.find()) {
                aboutAFilm++;
                assertThat(n.at("/mdc/storybook").asText()).as("correlation id of: " + line).isEqualTo(m.group(1));
            }
        }
        assertThat(aboutAFilm).as("lines about the film (generating, submitted, downloaded, merged, delivered)")
                .isGreaterThanOrEqualTo(6);
    }

    @Test
    void postgres() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            String dump = runFilmAndDump(TelegramStack.Options.defaults()
                    .withSetting("database.url", url).withSetting("database.user", "postgres"), this::tablesDump);
            assertThat(dump).contains("credential").contains("kling");
        }
    }

    /**
     * Issue 14 (L1): keys pasted as a plain message instead of /setkeys, in the private chat and as a reply in a group,
     * are deleted in Telegram, never become the prompt the bot was asking for, are not repeated in any answer, and leave
     * no trace in a dump of the database or in anything logged (at DEBUG, Telegram's library included).
     */
    @Test
    void keysPastedAsPlainTextAreDeletedAndLeaveNoTrace() throws Exception {
        String ak = "AKpasted0a1b2c3d4e5f";
        String sk = "SKpasted9f8e7d6c5b4a3210";
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> appender = captureAllLogs(logs, false);
        String dump;
        try (TelegramStack stack = TelegramStack.start()) {
            var tg = stack.telegram;
            SimUser pat = tg.user(8282, "Pat", "pat");
            SimChat dm = tg.privateChat(pat);
            int photo = tg.sendPhoto(dm, pat, io.storyreel.sim.telegram.TestImages.jpeg(480, 360), null);
            stack.awaitTextAfter(dm, photo, "What should happen");
            int pasted = tg.sendText(dm, pat, "kling " + ak + " " + sk);
            SimMessage told = stack.awaitTextAfter(dm, pasted, "That looks like a Kling AI key");
            assertThat(told.text()).contains("I deleted your message").contains("/setkeys kling");
            assertThat(tg.message(dm, pasted).orElseThrow().deleted()).isTrue();
            int list = tg.sendCommand(dm, pat, "/list");
            assertThat(stack.awaitTextAfter(dm, list, "1.").textOrCaption()).doesNotContain(ak);

            SimChat group = tg.group(-7001, "Kite club");
            tg.setBotAdmin(group, true);
            int opened = tg.sendCommand(group, pat, "/new Kites");
            SimMessage anchor = stack.awaitTextAfter(group, opened, "New storybook");
            tg.replyPhoto(group, pat, anchor.messageId(), io.storyreel.sim.telegram.TestImages.jpeg(400, 400), null);
            SimMessage question = stack.await(group, "What should happen");
            int replied = tg.reply(group, pat, question.messageId(), ak + " " + sk);
            SimMessage warning = stack.awaitTextAfter(group, replied, "never post API keys");
            assertThat(warning.text()).contains("rotate");
            assertThat(tg.message(group, replied).orElseThrow().deleted()).isTrue();

            for (SimChat chat : List.of(dm, group)) {
                assertThat(tg.botMessages(chat)).allSatisfy(m -> assertThat(m.textOrCaption())
                        .doesNotContain(ak).doesNotContain(sk));
            }
            try (Connection c = stack.bot.database().dataSource().getConnection()) {
                dump = h2Dump(c);
            }
        } finally {
            detach(appender);
        }
        assertThat(dump).contains("SCENE");
        String logText = logs.toString(StandardCharsets.UTF_8);
        assertThat(logText).contains("looked like provider keys");
        for (String secret : List.of(ak, sk)) {
            for (String form : forms(secret)) {
                assertThat(dump).as("database dump").doesNotContain(form);
                assertThat(logText).as("log output").doesNotContain(form);
            }
        }
    }

    /**
     * A prompt stored before keys were recognised (a MiniMax JWT pasted as a scene's text, as older versions kept it):
     * through the real Telegram stack, /list shows it masked, by the key shape the installed MiniMax provider declares.
     */
    @Test
    void aKeyShapedTokenInAPromptStoredBeforeIsMaskedInEveryAnswer() throws Exception {
        String jwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJHcm91cE5hbWUiOiJvbGRlciJ9.b2xkLXNpZ25hdHVyZS0xMjM0";
        try (TelegramStack stack = TelegramStack.start()) {
            var tg = stack.telegram;
            SimUser lee = tg.user(8383, "Lee");
            SimChat dm = tg.privateChat(lee);
            int photo = tg.sendPhoto(dm, lee, io.storyreel.sim.telegram.TestImages.jpeg(480, 360), null);
            stack.awaitTextAfter(dm, photo, "What should happen");
            try (Connection c = stack.bot.database().dataSource().getConnection();
                 var st = c.prepareStatement("UPDATE scene SET prompt = ?")) {
                st.setString(1, "the kite, key " + jwt + " thanks");
                assertThat(st.executeUpdate()).isEqualTo(1);
            }
            int list = tg.sendCommand(dm, lee, "/list");
            assertThat(stack.awaitTextAfter(dm, list, "1.").textOrCaption()).contains("the kite, key *** thanks");
            assertThat(tg.botMessages(dm)).allSatisfy(m -> assertThat(m.textOrCaption()).doesNotContain(jwt));
        }
    }

    interface Dumper {
        String dump(Connection c) throws Exception;
    }

    private String runFilmAndDump(TelegramStack.Options options, Dumper dumper) throws Exception {
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> appender = captureAllLogs(logs, json);
        String token;
        String dump;
        try (TelegramStack stack = TelegramStack.start(options)) {
            token = stack.telegram.token();
            stack.kling.addAccount(AK, SK);
            SimUser sam = stack.telegram.user(8181, "Sam");
            SimChat chat = stack.telegram.privateChat(sam);
            stack.telegram.sendAlbum(chat, sam, List.of(new AlbumPart(TelegramStack.noiseJpeg(640, 480, 11), "a kite rises"),
                    new AlbumPart(TelegramStack.noiseJpeg(640, 480, 12), "the kite loops")));
            stack.await(chat, "2 of 6 photos");
            int keyMessage = stack.setKlingKeys(chat, sam, AK, SK);
            assertThat(stack.telegram.message(chat, keyMessage)).get().extracting(SimMessage::deleted).isEqualTo(true);
            SimMessage film = stack.makeAndConfirm(chat, sam, sam);
            assertThat(film.video()).isNotEmpty();
            assertThat(stack.kling.journal().createsFor(AK)).isEqualTo(2);
            // the capture really goes through the masking converters: a deliberate leak comes out masked
            LoggerFactory.getLogger("leak-check").warn("deliberate leak {} {}", SK, token);
            try (Connection c = stack.bot.database().dataSource().getConnection()) {
                dump = dumper.dump(c);
            }
        } finally {
            detach(appender);
        }
        String logText = logs.toString(StandardCharsets.UTF_8);
        capturedLogText = logText;
        assertThat(logText).contains("film").contains("deliberate leak *** ***");
        for (String secret : List.of(AK, SK, token)) {
            for (String form : forms(secret)) {
                assertThat(dump).as("database dump").doesNotContain(form);
                assertThat(logText).as("log output").doesNotContain(form);
            }
        }
        return dump;
    }

    private static List<String> forms(String secret) {
        byte[] b = secret.getBytes(StandardCharsets.UTF_8);
        return List.of(secret, HexFormat.of().formatHex(b), HexFormat.of().withUpperCase().formatHex(b),
                Base64.getEncoder().encodeToString(b));
    }

    private String h2Dump(Connection c) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SCRIPT")) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append('\n');
            }
        }
        return sb.toString();
    }

    private String tablesDump(Connection c) throws Exception {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        assertThat(tables).contains("credential", "clip", "scheduled_tasks");
        StringBuilder sb = new StringBuilder();
        for (String t : tables) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM \"" + t + "\"")) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    sb.append(t).append(':');
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        sb.append(' ').append(v instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : v);
                    }
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static OutputStreamAppender<ILoggingEvent> captureAllLogs(ByteArrayOutputStream sink, boolean json) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.core.encoder.Encoder<ILoggingEvent> enc;
        if (json) {
            enc = new io.storyreel.core.logging.MaskingJsonEncoder();
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern("%d %-5level [%thread] %logger - %msg%n%ex");
            enc = text;
        }
        enc.setContext(ctx);
        enc.start();
        OutputStreamAppender<ILoggingEvent> app = new OutputStreamAppender<>();
        app.setContext(ctx);
        app.setEncoder(enc);
        app.setOutputStream(sink);
        app.start();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(app);
        ctx.getLogger("io.storyreel").setLevel(Level.DEBUG);
        ctx.getLogger("org.telegram").setLevel(Level.DEBUG);
        ctx.getLogger("okhttp3").setLevel(Level.DEBUG);
        return app;
    }

    private static void detach(OutputStreamAppender<ILoggingEvent> app) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(app);
        ctx.getLogger("io.storyreel").setLevel(Level.INFO);
        ctx.getLogger("org.telegram").setLevel(null);
        ctx.getLogger("okhttp3").setLevel(null);
        app.stop();
    }
}
