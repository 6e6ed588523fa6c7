package io.storyreel.app.discord;

import io.storyreel.core.conversation.contract.SyntaxLeaks;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.core.video.testing.Mp4Checks;
import io.storyreel.discord.DiscordSyntax;
import io.storyreel.sim.discord.FakeDiscord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A channel storybook through the real stack: two members contribute with {@code /story add}, a third confirms the
 * estimate and pays with the keys he entered in the {@code /setkeys} modal. The Kling simulator's journal tells
 * whose account paid.
 */
class DiscordChannelFilmTest {
    private static final String ANN_AK = "AKann0000000001";
    private static final String ANN_SK = "SKann0000000002";
    private static final String CID_AK = "AKcid0000000003";
    private static final String CID_SK = "SKcid0000000004";

    private DiscordStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void twoMembersContributeAndTheThirdConfirmsAndPaysWithHisOwnKeys() throws Exception {
        stack = DiscordStack.start();
        stack.kling.addAccount(ANN_AK, ANN_SK).addAccount(CID_AK, CID_SK);
        FakeDiscord discord = stack.discord;
        FakeDiscord.User ann = stack.user("Ann");
        FakeDiscord.User bob = stack.user("Bob");
        FakeDiscord.User cid = stack.user("Cid");
        FakeDiscord.Channel club = stack.channel("film-club");

        // the member who starts the storybook has keys too: the film must still be paid by whoever confirms
        assertThat(stack.setKlingKeys(ann, club, ANN_AK, ANN_SK).content()).contains("Saved your Kling AI keys");
        FakeDiscord.Posted saved = stack.setKlingKeys(cid, club, CID_AK, CID_SK);
        assertThat(saved.content()).contains("Saved your Kling AI keys");
        assertThat(saved.ephemeral()).isTrue();
        assertThat(saved.visibleTo()).isEqualTo(cid.id());

        FakeDiscord.Interaction opened = discord.slash(ann, club, "story", "new", Map.of("title", "Harbour"));
        assertThat(stack.answerTo(opened).content()).contains("Harbour");
        FakeDiscord.Interaction first = stack.storyAdd(ann, club,
                DiscordStack.jpeg("dawn.jpg", TestImages.jpeg(640, 480, 1)), "the beach at dawn");
        FakeDiscord.Posted added1 = stack.answerTo(first);
        assertThat(added1.content()).contains("Added scene 1");
        assertThat(added1.ephemeral()).isFalse();
        FakeDiscord.Interaction second = stack.storyAdd(bob, club,
                DiscordStack.jpeg("boat.jpg", TestImages.jpeg(640, 480, 2)), "the boat leaves");
        assertThat(stack.answerTo(second).content()).contains("Added scene 2");

        for (String sub : List.of("list", "status")) {
            stack.answerTo(discord.slash(bob, club, "story", sub, Map.of()));
        }
        assertThat(stack.answerTo(discord.slash(bob, club, "help", null, Map.of())).content())
                .contains("/story add image:… prompt:…", "/story remove scene:N");

        FakeDiscord.Posted estimate = stack.make(ann, club);
        assertThat(estimate.content()).contains("2 clips", "Whoever presses Confirm pays");
        // Bob has no keys: the answer (his alone) says how to enter them on Discord
        stack.pressConfirm(bob, estimate);
        assertThat(discord.awaitMessage(m -> m.content().contains("no Kling AI keys") && Long.valueOf(bob.id()).equals(m.visibleTo()),
                DiscordStack.STEP).content()).contains("use /setkeys, which opens a form only you can see");
        stack.pressConfirm(cid, estimate);

        FakeDiscord.Posted film = stack.awaitFilm(club);
        assertThat(film.ephemeral()).isFalse();
        // in a channel the film names its makers and its payer as mentions, so each is notified, and nobody else
        assertThat(film.content()).contains("Harbour", "Scenes by <@" + ann.id() + ">, <@" + bob.id() + ">",
                "paid by <@" + cid.id() + ">");
        assertThat(film.notified()).containsExactlyInAnyOrder(ann.id(), bob.id(), cid.id());
        assertThat(discord.message(estimate.id()).orElseThrow().content()).contains("Cid");
        Path mp4 = stack.saveFilm(film);
        Mp4Checks.Report report = Mp4Checks.inspect(mp4);
        assertThat(report.videoCodec()).isEqualTo("h264");
        assertThat(report.videoSeconds()).isBetween(1.6, 2.4);

        assertThat(stack.kling.journal().createsFor(CID_AK)).isEqualTo(2);
        assertThat(stack.kling.journal().createsFor(ANN_AK)).isZero();
        assertThat(stack.kling.journal().createsFor(stack.kling.accessKey())).isZero();
        assertThat(stack.transcript()).doesNotContain(ANN_AK, ANN_SK, CID_AK, CID_SK);
        assertThat(discord.unknownRoutes()).isEmpty();
        // every text the bot showed (messages and their edits) names commands the Discord way
        List<String> botLines = discord.transcript().stream().filter(line -> line.matches("(?s)[#@]\\S+ bot.*")).toList();
        assertThat(botLines).isNotEmpty();
        assertThat(SyntaxLeaks.in(new DiscordSyntax(TestBot.catalog()), botLines)).isEmpty();
        System.out.println("── #film-club, as the fake Discord saw it ──\n" + stack.transcript());
    }
}
