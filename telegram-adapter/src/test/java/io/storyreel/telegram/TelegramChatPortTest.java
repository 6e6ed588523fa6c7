package io.storyreel.telegram;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatDeliveryException;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Core's replies through the real OkHttpTelegramClient into the fake Bot API. */
class TelegramChatPortTest {
    private final RecordingSink sink = new RecordingSink();
    private final TelegramTestBed bed = new TelegramTestBed(TelegramTestBed.fastServer(), sink,
            s -> s.withPacing(Duration.ofMillis(250), Duration.ofMillis(400)));
    private final SimUser ann = bed.server.user(1001, "Ann");
    private final SimChat annChat = bed.server.privateChat(ann);
    private final ChatRef chat = TelegramTestBed.ref(annChat);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void sendsTextWithButtonsAndEditsIt() {
        MessageRef ref = bed.port().send(chat, Message.text("Clip 1 ░░░░ 0%")
                .withButtons(List.of(List.of(new Button("Cancel", "cancel")))));
        bed.port().edit(ref, Message.text("Clip 1 ██░░ 50%").withButtons(List.of(List.of(new Button("Cancel",
                "cancel")))));
        SimMessage m = bed.server.awaitBotText(annChat, "50%", Duration.ofSeconds(5));
        assertThat(m.buttonData()).containsExactly("cancel");
        assertThat(m.history()).containsExactly("Clip 1 ░░░░ 0%", "Clip 1 ██░░ 50%");
    }

    @Test
    void groupAdministratorsAreAskedOnceAMinuteAndAStrangerOrAPrivateChatIsNone() {
        SimUser bob = bed.server.user(1002, "Bob");
        SimUser cid = bed.server.user(1003, "Cid");
        SimChat group = bed.server.supergroup(-1001234, "Club");
        ChatRef club = TelegramTestBed.ref(group);
        bed.server.setMemberStatus(group, ann, "creator");
        bed.server.setMemberStatus(group, bob, "administrator");
        bed.server.sendText(group, cid, "hello");
        var user = (java.util.function.Function<SimUser, io.storyreel.core.chat.UserRef>) u ->
                new io.storyreel.core.chat.UserRef(io.storyreel.core.chat.Platform.TELEGRAM, String.valueOf(u.id()), u.firstName());

        assertThat(bed.port().isAdministrator(club, user.apply(ann))).isTrue();
        assertThat(bed.port().isAdministrator(club, user.apply(bob))).isTrue();
        assertThat(bed.port().isAdministrator(club, user.apply(cid))).isFalse();
        for (int i = 0; i < 3; i++) {
            assertThat(bed.port().isAdministrator(club, user.apply(bob))).isTrue(); // remembered, not asked again
        }
        assertThat(bed.server.journal().count("getChatMember")).isEqualTo(3L);
        // a member Telegram does not know is no administrator, and the failed question is not remembered
        SimUser stranger = bed.server.user(1009, "Stranger");
        assertThat(bed.port().isAdministrator(club, user.apply(stranger))).isFalse();
        assertThat(bed.port().isAdministrator(club, user.apply(stranger))).isFalse();
        assertThat(bed.server.journal().count("getChatMember")).isEqualTo(5L);
        assertThat(bed.port().isAdministrator(chat, user.apply(ann))).as("a private chat").isFalse();
        assertThat(bed.server.journal().count("getChatMember")).isEqualTo(5L);
    }

    @Test
    void anUnchangedEditIsNotAnError() throws Exception {
        MessageRef ref = bed.port().send(chat, Message.text("Queued"));
        bed.port().edit(ref, Message.text("Queued"));
        MessageRef after = bed.port().send(chat, Message.text("next"));
        assertThat(after).isNotNull();
        org.awaitility.Awaitility.await().until(() -> bed.server.journal().count("editMessageText") == 1);
        assertThat(bed.server.botMessages(annChat).get(0).editCount()).isZero();
    }

