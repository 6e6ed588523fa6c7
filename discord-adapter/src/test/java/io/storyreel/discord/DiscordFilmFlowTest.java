package io.storyreel.discord;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyreel.core.conversation.contract.BotMessage;
import io.storyreel.core.conversation.contract.ChatDriver;
import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.sim.discord.FakeDiscord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8's end-to-end flows through Discord4J, the fake Discord and core's conversation. */
class DiscordFilmFlowTest {
    @TempDir
    Path dir;
    private DiscordChatDriver driver;

    @AfterEach
    void stop() throws Exception {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aChannelFilmConfirmedAfterTheMakeTokenExpiredStillUpdatesAndArrives() {
        driver = new DiscordChatDriver(dir);
        FakeDiscord discord = driver.discord();
        ChatDriver.UserHandle ann = driver.user("Ann");
        ChatDriver.UserHandle bob = driver.user("Bob");
        ChatDriver.UserHandle cid = driver.user("Cid");
        ChatDriver.ChatHandle club = driver.group("film-club", ann, bob, cid);

        ChatDriver.ChatHandle cidDm = driver.privateChat(cid);
        driver.submitKeys(cidDm, cid, "kling", "AKflow000001 SKflow000002");
        driver.awaitBotMessage(cidDm, m -> m.contains("Saved your Kling keys"));
        assertThat(driver.botMessages(cidDm)).allSatisfy(m -> assertThat(m.privateToUser()).isTrue());

        driver.command(club, ann, "new", "");
        driver.sendPhoto(club, ann, TestImages.jpeg(1), "the beach at dawn");
        driver.awaitBotMessage(club, m -> m.contains("Added scene 1"));
        driver.sendPhoto(club, bob, TestImages.jpeg(2), "the boat leaves");
        driver.awaitBotMessage(club, m -> m.contains("Added scene 2"));
        driver.command(club, ann, "make", "");
        BotMessage estimate = driver.awaitBotMessage(club, m -> m.hasButton("Confirm"));

        // Cid confirms 16 minutes later: the /story make token that carried the estimate is dead by now
        discord.advanceClock(Duration.ofMinutes(16));
        int before = discord.requests().size();
        driver.press(club, cid, estimate, "Confirm");
        BotMessage film = driver.awaitBotMessage(club, BotMessage::isVideo);

        assertThat(film.video()).isNotEmpty();
        assertThat(film.privateToUser()).isFalse();
        List<FakeDiscord.Request> after = discord.requests().subList(before, discord.requests().size());
        assertThat(after).anySatisfy(r -> {
            assertThat(r.method()).isEqualTo("PATCH");
            assertThat(r.route()).isEqualTo("/channels/" + club.id() + "/messages/" + estimate.id());
            assertThat(r.status()).isEqualTo(200);
        });
        assertThat(after).noneSatisfy(r -> assertThat(r.status()).isEqualTo(401));
        assertThat(String.join("\n", discord.transcript())).doesNotContain("AKflow000001", "SKflow000002");
    }

    /**
     * The refusal answers Ann's own {@code /story add}: core marks bad-input answers {@code privately()}, so the adapter
     * swaps the public deferral for an ephemeral message only Ann sees.
     */
    @Test
    void aFileThatIsNotAPhotoIsRefusedAsTheAnswerToThatCommand() {
        driver = new DiscordChatDriver(dir);
        ChatDriver.UserHandle ann = driver.user("Ann");
        ChatDriver.ChatHandle club = driver.group("film-club", ann);
        driver.command(club, ann, "new", "");
        driver.sendFile(club, ann, "%PDF-1.4".getBytes(), "notes.pdf", "application/pdf");
        BotMessage refusal = driver.awaitBotMessage(club, m -> m.contains("notes.pdf"));
        assertThat(refusal.text()).contains("not a photo");
        FakeDiscord.Posted posted = driver.discord().message(Long.parseLong(refusal.id())).orElseThrow();
        assertThat(posted.interactionId()).isNotNull();
        assertThat(posted.ephemeral()).isTrue();
    }
}
