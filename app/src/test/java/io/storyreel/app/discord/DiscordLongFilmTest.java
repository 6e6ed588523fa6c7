package io.storyreel.app.discord;

import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.sim.discord.FakeDiscord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A film whose clips take 20 minutes on the shared simulated clock, longer than the 15-minute interaction token of
 * the Confirm press: the status message starts as that press's follow-up (edited through the webhook), switches to
 * {@code PATCH /channels/{c}/messages/{m}} once the token is too old, and the film still arrives.
 */
class DiscordLongFilmTest {
    private static final String AK = "AKslow0000000001";
    private static final String SK = "SKslow0000000002";

    private DiscordStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aFilmThatOutlivesTheInteractionTokenStillUpdatesAndArrives() throws Exception {
        stack = DiscordStack.start();
        stack.kling.addAccount(AK, SK);
        FakeDiscord discord = stack.discord;
        FakeDiscord.User ann = stack.user("Ann");
        FakeDiscord.Channel club = stack.channel("slow-club");
        stack.setKlingKeys(ann, club, AK, SK);
        stack.answerTo(stack.storyAdd(ann, club, DiscordStack.jpeg("a.jpg", TestImages.jpeg(640, 480, 3)),
                "the tide comes in"));
        FakeDiscord.Posted estimate = stack.make(ann, club);

        stack.kling.faults().taskDuration(Duration.ofMinutes(20));
        FakeDiscord.Interaction press = stack.pressConfirm(ann, estimate);
        // the status message is the press's public follow-up, and its first progress edit goes through the webhook
        FakeDiscord.Posted status = discord.awaitMessage(p -> p.interactionId() != null
                && p.interactionId() == press.id() && p.edits() >= 1, DiscordStack.STEP);
        assertThat(status.ephemeral()).isFalse();
        String channelEdit = "/channels/" + club.id() + "/messages/" + status.id();
        // the fake journals a request just after it applied it
        Awaitility.await().atMost(DiscordStack.STEP).until(() -> discord.requests().stream().anyMatch(r ->
                r.method().equals("PATCH") && r.route().startsWith("/webhooks/")
                        && r.route().endsWith("/messages/" + status.id())));
        assertThat(discord.requests()).noneMatch(r -> r.route().equals(channelEdit));

        // the clip's 20 minutes count from its creation: jump only once Kling has the task
        Awaitility.await().atMost(DiscordStack.STEP).until(() -> stack.kling.journal().createsFor(AK) == 1);
        int before = discord.requests().size();
        discord.advanceClock(Duration.ofMinutes(21));
        FakeDiscord.Posted film;
        try {
            film = stack.awaitFilm(club);
        } catch (IllegalStateException e) {
            stack.kling.journal().calls().forEach(c -> System.out.println("kling call: " + c));
            try (var c = stack.bot.database().dataSource().getConnection();
                 var rs = c.createStatement().executeQuery("SELECT * FROM clip")) {
                while (rs.next()) {
                    StringBuilder sb = new StringBuilder("clip row:");
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        sb.append(' ').append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i));
                    }
                    System.out.println(sb);
                }
            }
            throw e;
        }

        assertThat(film.content()).contains("1 clip");
        discord.awaitMessage(p -> p.id() == status.id() && p.content().contains("Done"), DiscordStack.STEP);
        Awaitility.await().atMost(DiscordStack.STEP).until(() -> discord.requests().stream()
                .skip(before).anyMatch(r -> r.route().equals(channelEdit)));
        List<FakeDiscord.Request> after = discord.requests().subList(before, discord.requests().size());
        assertThat(after).anySatisfy(r -> {
            assertThat(r.method()).isEqualTo("PATCH");
            assertThat(r.route()).isEqualTo(channelEdit);
            assertThat(r.status()).isEqualTo(200);
        });
        // an edit already on its way when the clock jumped may still try the webhook: Discord refuses it (401) and the
        // adapter repeats it through the channel; no edit succeeds through the dead token
        assertThat(after).filteredOn(r -> r.route().startsWith("/webhooks/") && r.route().endsWith("/" + status.id()))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(401));
        assertThat(discord.requests()).filteredOn(r -> r.route().startsWith("/channels/"))
                .allSatisfy(r -> assertThat(r.status()).isBetween(200, 299));
        System.out.println("── #slow-club ──\n" + stack.transcript());
    }
}