    @Test
    void aStormOf429sOnEditsLosesNothingAndTheLimiterHonoursRetryAfter() {
        MessageRef status = bed.port().send(chat, Message.text("Progress 0/40"));
        // three 429s in a row, then a chat budget of one edit per 200 ms (the bot paces at 250 ms)
        bed.server.faults().rejectNextEdits(3, 1).paceEdits(Duration.ofMillis(200), 1);
        for (int i = 1; i <= 40; i++) {
            bed.port().edit(status, Message.text("Progress " + i + "/40"));
        }
        MessageRef done = bed.port().send(chat, Message.text("All clips are ready"));

        SimMessage last = bed.server.awaitBotText(annChat, "Progress 40/40", Duration.ofSeconds(20));
        assertThat(last.messageId()).isEqualTo(Integer.parseInt(status.messageId()));
        assertThat(bed.server.message(annChat, Integer.parseInt(done.messageId())).orElseThrow().text())
                .isEqualTo("All clips are ready");
        assertThat(bed.server.journal().callsDuringRetryWindow()).isZero();
        // after the storm the pacing kept the chat inside its budget: no 429 beyond the three injected
        assertThat(bed.server.journal().tooManyRequestsServed()).isEqualTo(3);
        // coalesced: far fewer edits reached Telegram than were asked for, and each one changed the text
        assertThat(bed.server.journal().editsAccepted(annChat)).isLessThan(40);
        assertThat(last.history()).doesNotHaveDuplicates();
    }

    @Test
    void aFilmOverTheUploadLimitSurfacesAsTooLarge() throws IOException {
        bed.server.setUploadLimit(1000);
        Path big = Files.write(dir.resolve("big.mp4"), new byte[1500]);
        assertThatThrownBy(() -> bed.port().sendVideo(chat, big, "The film", List.of()))
                .isInstanceOfSatisfying(ChatDeliveryException.class, e -> assertThat(e.tooLarge()).isTrue())
                .hasMessageNotContaining(bed.server.token());
        assertThat(bed.server.videos(annChat)).isEmpty();
    }

