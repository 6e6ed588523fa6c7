package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.conversation.testing.FakeGenerationEngine;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConversationTest {
    @TempDir
    Path dir;
    TestBot bot;
    RecordingChatPort port;
    final AtomicInteger msgIds = new AtomicInteger(1);
    final UserRef ann = new UserRef(Platform.TELEGRAM, "1", "Ann");
    final UserRef bob = new UserRef(Platform.TELEGRAM, "2", "Bob");
    final UserRef cid = new UserRef(Platform.TELEGRAM, "3", "Cid");
    final ChatRef annChat = new ChatRef(Platform.TELEGRAM, "1", ChatKind.PRIVATE);
    final ChatRef group = new ChatRef(Platform.TELEGRAM, "-100", ChatKind.GROUP);

    @BeforeEach
    void start() {
        port = new RecordingChatPort();
        bot = new TestBot(dir).withPort(Platform.TELEGRAM, port);
    }

    @AfterEach
    void stop() throws Exception {
        bot.close();
    }

    // ——— helpers: send an event and wait until the conversation has handled it ———

    void send(ChatEvent e) {
        bot.conversation().submit(e).orTimeout(10, TimeUnit.SECONDS).join();
    }

    MessageRef userMsg(ChatRef chat) {
        return new MessageRef(chat, "u" + msgIds.getAndIncrement());
    }

    void command(ChatRef chat, UserRef user, String name, String raw) {
        List<String> args = raw.isBlank() ? List.of() : List.of(raw.strip().split("\\s+"));
        send(new ChatEvent.Command(chat, user, name, args, raw, userMsg(chat), null));
    }

    ChatEvent.PhotoAdded photo(ChatRef chat, UserRef user, byte[] bytes, String caption, boolean addressed) {
        return new ChatEvent.PhotoAdded(chat, user, bytes, "p.jpg", caption, null, 0, userMsg(chat), null, addressed);
    }

    void photo(ChatRef chat, UserRef user, int seed, String caption) {
        send(photo(chat, user, TestImages.jpeg(seed), caption, true));
    }

    List<Scene> scenes(ChatRef chat) {
        var books = new StorybookRepository(bot.database(), Clock.systemUTC());
        return books.findOpen(chat).map(b -> new SceneRepository(bot.database(), Clock.systemUTC()).list(b.id()))
                .orElse(List.of());
    }

    String lastText(ChatRef chat) {
        return port.last(chat).text();
    }

    // ——— collecting ———

    @Test
    void startWelcomesWithTheThreeSteps() {
        command(annChat, ann, "start", "");
        assertThat(lastText(annChat)).contains("1.", "2.", "3.", "/make");
    }

    @Test
    void captionedPhotosBecomeScenesInOrder() {
        photo(annChat, ann, 1, "a cat wakes up");
        photo(annChat, ann, 2, "the cat jumps");
        assertThat(scenes(annChat)).extracting(Scene::position, Scene::prompt, Scene::contributor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "a cat wakes up", "Ann"),
                        org.assertj.core.groups.Tuple.tuple(2, "the cat jumps", "Ann"));
        assertThat(lastText(annChat)).contains("Added scene 2", "2 of 6");
        assertThat(bot.blobs().exists(scenes(annChat).get(0).imageBlob())).isTrue();
    }

    @Test
    void albumIsOneBatchInAlbumOrderWithOneAnswer() {
        int before = port.in(annChat).size();
        List<ChatEvent.PhotoAdded> parts = new ArrayList<>();
        parts.add(new ChatEvent.PhotoAdded(annChat, ann, TestImages.jpeg(3), "p3.jpg", "third", "g1", 3, userMsg(annChat), null, true));
        parts.add(new ChatEvent.PhotoAdded(annChat, ann, TestImages.jpeg(1), "p1.jpg", "first", "g1", 1, userMsg(annChat), null, true));
        parts.add(new ChatEvent.PhotoAdded(annChat, ann, TestImages.jpeg(2), "p2.jpg", "second", "g1", 2, userMsg(annChat), null, true));
        send(new ChatEvent.Album(annChat, ann, parts));
        assertThat(scenes(annChat)).extracting(Scene::prompt).containsExactly("first", "second", "third");
        assertThat(port.in(annChat)).hasSize(before + 1);
    }

    @Test
    void photoWithoutCaptionIsAskedForAndAReplySetsThePrompt() {
        photo(annChat, ann, 1, null);
        RecordingChatPort.Sent question = port.last(annChat);
        assertThat(question.text()).contains("scene 1", "Reply");
        assertThat(scenes(annChat).get(0).hasPrompt()).isFalse();

        send(new ChatEvent.TextMessage(annChat, ann, "the sun rises", userMsg(annChat), question.ref()));
        assertThat(scenes(annChat).get(0).prompt()).isEqualTo("the sun rises");
        assertThat(lastText(annChat)).contains("Scene 1", "the sun rises");
    }

    @Test
    void aPlainLineIsAPromptOnlyRightAfterTheQuestion() {
        photo(annChat, ann, 1, null);
        RecordingChatPort.Sent question = port.last(annChat);
        send(new ChatEvent.Command(annChat, ann, "status", List.of(), "", userMsg(annChat), null));
        // the chat moved on: a stray line later is no answer to the question
        send(new ChatEvent.TextMessage(annChat, ann, "hello, what now?", userMsg(annChat), null));
        assertThat(scenes(annChat).get(0).hasPrompt()).isFalse();
        assertThat(lastText(annChat)).doesNotContain("hello, what now?");

        send(new ChatEvent.TextMessage(annChat, ann, "the sun rises", userMsg(annChat), question.ref()));
        assertThat(scenes(annChat).get(0).prompt()).isEqualTo("the sun rises");

        photo(annChat, ann, 2, null); // asked again: the very next line answers it
        send(new ChatEvent.TextMessage(annChat, ann, "the sun sets", userMsg(annChat), null));
        assertThat(scenes(annChat).get(1).prompt()).isEqualTo("the sun sets");
    }

    @Test
    void seventhPhotoIsRefusedWithTheReasonAndTheSixStay() {
        for (int i = 1; i <= 6; i++) {
            photo(annChat, ann, i, "scene " + i);
        }
        photo(annChat, ann, 7, "one too many");
        assertThat(lastText(annChat)).contains("at most 6", "/remove");
        assertThat(scenes(annChat)).hasSize(6).extracting(Scene::prompt).doesNotContain("one too many");
    }

    @Test
    void albumOverflowKeepsWhatFitsAndSaysHowManyWereRefused() {
        for (int i = 1; i <= 4; i++) {
            photo(annChat, ann, i, "scene " + i);
        }
        List<ChatEvent.PhotoAdded> parts = new ArrayList<>();
        for (int i = 5; i <= 8; i++) {
            parts.add(new ChatEvent.PhotoAdded(annChat, ann, TestImages.jpeg(i), "p.jpg", "scene " + i, "g", i, userMsg(annChat), null, true));
        }
        send(new ChatEvent.Album(annChat, ann, parts));
        assertThat(scenes(annChat)).extracting(Scene::prompt).containsExactly("scene 1", "scene 2", "scene 3", "scene 4", "scene 5", "scene 6");
        assertThat(lastText(annChat)).contains("Added scene 5", "Added scene 6", "2 photos were not added");
    }

    @Test
    void notAnImageAndTinyImagesAreRefusedAndNothingCollectedIsLost() {
        photo(annChat, ann, 1, "kept");
        send(photo(annChat, ann, "%PDF-1.7 not really".getBytes(), "gif", true));
        assertThat(lastText(annChat)).contains("JPEG, PNG, WebP or GIF");
        send(photo(annChat, ann, "GIF89a not really".getBytes(), "gif", true)); // a GIF's signature, then junk
        assertThat(lastText(annChat)).contains("Please send it again");
        send(photo(annChat, ann, TestImages.jpeg(40, 40, 1), "tiny", true));
        assertThat(lastText(annChat)).contains("40×40");
        send(new ChatEvent.UnsupportedFile(annChat, ann, "notes.pdf", "application/pdf", 1234, userMsg(annChat)));
        assertThat(lastText(annChat)).contains("notes.pdf", "not a photo");
        assertThat(scenes(annChat)).extracting(Scene::prompt).containsExactly("kept");
    }

    @Test
    void captionOverTheProvidersLimitIsKeptAsAPhotoAndAskedAgain() {
        photo(annChat, ann, 1, "x".repeat(2501));
        assertThat(lastText(annChat)).contains("2501 characters", "Kling", "2500", "shorter");
        assertThat(scenes(annChat)).hasSize(1);
        assertThat(scenes(annChat).get(0).hasPrompt()).isFalse();
        send(new ChatEvent.TextMessage(annChat, ann, "shorter now", userMsg(annChat), port.last(annChat).ref()));
        assertThat(scenes(annChat).get(0).prompt()).isEqualTo("shorter now");
    }

    @Test
    void aPhotoTheChosenProviderWouldRefuseIsFlaggedWhenAddedAndAgainWhenTheProviderChanges() {
        // Kling (the default) takes 300 px on each side: a 200 px photo is kept, but said at once to be too small
        send(photo(annChat, ann, TestImages.jpeg(200, 200, 1), "too small", true));
        assertThat(lastText(annChat)).contains("Added scene 1", "Kling needs at least 300 pixels on each side",
                "this photo is 200×200", "Choose another photo", "/remove 1");
        send(photo(annChat, ann, TestImages.jpeg(300, 300, 2), "just right", true));
        assertThat(lastText(annChat)).contains("Added scene 2").doesNotContain("pixels");
        // a photo wider than the provider's frames: said to get black bars, not refused
        send(photo(annChat, ann, TestImages.jpeg(1000, 300, 3), "wide", true));
        assertThat(lastText(annChat)).contains("Scene 3", "black bars", "1000×400");
        assertThat(scenes(annChat)).hasSize(3);

        // MiniMax takes 301 px: now scenes 1 and 2 no longer fit, and the choice says so
        command(annChat, ann, "provider", "minimax");
        assertThat(lastText(annChat)).contains("MiniMax", "The photos of scenes 1 and 2 are smaller than MiniMax takes",
                "at least 301 pixels");
        command(annChat, ann, "provider", "kling");
        assertThat(lastText(annChat)).contains("Scene 1's photo is smaller than Kling takes");
        command(annChat, ann, "remove", "1");
        command(annChat, ann, "provider", "kling");
        assertThat(lastText(annChat)).doesNotContain("smaller than");
    }

    @Test
    void removeMoveAndPromptRenumberAndAnswerBadNumbers() {
        photo(annChat, ann, 1, "one");
        photo(annChat, ann, 2, "two");
        photo(annChat, ann, 3, "three");
        command(annChat, ann, "move", "3 1");
        assertThat(scenes(annChat)).extracting(Scene::prompt).containsExactly("three", "one", "two");
        command(annChat, ann, "remove", "2");
        assertThat(scenes(annChat)).extracting(Scene::prompt).containsExactly("three", "two");
        assertThat(scenes(annChat)).extracting(Scene::position).containsExactly(1, 2);
        command(annChat, ann, "prompt", "2 two, but better");
        assertThat(scenes(annChat).get(1).prompt()).isEqualTo("two, but better");
        command(annChat, ann, "remove", "9");
        assertThat(lastText(annChat)).contains("no scene 9", "1 to 2");
        command(annChat, ann, "move", "one two");
        assertThat(lastText(annChat)).contains("/move N M");
        assertThat(scenes(annChat)).hasSize(2);
    }

    @Test
    void listSendsAStoryboardPictureAndTheSameAsTextCreditingContributors() {
        command(group, ann, "new", "Our trip");
        send(photo(group, ann, TestImages.jpeg(1), "the beach", true));
        send(photo(group, bob, TestImages.png(400, 300, 2), "the boat", true));
        command(group, cid, "list", "");
        RecordingChatPort.Sent list = port.last(group);
        assertThat(list.text()).contains("Our trip", "1. the beach – by Ann", "2. the boat – by Bob");
        assertThat(list.message().image()).isNotNull();
        assertThat(io.storyreel.core.image.ImageInspector.sniff(list.message().image())).isEqualTo("image/png");
    }

    @Test
    void aListWithOneContributorCreditsNobodyOnEveryLine() {
        photo(annChat, ann, 1, "the beach");
        photo(annChat, ann, 2, "the boat");
        command(annChat, ann, "list", "");
        assertThat(port.last(annChat).text()).contains("1. the beach\n2. the boat").doesNotContain("– by");
    }

    @Test
    void aStickerOrAVoiceMessageIsNamedForWhatItIsNotAsAFile() {
        send(ChatEvent.UnsupportedFile.notAFile(annChat, ann, "a sticker", "image/webp", userMsg(annChat)));
        assertThat(lastText(annChat)).isEqualTo("A sticker is not a photo I can use. Please use a JPEG, PNG or WebP photo.");
        send(ChatEvent.UnsupportedFile.notAFile(annChat, ann, "a voice message", "audio/ogg", userMsg(annChat)));
        assertThat(lastText(annChat)).startsWith("A voice message is not a photo").doesNotContain("\"");
    }

    @Test
    void groupPhotosNotMeantForTheBotAreIgnored() {
        send(photo(group, ann, TestImages.jpeg(1), "holiday snap", false));
        assertThat(port.in(group)).isEmpty();
        assertThat(scenes(group)).isEmpty();
    }

    @Test
    void unknownCommandGetsOneClearMessage() {
        photo(annChat, ann, 1, "kept");
        int before = port.in(annChat).size();
        command(annChat, ann, "frobnicate", "");
        assertThat(port.in(annChat)).hasSize(before + 1);
        assertThat(lastText(annChat)).contains("/frobnicate", "/help");
        assertThat(scenes(annChat)).hasSize(1);
    }

    @Test
    void storybookSurvivesARestart() throws Exception {
        photo(annChat, ann, 1, "before restart");
        bot.close();
        bot = new TestBot(dir).withPort(Platform.TELEGRAM, port);
        photo(annChat, ann, 2, "after restart");
        assertThat(scenes(annChat)).extracting(Scene::prompt).containsExactly("before restart", "after restart");
    }

    @Test
    void aFailingHandlerApologisesAndTheChatKeepsWorking() throws Exception {
        photo(annChat, ann, 1, "kept");
        bot.close(); // the database is gone: every handler now fails
        bot = new TestBot(dir.resolve("other")).withPort(Platform.TELEGRAM, port);
        bot.database().close();
        command(annChat, ann, "list", "");
        assertThat(lastText(annChat)).contains("something went wrong", "Nothing you sent was lost");
    }

    @Test
    void eventsOfOneChatAreHandledInOrderOffTheCallersThread() {
        for (int i = 1; i <= 5; i++) {
            bot.conversation().accept(photo(annChat, ann, TestImages.jpeg(i), "s" + i, true));
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> scenes(annChat).size() == 5);
        assertThat(scenes(annChat)).extracting(Scene::prompt).containsExactly("s1", "s2", "s3", "s4", "s5");
    }
}
