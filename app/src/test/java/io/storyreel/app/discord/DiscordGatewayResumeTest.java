package io.storyreel.app.discord;

import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.sim.discord.FakeDiscord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway may ask the bot to reconnect at any time (Discord does before restarting a gateway server, and a busy
 * machine that misses a heartbeat acknowledgement reconnects on its own): the bot resumes its session, and a member's
 * command sent meanwhile is answered, not lost.
 */
class DiscordGatewayResumeTest {
    private DiscordStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aCommandSentWhileTheBotResumesIsAnswered() throws Exception {
        stack = DiscordStack.start();
        FakeDiscord discord = stack.discord;
        FakeDiscord.User ann = stack.user("Ann");
        FakeDiscord.Channel club = stack.channel("film-club");
        assertThat(stack.answerTo(stack.storyAdd(ann, club, DiscordStack.jpeg("a.jpg", TestImages.jpeg(640, 480, 1)),
                "the ferry leaves"), p -> p.content().contains(" of 6")).content()).contains("1 of 6");

        assertThat(discord.askBotToReconnect()).isTrue();
        FakeDiscord.Interaction second = stack.storyAdd(ann, club, DiscordStack.jpeg("b.jpg",
                TestImages.jpeg(640, 480, 2)), "gulls follow it");
        assertThat(stack.answerTo(second, p -> p.content().contains(" of 6")).content()).contains("2 of 6");
        await().atMost(Duration.ofSeconds(30)).until(() -> discord.gatewayConnections() == 2 && discord.botConnected());

        FakeDiscord.Interaction third = stack.storyAdd(ann, club, DiscordStack.jpeg("c.jpg",
                TestImages.jpeg(640, 480, 3)), "the harbour lights");
        assertThat(stack.answerTo(third, p -> p.content().contains(" of 6")).content()).contains("3 of 6");
        assertThat(discord.unknownRoutes()).isEmpty();
    }
}