    @Test
    void aChatThatForbidsVideosRefusesTheFilmForSureAndTakesItAsAFile() throws IOException {
        bed.server.faults().forbidVideos(annChat.id());
        Path film = Files.write(dir.resolve("film.mp4"), new byte[2048]);
        assertThatThrownBy(() -> bed.port().sendVideo(chat, film, "The film", List.of()))
                .isInstanceOfSatisfying(ChatDeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ChatDeliveryException.Kind.REFUSED);
                    assertThat(e.getMessage()).contains("not enough rights to send videos");
                });
        MessageRef ref = bed.port().sendDocument(chat, film, "storyreel-film.mp4", "The film",
                List.of(List.of(new Button("Redo clip 1", "rd|x|1"))));
        SimMessage doc = bed.server.message(annChat, Integer.parseInt(ref.messageId())).orElseThrow();
        assertThat(doc.document()).hasSize(2048);
        assertThat(doc.fileName()).isEqualTo("storyreel-film.mp4");
        assertThat(doc.caption()).isEqualTo("The film");
        assertThat(doc.buttonData()).containsExactly("rd|x|1");
        assertThat(bed.server.videos(annChat)).isEmpty();
    }

    @Test
    void anUploadWhoseConnectionDropsBeforeTheAnswerMayHaveArrived() throws Exception {
        var hold = bed.server.faults().holdNextVideoAnswer();
        Path film = Files.write(dir.resolve("film.mp4"), new byte[2048]);
        java.util.concurrent.CompletableFuture<ChatDeliveryException.Kind> kind = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        bed.port().sendVideo(chat, film, "The film", List.of());
                        return null;
                    } catch (ChatDeliveryException e) {
                        return e.kind();
                    }
                });
        hold.awaitHeld(Duration.ofSeconds(10));
        assertThat(bed.server.videos(annChat)).as("posted already").hasSize(1);
        assertThat(kind).isNotDone();
        hold.drop();
        assertThat(kind.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(ChatDeliveryException.Kind.NO_ANSWER);
        Thread.sleep(300);
        assertThat(bed.server.videos(annChat)).as("the HTTP client did not post it again by itself").hasSize(1);
        // a request that never reached Telegram failed for sure
        assertThat(TelegramChatPort.kind(new org.telegram.telegrambots.meta.exceptions.TelegramApiException(
                "Unable to execute sendvideo method", new java.net.ConnectException("Connection refused"))))
                .isEqualTo(ChatDeliveryException.Kind.FAILED);
    }

    @Test
    void aFilmIsUploadedForStreamingWithATrimmedCaptionButtonsAndTheUploadAction() throws IOException {
        byte[] mp4 = new byte[4096];
        mp4[7] = 42;
        Path film = Files.write(dir.resolve("film.mp4"), mp4);
        String caption = "Kling v2.1 · 3 clips · 15 s · $0.84 " + "x".repeat(1200);
        MessageRef ref = bed.port().sendVideo(chat, film, caption,
                List.of(List.of(new Button("Redo clip 1", "redo:1"), new Button("Regenerate", "regen"))));
        SimMessage video = bed.server.videos(annChat).get(0);
        assertThat(String.valueOf(video.messageId())).isEqualTo(ref.messageId());
        assertThat(video.video()).isEqualTo(mp4);
        assertThat(video.supportsStreaming()).isTrue();
        assertThat(video.caption()).hasSizeLessThanOrEqualTo(1024).startsWith("Kling v2.1 · 3 clips").endsWith("…");
        assertThat(video.buttonData()).containsExactly("redo:1", "regen");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> bed.server.chatActions(annChat).contains("upload_video"));
    }

    @Test
    void aFinishedFilmGoesAheadOfAWaitingProgressEditWhichFoldsIntoTheLastWordsAndThePaceHolds() throws Exception {
        Path film = Files.write(dir.resolve("film.mp4"), new byte[2048]);
        MessageRef status = bed.port().send(chat, Message.text("Starting"));
        // the chat's pace (250 ms here) holds this edit back: it is still waiting when the film is ready
        bed.port().edit(status, Message.text("Merging the clips…"));
        MessageRef video = bed.port().sendVideo(chat, film, "The film", List.of());
        bed.port().edit(status, Message.text("Done! Your film is below"));

        SimMessage done = bed.server.awaitBotText(annChat, "Done!", Duration.ofSeconds(5));
        assertThat(done.messageId()).isEqualTo(Integer.parseInt(status.messageId()));
        // the superseded progress was never shown: the film's last words took its place in the queue
        assertThat(done.history()).containsExactly("Starting", "Done! Your film is below");
        SimMessage sent = bed.server.videos(annChat).get(0);
        assertThat(String.valueOf(sent.messageId())).isEqualTo(video.messageId());
        // the chat's budget still held: the bot's calls into it (chat actions aside) came at least 250 ms apart
        List<io.storyreel.sim.telegram.RequestJournal.Call> journal = bed.server.journal().calls().stream()
                .filter(c -> c.chatId() != null && c.chatId() == annChat.id() && !c.method().equals("sendchataction"))
                .toList();
        assertThat(journal).extracting(io.storyreel.sim.telegram.RequestJournal.Call::method)
                .containsExactly("sendmessage", "sendvideo", "editmessagetext");
        List<java.time.Instant> calls = journal.stream().map(io.storyreel.sim.telegram.RequestJournal.Call::at).toList();
        for (int i = 1; i < calls.size(); i++) {
            assertThat(Duration.between(calls.get(i - 1), calls.get(i))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
        assertThat(bed.server.journal().tooManyRequestsServed()).isZero();
    }

    @Test
    void aMessageSentWithoutWaitingArrivesInItsTurnAndIsAnsweredByItsFuture() throws Exception {
        MessageRef first = bed.port().send(chat, Message.text("The estimate"));
        long before = System.nanoTime();
        java.util.concurrent.CompletableFuture<MessageRef> status = bed.port().sendAsync(chat,
                Message.text("Starting").withButtons(List.of(List.of(new Button("Cancel", "cancel")))));
        boolean doneAtReturn = status.isDone();
        Duration returnedAfter = Duration.ofNanos(System.nanoTime() - before);
        // the call returned before the chat's pace (250 ms) let the message go
        assertThat(returnedAfter).isLessThan(Duration.ofMillis(200));
        assertThat(doneAtReturn).isFalse();
        MessageRef ref = status.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Integer.parseInt(ref.messageId())).isGreaterThan(Integer.parseInt(first.messageId()));
        SimMessage m = bed.server.message(annChat, Integer.parseInt(ref.messageId())).orElseThrow();
        assertThat(m.text()).isEqualTo("Starting");
        assertThat(m.buttonData()).containsExactly("cancel");
        // a refusal (a chat Telegram does not know) fails the future as send would throw
        ChatRef unknown = new ChatRef(io.storyreel.core.chat.Platform.TELEGRAM, "987654321",
                io.storyreel.core.chat.ChatKind.PRIVATE);
        assertThat(bed.port().sendAsync(unknown, Message.text("hello")))
                .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(ChatDeliveryException.class);
    }

    @Test
    void theSetkeysMessageIsDeletedAheadOfQueuedMessages() {
        int keyMessage = bed.server.sendText(annChat, ann, "/setkeys kling AK SK");
        bed.port().delete(new MessageRef(chat, String.valueOf(keyMessage)));
        assertThat(bed.server.message(annChat, keyMessage).orElseThrow().deleted()).isTrue();
    }

    @Test
    void aGroupUpgradedToASupergroupIsFollowed() {
        SimChat group = bed.server.group(-3001, "Trip");
        ChatRef groupRef = TelegramTestBed.ref(group);
        bed.port().send(groupRef, Message.text("Storybook open"));
        SimChat supergroup = bed.server.migrateToSupergroup(group, -1003001L, ann);
        bed.port().send(groupRef, Message.text("Still here"));
        assertThat(bed.server.botMessages(supergroup)).extracting(SimMessage::text).containsExactly("Still here");
    }

    @Test
    void aStoryboardPictureCarriesItsTextAsCaption() {
        byte[] png = io.storyreel.sim.telegram.TestImages.png(120, 80);
        MessageRef ref = bed.port().send(chat, Message.text("1. a cat\n2. a dog").withImage(png));
        SimMessage m = bed.server.message(annChat, Integer.parseInt(ref.messageId())).orElseThrow();
        assertThat(m.photo()).isEqualTo(png);
        assertThat(m.caption()).isEqualTo("1. a cat\n2. a dog");
    }

    @Test
    void aTextOverTelegramsLimitIsSplitAtLineBreaksAndAnEditOverItIsTrimmed() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; text.length() < 9_000; i++) {
            text.append(i).append(". a long prompt about a cat who walks along the sea wall at dusk\n");
        }
        MessageRef ref = bed.port().send(chat, Message.text(text.toString())
                .withButtons(List.of(List.of(new Button("Make", "make")))));

        List<SimMessage> sent = bed.server.botMessages(annChat);
        assertThat(sent).hasSize(3);
        assertThat(sent).allSatisfy(m -> assertThat(m.text().length()).isLessThanOrEqualTo(4096));
        assertThat(sent.stream().map(SimMessage::text).reduce((a, b) -> a + "\n" + b).orElseThrow())
                .isEqualTo(text.toString());
        assertThat(sent.get(0).buttonData()).isEmpty();
        assertThat(sent.get(2).buttonData()).containsExactly("make");
        assertThat(ref.messageId()).isEqualTo(String.valueOf(sent.get(2).messageId()));

        bed.port().edit(ref, Message.text("y".repeat(5_000)));
        SimMessage edited = bed.server.awaitBotText(annChat, "yyy", Duration.ofSeconds(5));
        assertThat(edited.text()).hasSize(4096).endsWith("y…");
    }
}
