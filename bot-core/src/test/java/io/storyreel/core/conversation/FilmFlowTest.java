package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.conversation.testing.FakeGenerationEngine;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestSyntax;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.core.generation.ClipState;
import io.storyreel.core.generation.GenerationListener;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.storage.Jdbc;
import io.storyreel.core.storybook.FilmRepository;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /make, confirmation, progress, pauses, delivery, redo, history, keys and settings, against the fake engine. */
class FilmFlowTest {
    @TempDir
    Path dir;
    TestBot bot;
    RecordingChatPort port;
    final AtomicInteger msgIds = new AtomicInteger(1);
    final UserRef ann = new UserRef(Platform.DISCORD, "1", "Ann");
    final UserRef bob = new UserRef(Platform.DISCORD, "2", "Bob");
    final ChatRef annChat = new ChatRef(Platform.DISCORD, "d1", ChatKind.PRIVATE);
    final ChatRef bobChat = new ChatRef(Platform.DISCORD, "d2", ChatKind.PRIVATE);
    final ChatRef channel = new ChatRef(Platform.DISCORD, "c1", ChatKind.GROUP);

    @BeforeEach
    void start() {
        port = new RecordingChatPort(TestSyntax.discordLike());
        bot = new TestBot(dir).withPort(Platform.DISCORD, port);
    }

    @AfterEach
    void stop() throws Exception {
        bot.close();
        assertThat(bot.engine().errors()).isEmpty();
    }

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

    void photo(ChatRef chat, UserRef user, byte[] bytes, String caption) {
        send(new ChatEvent.PhotoAdded(chat, user, bytes, "p.jpg", caption, null, 0, userMsg(chat), null, true));
    }

    /** Presses a button as it was first shown, even if the bot has since edited it away (a stale press). */
    void press(ChatRef chat, UserRef user, RecordingChatPort.Sent message, String label) {
        String data = message.versions().stream().flatMap(v -> v.buttons().stream()).flatMap(List::stream)
                .filter(b -> b.label().contains(label)).map(b -> b.data()).findFirst()
                .orElseThrow(() -> new AssertionError("No button '" + label + "' on " + message));
        send(new ChatEvent.ButtonPressed(chat, user, data, message.ref()));
    }

    void keys(UserRef user) {
        bot.vault().store(user.key(), "kling", Credentials.of("accessKey", "AK-test-0001", "secretKey", "SK-test-0002"));
    }

    RecordingChatPort.Sent lastWith(ChatRef chat, String fragment) {
        List<RecordingChatPort.Sent> hits = port.matching(chat, s -> s.text().contains(fragment));
        assertThat(hits).as("a message containing '%s' in %s", fragment, port.in(chat)).isNotEmpty();
        return hits.get(hits.size() - 1);
    }

    Storybook book(ChatRef chat) {
        return new StorybookRepository(bot.database(), Clock.systemUTC()).findLatest(chat).orElseThrow();
    }

