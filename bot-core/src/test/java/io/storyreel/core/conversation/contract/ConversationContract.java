package io.storyreel.core.conversation.contract;

import io.storyreel.core.conversation.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The conversation as users see it, written once and run against every way into the bot: directly against core
 * ({@code InMemoryConversationContractTest}), through Telegram and through Discord. A platform's test extends
 * this class and returns a {@link ChatDriver} for a freshly started bot whose conversation uses the test bot's
 * fake providers (Kling, MiniMax) and the instant fake engine ({@code TestBot}).
 */
public abstract class ConversationContract {
    protected ChatDriver driver;

    /** A driver around a freshly started bot with an empty database. */
    protected abstract ChatDriver createDriver() throws Exception;

    @BeforeEach
    void startDriver() throws Exception {
        driver = createDriver();
    }

    @AfterEach
    void closeDriver() throws Exception {
        if (driver != null) {
            driver.close();
        }
    }

    private int count(ChatDriver.ChatHandle chat) {
        return driver.botMessages(chat).size();
    }

    private BotMessage next(ChatDriver.ChatHandle chat, int after, String fragment) {
        return driver.awaitNewBotMessage(chat, after, m -> m.contains(fragment));
    }

    private void addPhotos(ChatDriver.ChatHandle chat, ChatDriver.UserHandle who, String... prompts) {
        for (int i = 0; i < prompts.length; i++) {
            int before = count(chat);
            driver.sendPhoto(chat, who, TestImages.jpeg(i + 1), prompts[i]);
            next(chat, before, "Added scene");
        }
    }

    private void saveKlingKeys(ChatDriver.UserHandle who) {
        ChatDriver.ChatHandle dm = driver.privateChat(who);
        int before = count(dm);
        driver.submitKeys(dm, who, "kling", "AKcontract0001 SKcontract0002");
        next(dm, before, "Saved your Kling keys");
    }

    private void twoMembersContribute(ChatDriver.ChatHandle group, ChatDriver.UserHandle ann, ChatDriver.UserHandle bob) {
        int before = count(group);
        driver.sendPhoto(group, ann, TestImages.jpeg(1), "the beach at dawn");
        next(group, before, "Added scene 1");
        before = count(group);
        driver.sendPhoto(group, bob, TestImages.jpeg(2), "the boat leaves");
        next(group, before, "Added scene 2");
    }

    @Test
    void startWelcomesWithTheThreeSteps() {
        var ann = driver.user("Ann");
        var chat = driver.privateChat(ann);
        driver.command(chat, ann, "start", "");
        BotMessage welcome = driver.awaitBotMessage(chat, m -> m.contains(driver.syntax().command("make")));
        assertThat(welcome.text()).contains("1.", "2.", "3.");
    }

    @Test
    void albumIsCollectedInOrderAndListedAsPictureAndText() {
        var ann = driver.user("Ann");
        var chat = driver.privateChat(ann);
        driver.sendAlbum(chat, ann, List.of(new ChatDriver.Photo(TestImages.jpeg(1), "a cat wakes up"),
                new ChatDriver.Photo(TestImages.jpeg(2), "the cat stretches"),
                new ChatDriver.Photo(TestImages.jpeg(3), "the cat jumps")));
        driver.awaitBotMessage(chat, m -> m.contains("Added scene 3"));
        driver.command(chat, ann, "list", "");
        BotMessage list = driver.awaitBotMessage(chat, m -> m.hasImage() && m.contains("1. a cat wakes up"));
        assertThat(list.text()).contains("2. the cat stretches", "3. the cat jumps")
                .as("one member is not credited on every line").doesNotContain("by Ann");
    }

    @Test
    void photoWithoutCaptionIsAskedForAndAReplySetsItsPrompt() {
        assumeTrue(driver.supportsTextReplies(), "the platform has no text replies");
        var ann = driver.user("Ann");
        var chat = driver.privateChat(ann);
        driver.sendPhoto(chat, ann, TestImages.jpeg(1), null);
        BotMessage question = driver.awaitBotMessage(chat, m -> m.contains("What should happen in scene 1"));
        driver.reply(chat, ann, question, "the sun rises over the sea");
        driver.awaitBotMessage(chat, m -> m.contains("Scene 1: “the sun rises over the sea”"));
        driver.command(chat, ann, "list", "");
        driver.awaitBotMessage(chat, m -> m.hasImage() && m.contains("1. the sun rises over the sea"));
    }

