package io.storyreel.app.discord;

import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.sim.discord.FakeDiscord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each bad input in a channel is answered ephemerally, to the interaction of the member who made it (never to
 * someone else's) and visible only to them; nothing they got wrong reaches the storyboard.
 */
class DiscordBadInputTest {
    private DiscordStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private void assertEphemeralAnswer(FakeDiscord.Interaction i, FakeDiscord.User who, String fragment) {
        FakeDiscord.Posted answer = stack.answerTo(i, p -> p.content().contains(fragment));
        assertThat(answer.ephemeral()).as("ephemeral: %s", answer.content()).isTrue();
        assertThat(answer.visibleTo()).isEqualTo(who.id());
    }

    @Test
    void eachBadInputIsAnsweredEphemerallyToTheMemberWhoMadeIt() throws Exception {
        stack = DiscordStack.start(DiscordStack.Options.defaults().withMaxPhotoMb("1"));
        FakeDiscord discord = stack.discord;
        FakeDiscord.User ann = stack.user("Ann");
        FakeDiscord.User bob = stack.user("Bob");
        FakeDiscord.Channel club = stack.channel("film-club");
        stack.answerTo(discord.slash(ann, club, "story", "new", Map.of("title", "Six")));

        FakeDiscord.Interaction pdf = stack.storyAdd(bob, club,
                new FakeDiscord.Upload("notes.pdf", "application/pdf", "%PDF-1.4 notes".getBytes()), "my notes");
        assertEphemeralAnswer(pdf, bob, "not a photo");

        byte[] huge = NoisyImages.of(800, 800, 7, "png"); // about 1.9 MB of noise, over limits.max-photo-mb = 1
        assertThat(huge.length).isGreaterThan(1024 * 1024);
        FakeDiscord.Interaction big = stack.storyAdd(bob, club, new FakeDiscord.Upload("big.png", "image/png", huge),
                "a big one");
        assertEphemeralAnswer(big, bob, "MB");

        Map<String, Object> six = new LinkedHashMap<>();
        for (int i = 1; i <= 6; i++) {
            six.put("image" + i, DiscordStack.jpeg("s" + i + ".jpg", TestImages.jpeg(640, 480, i)));
            six.put("prompt" + i, "scene " + i);
        }
        FakeDiscord.Interaction album = discord.slash(ann, club, "story", "create", six);
        FakeDiscord.Posted added = stack.answerTo(album, p -> p.content().contains("Added"));
        assertThat(added.ephemeral()).isFalse();
        assertThat(added.content()).contains("6 of 6");

        FakeDiscord.Interaction seventh = stack.storyAdd(bob, club,
                DiscordStack.jpeg("s7.jpg", TestImages.jpeg(640, 480, 7)), "scene 7");
        assertEphemeralAnswer(seventh, bob, "at most 6");

        FakeDiscord.Interaction tooLong = discord.slash(bob, club, "story", "prompt",
                Map.of("scene", 1L, "text", "a very long prompt ".repeat(140)));
        assertEphemeralAnswer(tooLong, bob, "at most 2500");

        FakeDiscord.Posted estimate = stack.make(ann, club);
        FakeDiscord.Interaction changed = discord.slash(ann, club, "story", "prompt",
                Map.of("scene", 2L, "text", "scene 2, retold"));
        assertThat(stack.answerTo(changed).content()).contains("scene 2, retold");
        // the changed storybook retires the estimate at once: it says so and its buttons are gone, so nobody can
        // press a stale Confirm (a press that races the edit is answered privately: PrivateAnswersTest)
        FakeDiscord.Posted retired = discord.message(estimate.id()).orElseThrow();
        assertThat(retired.content()).startsWith("This estimate is out of date: the storybook changed.");
        assertThat(retired.buttons()).isEmpty();

        // /setkeys, the command Telegram refuses in groups, needs no refusal here: its modal is private anywhere
        FakeDiscord.Interaction setkeys = discord.slash(bob, club, "setkeys", null, Map.of("provider", "kling"));
        assertThat(discord.awaitModal(setkeys, DiscordStack.STEP).inputIds()).hasSize(2);

        FakeDiscord.Interaction list = discord.slash(ann, club, "story", "list", Map.of());
        FakeDiscord.Posted board = stack.answerTo(list, p -> p.content().contains("6."));
        assertThat(board.content()).contains("1. scene 1", "2. scene 2, retold")
                .doesNotContain("scene 7", "my notes", "a big one", "a very long prompt");
        System.out.println("── #film-club ──\n" + stack.transcript());
    }
}
