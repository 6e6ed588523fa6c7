package io.storyreel.app.discord;

import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.sim.discord.FakeDiscord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whose money on Discord, through the real Discord4J stack: a member who neither pays for a film nor may manage
 * messages in the channel cannot stop it (by button or by {@code /story cancel}); the answer, seen by them alone,
 * says who can, and the film goes on. A member with Manage Messages (the permission Discord sends with her
 * interaction) can stop it.
 */
class DiscordWhoseMoneyTest {
    private static final String ANN_AK = "AKann0000000011";
    private static final String ANN_SK = "SKann0000000012";

    private DiscordStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static Optional<FakeDiscord.Button> button(FakeDiscord.Posted p, String label) {
        return p.buttons().stream().flatMap(List::stream).filter(b -> b.label().contains(label)).findFirst();
    }

    @Test
    void onlyThePayerOrAMemberWhoManagesMessagesCanStopAFilm() throws Exception {
        stack = DiscordStack.start();
        stack.kling.addAccount(ANN_AK, ANN_SK);
        FakeDiscord discord = stack.discord;
        FakeDiscord.User ann = stack.user("Ann");
        FakeDiscord.User bob = stack.user("Bob");
        FakeDiscord.User mia = stack.user("Mia");
        FakeDiscord.Channel club = stack.channel("film-club");
        discord.setMemberPermissions(stack.guild, mia, FakeDiscord.memberPermissionsWith(FakeDiscord.MANAGE_MESSAGES));
        assertThat(stack.setKlingKeys(ann, club, ANN_AK, ANN_SK).content()).startsWith("🔐 Saved your Kling");
        // each add's own answer (the first add is also answered by the new storybook's announcement, which may come
        // first): /make must not overtake the second photo
        stack.answerTo(stack.storyAdd(ann, club, DiscordStack.jpeg("a.jpg", TestImages.jpeg(640, 480, 1)), "the ferry leaves"),
                p -> p.content().contains("Added scene 1"));
        stack.answerTo(stack.storyAdd(ann, club, DiscordStack.jpeg("b.jpg", TestImages.jpeg(640, 480, 2)), "gulls follow it"),
                p -> p.content().contains("Added scene 2"));

        stack.kling.faults().taskDuration(Duration.ofSeconds(60)); // the film stays in the making while members press
        stack.pressConfirm(ann, stack.make(ann, club));
        stack.awaitPaidCreates(ANN_AK, 2);
        FakeDiscord.Posted progress = discord.awaitMessage(p -> p.channelId() == club.id() && !p.ephemeral()
                && button(p, "Cancel").isPresent() && p.content().contains("Making your film"), DiscordStack.STEP);

        FakeDiscord.Interaction bobPress = discord.pressButton(bob, progress, button(progress, "Cancel").orElseThrow().customId());
        FakeDiscord.Posted refusal = stack.answerTo(bobPress);
        assertThat(refusal.content()).isEqualTo("Only Ann (who pays for this film) or a group admin can stop it. "
                + "Nothing was changed.");
        assertThat(refusal.ephemeral()).isTrue();
        assertThat(refusal.visibleTo()).isEqualTo(bob.id());
        FakeDiscord.Posted bobCommand = stack.answerTo(discord.slash(bob, club, "story", "cancel", Map.of()));
        assertThat(bobCommand.content()).startsWith("Only Ann (who pays for this film)");
        assertThat(bobCommand.ephemeral()).isTrue();
        assertThat(discord.message(progress.id()).orElseThrow().content()).contains("Making your film");

        FakeDiscord.Interaction miaPress = discord.pressButton(mia, progress, button(progress, "Cancel").orElseThrow().customId());
        FakeDiscord.Posted stopped = discord.awaitMessage(p -> p.channelId() == club.id() && p.id() != progress.id()
                && p.content().contains("Stopped"), DiscordStack.STEP);
        assertThat(stopped.content()).contains("already paid");
        // the progress message no longer counts down, and its Cancel button is gone
        FakeDiscord.Posted ended = discord.message(progress.id()).orElseThrow();
        assertThat(ended.content()).isEqualTo("⏹ Stopped: this film will not be finished.");
        assertThat(ended.buttons()).isEmpty();
        assertThat(stopped.ephemeral()).isFalse();
        assertThat(miaPress).isNotNull();
        assertThat(stack.kling.journal().creates()).isEqualTo(2);
        assertThat(discord.unknownRoutes()).isEmpty();
    }
}