    @Test
    void removeMoveAndPromptEditTheStoryboard() {
        var ann = driver.user("Ann");
        var chat = driver.privateChat(ann);
        addPhotos(chat, ann, "one", "two", "three");
        int before = count(chat);
        driver.command(chat, ann, "move", "3 1");
        next(chat, before, "Moved scene 3");
        before = count(chat);
        driver.command(chat, ann, "remove", "2");
        next(chat, before, "Removed scene 2");
        before = count(chat);
        driver.command(chat, ann, "prompt", "1 three, retold");
        next(chat, before, "Scene 1: “three, retold”");
        driver.command(chat, ann, "list", "");
        BotMessage list = driver.awaitBotMessage(chat, m -> m.hasImage() && m.contains("1. three, retold"));
        assertThat(list.text()).contains("2. two").doesNotContain("one").doesNotContain("3.");
    }

    /**
     * A scene on another provider: an unknown one is refused with the choices, the chosen one is listed, and whoever
     * makes the film needs keys for both providers (told which are missing; nothing starts).
     */
    @Test
    void aSceneOnAnotherProviderIsListedAndNeedsThatProvidersKeys() {
        var ann = driver.user("Ann");
        saveKlingKeys(ann);
        var chat = driver.privateChat(ann);
        addPhotos(chat, ann, "one", "two");
        int before = count(chat);
        driver.command(chat, ann, "scene", "2 pika");
        assertThat(next(chat, before, "I don't know the provider").text()).contains("kling, minimax, or default")
                .endsWith("Nothing was changed.");
        before = count(chat);
        driver.command(chat, ann, "scene", "2 minimax");
        next(chat, before, "Scene 2 will be made with MiniMax");
        driver.command(chat, ann, "list", "");
        driver.awaitBotMessage(chat, m -> m.hasImage() && m.contains("2. two – MiniMax, Hailuo 02"));
        before = count(chat);
        driver.command(chat, ann, "make", "");
        assertThat(next(chat, before, "can't make the film").text()).contains("no keys for MiniMax")
                .doesNotContain("no keys for Kling");
        assertThat(driver.botMessages(chat)).noneMatch(m -> m.hasButton("Confirm"));
    }

    @Test
    void aSeventhPhotoIsRefusedWithTheReasonAndTheSixAreKept() {
        var ann = driver.user("Ann");
        var chat = driver.privateChat(ann);
        addPhotos(chat, ann, "s1", "s2", "s3", "s4", "s5", "s6");
        int before = count(chat);
        driver.sendPhoto(chat, ann, TestImages.jpeg(7), "s7");
        next(chat, before, "at most 6");
        driver.command(chat, ann, "list", "");
        BotMessage list = driver.awaitBotMessage(chat, m -> m.hasImage() && m.contains("6. s6"));
        assertThat(list.text()).doesNotContain("s7");
    }

    @Test
    void anUnknownCommandGetsOneClearMessageAndNothingIsLost() {
        assumeTrue(driver.supportsUnknownCommands(), "the platform only offers registered commands");
        var ann = driver.user("Ann");
        var chat = driver.privateChat(ann);
        addPhotos(chat, ann, "kept");
        driver.command(chat, ann, "frobnicate", "");
        driver.awaitBotMessage(chat, m -> m.contains("/frobnicate") && m.contains("/help"));
        driver.command(chat, ann, "list", "");
        driver.awaitBotMessage(chat, m -> m.hasImage() && m.contains("1. kept"));
    }

    @Test
    void aFileThatIsNotAPhotoIsRefused() {
        var ann = driver.user("Ann");
        var chat = driver.privateChat(ann);
        driver.sendFile(chat, ann, "%PDF-1.4 not a photo".getBytes(), "notes.pdf", "application/pdf");
        driver.awaitBotMessage(chat, m -> m.contains("not a photo"));
    }

    @Test
    void keysPostedInAGroupAreDeletedRefusedAndNotSaved() {
        assumeTrue(driver.keysCanBePostedInGroups(), "keys cannot be posted visibly on this platform");
        var ann = driver.user("Ann");
        var group = driver.group("Film club", ann);
        driver.submitKeys(group, ann, "kling", "AKleaked00001 SKleaked00002");
        BotMessage warning = driver.awaitBotMessage(group, m -> m.contains("rotate"));
        assertThat(warning.text()).doesNotContain("AKleaked00001").doesNotContain("SKleaked00002");
        assertThat(driver.keysMessageDeleted(group, ann)).isTrue();
        var dm = driver.privateChat(ann);
        driver.command(dm, ann, "keys", "");
        driver.awaitBotMessage(dm, m -> m.contains("no keys saved"));
    }

    @Test
    void keysInAPrivateChatAreDeletedCheckedAndShownMasked() {
        var ann = driver.user("Ann");
        var dm = driver.privateChat(ann);
        driver.submitKeys(dm, ann, "kling", "AKprivate00001 SKprivate00002");
        BotMessage saved = driver.awaitBotMessage(dm, m -> m.contains("Saved your Kling keys"));
        assertThat(saved.text()).doesNotContain("AKprivate00001").doesNotContain("SKprivate00002").contains("AKpr…");
        assertThat(driver.keysMessageDeleted(dm, ann)).isTrue();
        assertThat(driver.botMessages(dm)).noneMatch(m -> m.contains("SKprivate00002"));
    }