    RecordingChatPort.Sent awaitVideo(ChatRef chat) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> port.in(chat).stream().anyMatch(s -> s.video() != null));
        return port.in(chat).stream().filter(s -> s.video() != null).reduce((a, b) -> b).orElseThrow();
    }

    /** Below the free-space floor /make says so alone, with no estimate; Confirm under an older estimate too. */
    @Test
    void belowTheFreeSpaceFloorMakeAndConfirmSaySoAndNothingStarts() {
        String full = "The bot's storage is nearly full, so no new film can start right now.";
        photo(annChat, ann, TestImages.jpeg(1), "a red fox");
        keys(ann);
        bot.setFreeBytes(TestBot.MIN_FREE_BYTES - 1);
        command(annChat, ann, "make", "");
        assertThat(port.last(annChat).text()).startsWith(full).doesNotContain("can't make");
        assertThat(port.last(annChat).buttons()).isEmpty();
        assertThat(book(annChat).state()).isEqualTo(StorybookState.COLLECTING);

        bot.setFreeBytes(TestBot.MIN_FREE_BYTES);
        command(annChat, ann, "make", "");
        RecordingChatPort.Sent estimate = lastWith(annChat, "Your film");
        bot.setFreeBytes(TestBot.MIN_FREE_BYTES / 2); // the disk fills up while the estimate is shown
        press(annChat, ann, estimate, "Confirm");
        assertThat(port.last(annChat).text()).startsWith(full);
        assertThat(bot.engine().calls()).isEmpty();
        assertThat(book(annChat).state()).isEqualTo(StorybookState.CONFIRMING);

        bot.setFreeBytes(Long.MAX_VALUE); // room again: the same estimate starts the film
        press(annChat, ann, estimate, "Confirm");
        assertThat(bot.engine().calls()).isNotEmpty();
    }

    @Test
    void makeRefusesWithEveryReasonBeforeAnyMoneyIsSpent() {
        photo(annChat, ann, TestImages.jpeg(1), "fine");
        photo(annChat, ann, TestImages.jpeg(200, 150, 2), null); // passes collection, too small for Kling
        command(annChat, ann, "make", "");
        String answer = port.last(annChat).text();
        assertThat(answer).contains("can't make", "Scene 2 has no prompt", "no Kling keys");
        keys(ann);
        command(annChat, ann, "prompt", "2 small one");
        command(annChat, ann, "make", "");
        assertThat(port.last(annChat).text()).contains("Scene 2", "at least 300 pixels");
        assertThat(bot.engine().calls()).isEmpty();
        assertThat(book(annChat).state()).isEqualTo(StorybookState.COLLECTING);
    }

    @Test
    void confirmStartsTheEngineAndTheFilmArrivesWithCaptionButtonsAndDoneStatus() {
        keys(ann);
        photo(annChat, ann, TestImages.jpeg(1), "one");
        photo(annChat, ann, TestImages.jpeg(2), "two");
        command(annChat, ann, "make", "");
        RecordingChatPort.Sent estimate = port.last(annChat);
        assertThat(estimate.text()).contains("2 clips", "Kling", "Clip 1: $0.14 (1 units)", "Total: $0.28");
        press(annChat, ann, estimate, "Confirm");
        RecordingChatPort.Sent film = awaitVideo(annChat);
        Storybook sb = book(annChat);
        assertThat(film.video()).isEqualTo(FakeGenerationEngine.filmBytes(sb.id()));
        assertThat(film.text()).contains("Kling", "kling-v2-1", "2 clips", "10 s", "$0.28", "Scenes by Ann");
        assertThat(film.buttons()).flatExtracting(r -> r).extracting(b -> b.label())
                .contains("🔁 Redo clip 1", "🔁 Redo clip 2", "🔄 Regenerate");
        assertThat(sb.payerKey()).isEqualTo(ann.key());
        await().atMost(5, TimeUnit.SECONDS).until(() -> port.find(new MessageRef(annChat, book(annChat).statusMsgId())).text().contains("Done"));
        assertThat(bot.engine().calls()).containsExactly("start:" + sb.id());
        // a second press of the same Confirm is stale and starts nothing
        press(annChat, ann, estimate, "Confirm");
        assertThat(port.last(annChat).text()).contains("out of date");
        assertThat(bot.engine().calls()).hasSize(1);
    }

    @Test
    void inAChannelTheMemberWhoConfirmsPays() {
        keys(bob);
        photo(channel, ann, TestImages.jpeg(1), "ann's scene");
        command(channel, ann, "make", "");
        RecordingChatPort.Sent estimate = lastWith(channel, "Whoever presses Confirm pays");
        press(channel, ann, estimate, "Confirm"); // Ann has no keys
        assertThat(port.last(channel).text()).contains("no Kling keys");
        assertThat(port.last(channel).message().privateToUser()).isTrue();
        press(channel, bob, estimate, "Confirm");
        awaitVideo(channel);
        assertThat(book(channel).payerKey()).isEqualTo(bob.key());
    }

    @Test
    void progressEditsOneStatusMessageOnlyWhenItsTextChanges() {
        keys(ann);
        photo(annChat, ann, TestImages.jpeg(1), "one");
        command(annChat, ann, "make", "");
        bot.engine().failClip(1, "the provider rejected the content");
        press(annChat, ann, port.last(annChat), "Confirm");
        await().atMost(5, TimeUnit.SECONDS).until(() -> book(annChat).state() == StorybookState.PAUSED
                && !port.matching(annChat, s -> s.text().contains("Clip 1 failed")).isEmpty());
        Storybook sb = book(annChat);
        GenerationListener.Progress p = new GenerationListener.Progress(sb.id(),
                List.of(new GenerationListener.ClipProgress(1, ClipState.RUNNING, 40, 0)), Duration.ofMinutes(3),
                GenerationListener.Stage.GENERATING);
        // the storybook is paused: progress is not shown for it; move it back to generating as a retry would
        new Jdbc(bot.database().dataSource()).update("UPDATE storybook SET state = 'GENERATING' WHERE id = ?", sb.id());
        RecordingChatPort.Sent status = port.find(new MessageRef(annChat, sb.statusMsgId()));
        int before = status.edits();
        bot.conversation().listener().onProgress(p);
        bot.conversation().listener().onProgress(p);
        bot.conversation().listener().onProgress(p);
        await().atMost(5, TimeUnit.SECONDS).until(() -> status.text().contains("40%"));
        bot.conversation().submit(new ChatEvent.Command(annChat, ann, "status", List.of(), "", userMsg(annChat), null)).join();
        assertThat(status.edits()).isEqualTo(before + 1);
        assertThat(status.text()).contains("▓▓▓▓░░░░░░ generating 40%", "About 3 min left");
        assertThat(status.buttons()).flatExtracting(r -> r).extracting(b -> b.label()).contains("⏹ Cancel");
        assertThat(port.last(annChat).text()).contains("40%"); // /status repeats the progress
    }

    @Test
    void aPausedFilmOffersRetryMergeWithoutAndCancel() {
        keys(ann);
        photo(annChat, ann, TestImages.jpeg(1), "one");
        photo(annChat, ann, TestImages.jpeg(2), "two");
        bot.engine().failClip(2, "content rejected by Kling");
        command(annChat, ann, "make", "");
        press(annChat, ann, port.last(annChat), "Confirm");
        await().atMost(5, TimeUnit.SECONDS).until(() -> !port.matching(annChat, s -> s.text().contains("Clip 2 failed")).isEmpty());
        RecordingChatPort.Sent paused = lastWith(annChat, "Clip 2 failed");
        assertThat(paused.text()).contains("content rejected by Kling");
        assertThat(paused.buttons()).flatExtracting(r -> r).extracting(b -> b.label())
                .containsExactly("🔁 Retry clip 2", "✂️ Merge without it", "⏹ Cancel");
        press(annChat, ann, paused, "Retry clip 2");
        awaitVideo(annChat);
        String id = book(annChat).id();
        assertThat(bot.engine().calls()).containsExactly("start:" + id, "retry:" + id + ":2");
        press(annChat, ann, paused, "Merge without"); // the film is done: stale
        assertThat(port.last(annChat).text()).contains("out of date");
    }

    @Test
    void cancellingAPausedFilmReportsWhatWasPaidAndKeepsThePhotos() {
        keys(ann);
        photo(annChat, ann, TestImages.jpeg(1), "one");
        bot.engine().failClip(1, "boom");
        command(annChat, ann, "make", "");
        press(annChat, ann, port.last(annChat), "Confirm");
        await().atMost(5, TimeUnit.SECONDS).until(() -> !port.matching(annChat, s -> s.text().contains("Clip 1 failed")).isEmpty());
        String oldId = book(annChat).id();
        RecordingChatPort.Sent paused = lastWith(annChat, "Clip 1 failed");
        press(annChat, ann, paused, "Cancel");
        assertThat(port.last(annChat).text()).contains("Stopped", "Clip 1 was already paid", "$0.14", "photos are kept");
        // the pause's retry / merge without / cancel are retired: the message says what happened instead
        assertThat(paused.buttons()).isEmpty();
        assertThat(paused.text()).contains("Clip 1 failed: boom", "The film was cancelled").doesNotContain("What should I do");
        Storybook fresh = book(annChat);
        assertThat(fresh.id()).isNotEqualTo(oldId);
        assertThat(fresh.state()).isEqualTo(StorybookState.COLLECTING);
        command(annChat, ann, "list", "");
        assertThat(port.last(annChat).text()).contains("1. one");
    }

    @Test
    void aFilmsRedoButtonsGoOnceTheStorybookMovesOn() {
        keys(ann);
        photo(annChat, ann, TestImages.jpeg(1), "one");
        command(annChat, ann, "make", "");
        press(annChat, ann, port.last(annChat), "Confirm");
        RecordingChatPort.Sent first = awaitVideo(annChat);
        await().atMost(5, TimeUnit.SECONDS).until(() -> book(annChat).state() == StorybookState.DONE);
        String caption = first.text();
        assertThat(first.buttons()).isNotEmpty();

        // a photo for the next film begins a new storybook: the first film's Redo no longer applies
        photo(annChat, ann, TestImages.jpeg(2), "two");
        assertThat(first.buttons()).isEmpty();
        assertThat(first.text()).isEqualTo(caption); // the film and its caption stay as they were

        command(annChat, ann, "make", "");
        press(annChat, ann, port.last(annChat), "Confirm");
        await().atMost(10, TimeUnit.SECONDS).until(() -> port.matching(annChat, s -> s.video() != null).size() == 2);
        RecordingChatPort.Sent second = awaitVideo(annChat);
        await().atMost(5, TimeUnit.SECONDS).until(() -> book(annChat).state() == StorybookState.DONE);
        assertThat(second.buttons()).isNotEmpty();
        command(annChat, ann, "new", "Another day");
        assertThat(second.buttons()).as("a new storybook retires the film's buttons").isEmpty();
    }

    @Test
    void redoAsksWithThePriceThenRetriesTheClipAndTheFilmComesAgain() {
        keys(ann);
        photo(annChat, ann, TestImages.jpeg(1), "one");
        command(annChat, ann, "make", "");
        press(annChat, ann, port.last(annChat), "Confirm");
        RecordingChatPort.Sent film = awaitVideo(annChat);
        await().atMost(5, TimeUnit.SECONDS).until(() -> book(annChat).state() == StorybookState.DONE);
        press(annChat, ann, film, "Redo clip 1");
        RecordingChatPort.Sent ask = port.last(annChat);
        assertThat(ask.text()).contains("clip 1", "$0.14");
        int videos = port.matching(annChat, s -> s.video() != null).size();
        press(annChat, ann, ask, "Redo clip 1");
        await().atMost(10, TimeUnit.SECONDS).until(() -> port.matching(annChat, s -> s.video() != null).size() == videos + 1);
        assertThat(bot.engine().calls()).last().asString().startsWith("retry:");
        // the redone film replaces the first: only its own Redo buttons are live
        assertThat(film.buttons()).isEmpty();
        assertThat(awaitVideo(annChat).buttons()).isNotEmpty();
        command(annChat, ann, "redo", "7");
        await().atMost(5, TimeUnit.SECONDS).until(() -> book(annChat).state() == StorybookState.DONE);
        command(annChat, ann, "redo", "7");
        assertThat(port.last(annChat).text()).contains("no scene 7");
    }

    @Test
    void theChatsUploadLimitIsRecordedAtConfirmationAndTheEngineHearsHowEachSendWent() {
        port.setUploadLimitBytes(4_000_000);
        keys(ann);
        photo(annChat, ann, TestImages.jpeg(1), "one");
        command(annChat, ann, "make", "");
        press(annChat, ann, port.last(annChat), "Confirm");
        awaitVideo(annChat);
        Storybook first = book(annChat);
        assertThat(bot.engine().uploadLimit(first.id())).isEqualTo(4_000_000L);
        String firstFilm = new FilmRepository(bot.database()).listForChat(annChat, 1).get(0).id();
        await().atMost(5, TimeUnit.SECONDS).until(() -> bot.engine().answers().contains("delivered:" + firstFilm));

        // the platform refuses the next film as too large: the engine hears it, and the storybook stays the engine's
        port.setUploadLimitBytes(5);
        photo(annChat, ann, TestImages.jpeg(2), "two");
        command(annChat, ann, "make", "");
        press(annChat, ann, port.last(annChat), "Confirm");
        Storybook second = book(annChat);
        await().atMost(5, TimeUnit.SECONDS).until(() -> bot.engine().answers().stream().anyMatch(a -> a.endsWith(":TOO_LARGE")));
        String secondFilm = new FilmRepository(bot.database()).listForChat(annChat, 1).get(0).id();
        assertThat(bot.engine().answers()).containsExactly("delivered:" + firstFilm, "failed:" + secondFilm + ":TOO_LARGE");
        assertThat(bot.engine().uploadLimit(second.id())).isEqualTo(5L);
        assertThat(book(annChat).state()).isEqualTo(StorybookState.DELIVERING);
        assertThat(port.matching(annChat, m -> m.video() != null)).hasSize(1);
    }

    @Test
    void historyResendsPastFilmsFromTheirBlobs() {
        keys(ann);
        photo(annChat, ann, TestImages.jpeg(1), "one");
        command(annChat, ann, "make", "");
        press(annChat, ann, port.last(annChat), "Confirm");
        RecordingChatPort.Sent film = awaitVideo(annChat);
        await().atMost(5, TimeUnit.SECONDS).until(() -> book(annChat).state() == StorybookState.DONE);
        command(annChat, ann, "history", "");
        RecordingChatPort.Sent history = port.last(annChat);
        assertThat(history.text()).contains("last 1 film");
        press(annChat, ann, history, "1.");
        RecordingChatPort.Sent again = port.last(annChat);
        assertThat(again.video()).isEqualTo(film.video());
        command(bobChat, bob, "history", "");
        assertThat(port.last(bobChat).text()).contains("No films");
    }

    @Test
    void regenerateStartsANewStorybookFromTheSameScenesAndShowsTheEstimate() {
        keys(ann);
        photo(annChat, ann, TestImages.jpeg(1), "one");
        command(annChat, ann, "make", "");
        press(annChat, ann, port.last(annChat), "Confirm");
        RecordingChatPort.Sent film = awaitVideo(annChat);
        await().atMost(5, TimeUnit.SECONDS).until(() -> book(annChat).state() == StorybookState.DONE);
        press(annChat, ann, film, "Regenerate");
        assertThat(port.last(annChat).text()).contains("1 clip", "Total");
        assertThat(book(annChat).state()).isEqualTo(StorybookState.CONFIRMING);
    }

    @Test
    void setkeysInPrivateDeletesChecksStoresAndMasks() {
        MessageRef source = userMsg(annChat);
        send(new ChatEvent.SecretSubmitted(annChat, ann, "kling", "AKabcdefgh12 SKsecret98765", source));
        assertThat(port.isDeleted(source)).isTrue();
        String reply = port.last(annChat).text();
        assertThat(reply).contains("Saved your Kling keys", "AKab…(12 chars)").doesNotContain("AKabcdefgh12", "SKsecret98765");
        assertThat(bot.vault().load(ann.key(), "kling")).get().extracting(c -> c.get("secretKey")).isEqualTo("SKsecret98765");

        send(new ChatEvent.SecretSubmitted(annChat, ann, "minimax", "badkey-123456", userMsg(annChat)));
        assertThat(port.last(annChat).text()).contains("MiniMax did not accept", "Nothing was saved");
        send(new ChatEvent.SecretSubmitted(annChat, ann, "kling", "onlyonekey123", userMsg(annChat)));
        assertThat(port.last(annChat).text()).contains("/setkeys provider:kling", "fill in every field").doesNotContain("ACCESS_KEY");
        send(new ChatEvent.SecretSubmitted(annChat, ann, "runway", "whatever123", userMsg(annChat)));
        assertThat(port.last(annChat).text()).contains("don't know the provider");
        assertThat(port.texts(annChat)).noneMatch(t -> t.contains("badkey-123456") || t.contains("onlyonekey123"));

        command(annChat, ann, "keys", "");
        assertThat(port.last(annChat).text()).contains("keys for: kling");
        command(annChat, ann, "forgetkeys", "kling");
        assertThat(port.last(annChat).text()).contains("Removed your keys for kling");
        assertThat(bot.vault().providers(ann.key())).isEmpty();
    }

    @Test
    void keysPostedInAGroupAreDeletedRefusedAndNeverStored() {
        MessageRef source = userMsg(channel);
        send(new ChatEvent.SecretSubmitted(channel, ann, "kling", "AKleaked0001 SKleaked0002", source));
        assertThat(port.isDeleted(source)).isTrue();
        assertThat(port.last(channel).text()).contains("rotate", "use /setkeys, which opens a form only you can see")
                .doesNotContain("AKleaked0001", "private chat");
        assertThat(bot.vault().providers(ann.key())).isEmpty();
        command(channel, ann, "setkeys", "");
        assertThat(port.last(channel).text()).contains("Keys never go in a channel message", "/setkeys");
        // a private modal (no visible message) in a channel is fine: Discord's /setkeys
        send(new ChatEvent.SecretSubmitted(channel, ann, "kling", "AKmodal00001 SKmodal00002", null));
        assertThat(port.last(channel).message().privateToUser()).isTrue();
        assertThat(bot.vault().providers(ann.key())).containsExactly("kling");
    }

    @Test
    void providerMenuShowsWhatAClipCostsWithEachAndAButtonSwitches() {
        photo(annChat, ann, TestImages.jpeg(1), "one");
        command(annChat, ann, "provider", "");
        RecordingChatPort.Sent menu = port.last(annChat);
        assertThat(menu.text()).contains("Kling: $0.14", "MiniMax: $0.28");
        press(annChat, ann, menu, "MiniMax");
        assertThat(port.last(annChat).text()).contains("made with MiniMax");
        assertThat(book(annChat).provider()).isEqualTo("minimax");
        command(annChat, ann, "provider", "runway");
        assertThat(port.last(annChat).text()).contains("don't know the provider \"runway\"");
    }

    @Test
    void settingsByButtonEditTheMenuAndTypedSettingsAreChecked() {
        photo(annChat, ann, TestImages.jpeg(1), "one");
        command(annChat, ann, "settings", "");
        RecordingChatPort.Sent menu = port.last(annChat);
        assertThat(menu.text()).contains("Kling 2.1", "Duration: 5 s", "hard cuts", "Captions: off");
        press(annChat, ann, menu, "10 s");
        assertThat(menu.text()).contains("Duration: 10 s");
        press(annChat, ann, menu, "pro");
        assertThat(menu.text()).contains("Mode: pro", "Resolution: 1080p");
        press(annChat, ann, menu, "Crossfade");
        press(annChat, ann, menu, "Captions: off");
        assertThat(menu.text()).contains("crossfade 0.5 s", "Captions: on");

        command(annChat, ann, "settings", "style watercolor, soft light");
        assertThat(book(annChat).settings().styleSuffix()).isEqualTo("watercolor, soft light");
        command(annChat, ann, "settings", "duration 7");
        assertThat(port.last(annChat).text()).contains("durations are 5, 10");
        command(annChat, ann, "settings", "model kling-v1-6");
        assertThat(book(annChat).settings().model()).isEqualTo("kling-v1-6");
        command(annChat, ann, "settings", "colour red");
        assertThat(port.last(annChat).text()).contains("Use /settings option:KEY value:VALUE");
        command(annChat, ann, "make", "");
        assertThat(book(annChat).state()).isIn(StorybookState.COLLECTING, StorybookState.CONFIRMING);
    }
}
