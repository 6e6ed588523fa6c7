package io.storyreel.discord;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyreel.core.conversation.contract.BotMessage;
import io.storyreel.core.conversation.contract.ChatDriver;
import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.sim.discord.FakeDiscord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Privacy is decided before deferring: through Discord4J, the fake Discord (which records every deferral and its
 * flags) and core's conversation, a channel's members give commands whose answers are private (refusals, keys) and
 * public (scenes, estimates, lists), and no private answer is ever preceded by a public "thinking" placeholder that
 * everyone saw.
 */
class DiscordPrivacyTest {
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
    void ephemeralAnswersNeverFollowAPublicThinkingPlaceholder() {
        driver = new DiscordChatDriver(dir);
        FakeDiscord discord = driver.discord();
        ChatDriver.UserHandle ann = driver.user("Ann");
        ChatDriver.UserHandle bob = driver.user("Bob");
        ChatDriver.ChatHandle club = driver.group("film-club", ann, bob);

        step(club, () -> driver.command(club, ann, "make", ""), m -> m.contains("nothing to make"));
        step(club, () -> driver.command(club, bob, "remove", "9"), m -> m.contains("empty"));
        step(club, () -> driver.command(club, ann, "keys", ""), m -> m.contains("no keys saved"));
        step(club, () -> driver.command(club, ann, "forgetkeys", ""), m -> m.contains("no keys saved"));
        step(club, () -> driver.command(club, ann, "settings", "colour red"), m -> m.contains("that setting"));
        step(club, () -> driver.sendFile(club, bob, "%PDF-1.4".getBytes(), "notes.pdf", "application/pdf"),
                m -> m.contains("not a photo"));
        step(club, () -> driver.command(club, ann, "status", ""), m -> m.contains("photos"));
        step(club, () -> driver.sendPhoto(club, ann, TestImages.jpeg(1), "the beach at dawn"),
                m -> m.contains("Added scene 1"));
        step(club, () -> driver.command(club, bob, "move", "1 5"), m -> m.contains("no scene 5"));
        step(club, () -> driver.command(club, ann, "prompt", "1 the beach at noon"), m -> m.contains("Scene 1: "));
        step(club, () -> driver.command(club, ann, "list", ""), BotMessage::hasImage);
        BotMessage estimate = step(club, () -> driver.command(club, bob, "make", ""), m -> m.hasButton("Confirm"));
        // only the member who asked for the estimate (or an admin) may withdraw it: Ann is told so privately
        step(club, () -> driver.command(club, ann, "cancel", ""), m -> m.contains("Only Bob"));
        step(club, () -> driver.command(club, bob, "cancel", ""), m -> m.contains("Cancelled"));
        step(club, () -> driver.command(club, ann, "history", ""), m -> m.contains("No films"));

        List<FakeDiscord.Deferral> deferrals = discord.deferrals();
        assertThat(deferrals).hasSizeGreaterThanOrEqualTo(15);
        // a public placeholder is filled with the public answer, never deleted for a private one
        assertThat(deferrals).filteredOn(d -> !d.ephemeral()).allSatisfy(d -> assertThat(discord.message(d.messageId()))
                .as("public placeholder %s", d).hasValueSatisfying(p -> assertThat(p.ephemeral()).isFalse()));
        // and every private answer to a command was deferred privately
        Map<Long, Boolean> deferredPrivately = deferrals.stream()
                .collect(Collectors.toMap(FakeDiscord.Deferral::interactionId, FakeDiscord.Deferral::ephemeral));
        List<FakeDiscord.Posted> privateAnswers = discord.messages(driver.channelOf(club)).stream()
                .filter(p -> p.ephemeral() && deferredPrivately.containsKey(p.interactionId())).toList();
        assertThat(privateAnswers).hasSize(8)
                .allSatisfy(p -> assertThat(deferredPrivately.get(p.interactionId())).as(p.content()).isTrue());
        // the public answers reached the channel as public messages
        assertThat(driver.botMessages(club)).filteredOn(m -> m.contains("Added scene 1") || m.id().equals(estimate.id()))
                .hasSize(2).allSatisfy(m -> assertThat(m.privateToUser()).isFalse());
    }

    /** One user action, then the answer it gets, before the next action. */
    private BotMessage step(ChatDriver.ChatHandle chat, Runnable action, Predicate<BotMessage> answer) {
        int before = driver.botMessages(chat).size();
        action.run();
        return driver.awaitNewBotMessage(chat, before, answer);
    }
}
