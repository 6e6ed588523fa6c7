package io.storyreel.app.discord;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.sim.discord.FakeDiscord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the bot after a real film ends its gateway session for good: the logout completes (no timeout), and a
 * fake Discord kept running afterwards sees no reconnect or resume, however long it waits.
 */
class DiscordCloseTest {
    private static final String AK = "AKclose00000001";
    private static final String SK = "SKclose00000002";

    private DiscordStack stack;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<String> watched = List.of("io.storyreel.discord", "discord4j.gateway");
    private final List<Level> levels = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (int i = 0; i < levels.size(); i++) {
            Logger l = ctx.getLogger(watched.get(i));
            l.detachAppender(logs);
            l.setLevel(levels.get(i));
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void afterAFilmTheBotLogsOutCleanlyAndNeverReconnects() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        logs.setContext(ctx);
        logs.start();
        for (String name : watched) {
            Logger l = ctx.getLogger(name);
            levels.add(l.getLevel());
            l.setLevel(Level.INFO);
            l.addAppender(logs);
        }
        stack = DiscordStack.start();
        stack.kling.addAccount(AK, SK);
        FakeDiscord discord = stack.discord;
        FakeDiscord.User ann = stack.user("Ann");
        FakeDiscord.Channel club = stack.channel("film-club");
        stack.setKlingKeys(ann, club, AK, SK);
        stack.answerTo(stack.storyAdd(ann, club, DiscordStack.jpeg("dawn.jpg", TestImages.jpeg(640, 480, 1)), "dawn"));
        stack.pressConfirm(ann, stack.make(ann, club));
        stack.awaitFilm(club);
        assertThat(discord.gatewayConnections()).isEqualTo(1);

        stack.bot.close(); // the bot only: the fake Discord keeps listening

        await().atMost(Duration.ofSeconds(10)).until(() -> discord.openGatewayConnections() == 0);
        assertThat(discord.botConnected()).isFalse();
        // a reconnect would come at once (a resume has no backoff) or after a few seconds' backoff
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> discord.gatewayConnections() == 1 && discord.openGatewayConnections() == 0);
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains("did not finish cleanly"))
                .noneMatch(m -> m.contains("Reconnected") || m.contains("Gateway client error"));
        assertThat(logs.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    }
}
