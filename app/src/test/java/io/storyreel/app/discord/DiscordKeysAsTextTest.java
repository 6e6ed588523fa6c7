package io.storyreel.app.discord;

import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.sim.discord.FakeDiscord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys typed into a prompt field of a slash command (issue 14): through the real Discord4J adapter and the fake Discord
 * over HTTP, they never become a scene's prompt, the answer is ephemeral to the member and points to /setkeys, nothing
 * the bot posts repeats them, and no delete is attempted: a slash command's options are shown to no one else.
 */
class DiscordKeysAsTextTest {
    private static final String JWT =
            "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJHcm91cE5hbWUiOiJzdG9yeXJlZWwifQ.c2lnbmF0dXJlLXBhcnQtMTIz";
    private static final String AK = "AKdiscord0a1b2c3d4e5f";
    private static final String SK = "SKdiscord9f8e7d6c5b4a3210";

    private DiscordStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void keysInAPromptFieldAreNoPromptAndTheMemberIsToldPrivatelyToUseSetkeys() throws Exception {
        stack = DiscordStack.start();
        FakeDiscord discord = stack.discord;
        FakeDiscord.User ann = stack.user("Ann");
        FakeDiscord.Channel club = stack.channel("film-club");
        stack.answerTo(discord.slash(ann, club, "story", "new", Map.of("title", "Kites")));

        FakeDiscord.Interaction add = stack.storyAdd(ann, club, DiscordStack.jpeg("k.jpg", TestImages.jpeg(640, 480, 1)),
                "my minimax key " + JWT);
        FakeDiscord.Posted told = stack.answerTo(add, p -> p.content().contains("looks like a MiniMax Hailuo key"));
        assertThat(told.ephemeral()).isTrue();
        assertThat(told.visibleTo()).isEqualTo(ann.id());
        assertThat(told.content()).contains("nobody else saw it").contains("/setkeys provider:minimax");

        FakeDiscord.Interaction prompt = discord.slash(ann, club, "story", "prompt",
                Map.of("scene", 1L, "text", "kling " + AK + " " + SK));
        FakeDiscord.Posted again = stack.answerTo(prompt, p -> p.content().contains("looks like a Kling AI key"));
        assertThat(again.ephemeral()).isTrue();

        FakeDiscord.Interaction list = discord.slash(ann, club, "story", "list", Map.of());
        FakeDiscord.Posted board = stack.answerTo(list, p -> p.content().contains("1."));
        assertThat(board.content()).doesNotContain(JWT).doesNotContain(AK);
        assertThat(discord.transcript()).filteredOn(line -> line.startsWith("#film-club bot"))
                .isNotEmpty().noneMatch(line -> line.contains(JWT) || line.contains(AK) || line.contains(SK));
        assertThat(discord.requests()).noneMatch(r -> r.method().equals("DELETE") && r.route().startsWith("/channels/"));
    }
}