    @Test
    void makeConfirmAndTheFilmIsDeliveredWithCaptionAndButtons() {
        var ann = driver.user("Ann");
        saveKlingKeys(ann);
        var dm = driver.privateChat(ann);
        addPhotos(dm, ann, "a cat wakes up", "the cat jumps");
        driver.command(dm, ann, "make", "");
        BotMessage estimate = driver.awaitBotMessage(dm, m -> m.hasButton("Confirm"));
        assertThat(estimate.text()).contains("2 clips", "Kling", "Total");
        driver.press(dm, ann, estimate, "Confirm");
        BotMessage film = driver.awaitBotMessage(dm, BotMessage::isVideo);
        assertThat(film.video()).isNotEmpty();
        assertThat(film.text()).contains("Kling", "2 clips");
        assertThat(film.hasButton("Redo clip 2")).isTrue();
        assertThat(film.hasButton("Regenerate")).isTrue();
        driver.awaitBotMessage(dm, m -> m.contains("Done"));
    }

    @Test
    void inAGroupTwoMembersContributeAndTheThirdConfirmsAndPays() {
        var ann = driver.user("Ann");
        var bob = driver.user("Bob");
        var cid = driver.user("Cid");
        saveKlingKeys(cid);
        var group = driver.group("Film club", ann, bob, cid);
        twoMembersContribute(group, ann, bob);
        driver.command(group, ann, "make", "");
        BotMessage estimate = driver.awaitBotMessage(group, m -> m.hasButton("Confirm"));
        assertThat(estimate.text()).contains("Whoever presses Confirm pays");
        driver.press(group, cid, estimate, "Confirm");
        BotMessage film = driver.awaitBotMessage(group, BotMessage::isVideo);
        assertThat(film.text()).contains("Ann", "Bob");
    }

    @Test
    void aStaleEstimateLosesItsButtonsAndChangesNothing() {
        var ann = driver.user("Ann");
        saveKlingKeys(ann);
        var dm = driver.privateChat(ann);
        addPhotos(dm, ann, "one");
        driver.command(dm, ann, "make", "");
        BotMessage estimate = driver.awaitBotMessage(dm, m -> m.hasButton("Confirm"));
        int before = count(dm);
        driver.command(dm, ann, "prompt", "1 one, changed");
        next(dm, before, "Scene 1: “one, changed”");
        // the estimate is retired at once: its Confirm goes (so it cannot be pressed) and it says why
        driver.awaitBotMessage(dm, m -> m.id().equals(estimate.id()) && !m.hasButton("Confirm")
                && m.contains("out of date"));
        assertThat(driver.botMessages(dm)).noneMatch(BotMessage::isVideo);
    }

    @Test
    void everyMessageNamesCommandsThePlatformsWay() {
        var ann = driver.user("Ann");
        var bob = driver.user("Bob");
        var cid = driver.user("Cid");
        var dm = driver.privateChat(ann);
        for (String command : List.of("start", "help", "list", "status", "make", "keys")) {
            int before = count(dm);
            driver.command(dm, ann, command, "");
            driver.awaitNewBotMessage(dm, before, m -> true);
        }
        var group = driver.group("Film club", ann, bob, cid);
        twoMembersContribute(group, ann, bob);
        int before;
        for (String command : List.of("list", "status", "settings")) {
            before = count(group);
            driver.command(group, ann, command, "");
            driver.awaitNewBotMessage(group, before, m -> true);
        }
        before = count(group);
        driver.command(group, bob, "remove", "9");
        next(group, before, "no scene 9");
        before = count(group);
        driver.command(group, ann, "make", "");
        BotMessage estimate = next(group, before, "Whoever presses Confirm pays");
        driver.press(group, bob, estimate, "Confirm"); // Bob has no keys: told where to set them
        driver.awaitBotMessage(group, m -> m.contains("no Kling keys"));
        saveKlingKeys(cid);
        driver.press(group, cid, estimate, "Confirm");
        driver.awaitBotMessage(group, BotMessage::isVideo);
        driver.awaitBotMessage(group, m -> m.contains("Done"));

        List<String> shown = new java.util.ArrayList<>();
        for (var chat : List.of(dm, group, driver.privateChat(cid))) {
            driver.botMessages(chat).forEach(m -> shown.add(m.text()));
        }
        assertThat(String.join("\n", shown)).contains(driver.syntax().command("make"), driver.syntax().command("list"));
        assertThat(SyntaxLeaks.in(driver.syntax(), shown)).isEmpty();
    }
}
