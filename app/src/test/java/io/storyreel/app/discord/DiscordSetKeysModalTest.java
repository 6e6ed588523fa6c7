package io.storyreel.app.discord;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.storyreel.core.keys.TinkKeyVault;
import io.storyreel.core.provider.Credentials;
import io.storyreel.sim.discord.FakeDiscord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /setkeys} through the real stack: the keys travel only inside the modal, the answer is ephemeral and masked,
 * nothing the bot posted or logged holds them, and the {@code credential} table holds only ciphertext that the Tink
 * vault turns back into the same keys.
 */
class DiscordSetKeysModalTest {
    private static final String AK = "AKmodalSecret000001";
    private static final String SK = "SKmodalSecret000002";

    private DiscordStack stack;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Level rootLevel;
    private Level ourLevel;

    @AfterEach
    void stop() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(logs);
        if (rootLevel != null) {
            ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(rootLevel);
            ctx.getLogger("io.storyreel").setLevel(ourLevel);
        }
        if (stack != null) {
            stack.close();
        }
    }

    private void captureLogs() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        ourLevel = ctx.getLogger("io.storyreel").getLevel();
        // more than production logs (WARN): whatever the bot says about keys at INFO or DEBUG is checked too
        root.setLevel(Level.INFO);
        ctx.getLogger("io.storyreel").setLevel(Level.DEBUG);
        logs.setContext(ctx);
        logs.start();
        root.addAppender(logs);
    }

    @Test
    void theKeysAreNeverEchoedAndAreStoredEncrypted() throws Exception {
        captureLogs();
        stack = DiscordStack.start();
        stack.kling.addAccount(AK, SK);
        FakeDiscord.User cid = stack.user("Cid");
        FakeDiscord.User ann = stack.user("Ann");
        FakeDiscord.Channel club = stack.channel("film-club");

        FakeDiscord.Interaction open = stack.discord.slash(cid, club, "setkeys", null, Map.of("provider", "kling"));
        FakeDiscord.Modal modal = stack.discord.awaitModal(open, DiscordStack.STEP);
        assertThat(modal.inputIds()).containsExactly("access_key", "secret_key");
        assertThat(stack.discord.original(open)).as("a modal is the only answer to /setkeys").isEmpty();
        FakeDiscord.Interaction submit = stack.discord.submitModal(cid, open, Map.of("access_key", AK, "secret_key", SK));
        FakeDiscord.Posted saved = stack.answerTo(submit);

        assertThat(saved.ephemeral()).isTrue();
        assertThat(saved.visibleTo()).isEqualTo(cid.id());
        assertThat(saved.content()).contains("Saved your Kling AI keys", "AKmo…", "SKmo…", "Kling AI accepted them")
                .doesNotContain("deleted"); // no chat message ever held them
        // the bot keeps working in the channel afterwards, and nothing it ever posted holds the keys
        FakeDiscord.Interaction keys = stack.discord.slash(ann, club, "keys", null, Map.of());
        assertThat(stack.answerTo(keys).content()).contains("no keys");
        for (FakeDiscord.Posted m : stack.discord.messages(club)) {
            assertThat(m.content()).doesNotContain(AK, SK);
        }
        assertThat(stack.transcript()).doesNotContain(AK, SK);

        String userKey = "DISCORD:" + cid.id();
        List<String> stored = new ArrayList<>();
        try (Connection c = stack.bot.database().dataSource().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT user_key, provider, ciphertext, key_id FROM credential")) {
            while (rs.next()) {
                assertThat(rs.getString(1)).isEqualTo(userKey);
                assertThat(rs.getString(2)).isEqualTo("kling");
                stored.add(rs.getString(3));
            }
        }
        assertThat(stored).hasSize(1);
        String cipher = stored.get(0);
        assertThat(cipher).doesNotContain(AK, SK);
        assertThat(new String(Base64.getDecoder().decode(cipher), StandardCharsets.ISO_8859_1)).doesNotContain(AK, SK);

        TinkKeyVault vault = TinkKeyVault.open(stack.bot.database().dataSource(), stack.config, Map.of(), stack.clock);
        Credentials back = vault.load(userKey, "kling").orElseThrow();
        assertThat(back.require("accessKey")).isEqualTo(AK);
        assertThat(back.require("secretKey")).isEqualTo(SK);

        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent e : logs.list) {
            String line = e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertThat(line).doesNotContain(AK, SK);
        }
    }
}
