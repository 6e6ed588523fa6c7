package io.storyreel.app.telegram;

import io.storyreel.core.video.JavacvMerger;
import io.storyreel.core.video.MergeOptions;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.RequestJournal;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Telegram's limits during a whole film: a storm of 429s on edits, and an upload limit smaller than the film. */
class TelegramLimitsTest {
    private static final Set<String> PACED = Set.of("sendmessage", "editmessagetext", "sendvideo", "sendphoto",
            "deletemessage");

    @Test
    void aStormOf429sOnEditsLosesNoUpdateAndTheFilmStillArrives() throws Exception {
        Duration pace = Duration.ofMillis(250);
        try (TelegramStack stack = TelegramStack.start(TelegramStack.Options.defaults().withPacing(pace, pace))) {
            var tg = stack.telegram;
            SimUser alex = tg.user(5151, "Alex");
            SimChat chat = tg.privateChat(alex);
            tg.sendAlbum(chat, alex, List.of(new AlbumPart(TestImages.jpeg(480, 360), "rain on the window"),
                    new AlbumPart(TestImages.jpeg(400, 400), "the sun breaks through"),
                    new AlbumPart(TestImages.jpeg(360, 480), "a rainbow appears")));
            stack.await(chat, "3 of 6 photos");
            stack.setKlingKeys(chat, alex, stack.kling.accessKey(), stack.kling.secretKey());
            int make = tg.sendCommand(chat, alex, "/make");
            SimMessage estimate = stack.awaitAfter(chat, make, m -> TelegramStack.confirmButton(m) != null);

            // from now on: the first edits are refused outright, then any edit sooner than 1.5 s after the last
            // accepted one gets a 429 with retry_after 1
            tg.faults().rejectNextEdits(3, 1).paceEdits(Duration.ofMillis(1500), 1);
            tg.pressButton(chat, alex, estimate.messageId(), TelegramStack.confirmButton(estimate).callbackData());
            int asked = tg.sendCommand(chat, alex, "/status"); // an update in the middle of the storm
            SimMessage film = tg.awaitBotMessage(chat, m -> m.messageId() > estimate.messageId() && m.hasVideo(),
                    TelegramStack.FILM);
            SimMessage done = stack.await(chat, "Done! Your film is below");

            assertThat(stack.awaitAfter(chat, asked, m -> m.replyTo() == null && !m.hasVideo()
                    && m.messageId() != done.messageId())).isNotNull();
            assertThat(tg.pendingUpdates()).isZero();
            assertThat(film.caption()).contains("3 clips");
            stack.assertFilmIsSumOfClips(film.video(), 3);

            RequestJournal j = tg.journal();
            assertThat(j.tooManyRequestsServed()).isGreaterThanOrEqualTo(3);
            assertThat(j.callsDuringRetryWindow()).isZero(); // retry_after was honoured every time
            // the chat's budget: consecutive sends and edits into the chat never closer than the bot's pace
            List<RequestJournal.Call> paced = j.calls().stream()
                    .filter(c -> PACED.contains(c.method()) && Long.valueOf(chat.id()).equals(c.chatId())).toList();
            for (int i = 1; i < paced.size(); i++) {
                assertThat(Duration.between(paced.get(i - 1).at(), paced.get(i).at()))
                        .as("gap before call %d (%s)", i, paced.get(i).method())
                        .isGreaterThanOrEqualTo(pace.minusMillis(30));
            }
        }
    }

    @Test
    void aFilmOverTheUploadLimitIsFittedAndDelivered() throws Exception {
        long limit = 100 * 1024;
        try (TelegramStack stack = TelegramStack.start(TelegramStack.Options.defaults()
                .withUploadLimitMb(String.valueOf(limit / (1024.0 * 1024.0))))) {
            var tg = stack.telegram;
            tg.setUploadLimit(limit);
            SimUser alex = tg.user(5252, "Alex");
            SimChat chat = tg.privateChat(alex);
            tg.sendAlbum(chat, alex, List.of(new AlbumPart(TelegramStack.noiseJpeg(640, 480, 1), "a train crosses the bridge"),
                    new AlbumPart(TelegramStack.noiseJpeg(640, 480, 2), "steam fills the valley"),
                    new AlbumPart(TelegramStack.noiseJpeg(640, 480, 3), "the train enters the tunnel")));
            stack.await(chat, "3 of 6 photos");
            stack.setKlingKeys(chat, alex, stack.kling.accessKey(), stack.kling.secretKey());
            SimMessage film = stack.makeAndConfirm(chat, alex, alex);

            assertThat((long) film.video().length).isLessThanOrEqualTo(limit);
            stack.assertFilmIsSumOfClips(film.video(), 3);
            // without the limit the same clips make a larger film: the bot really had to fit this one
            List<Path> clips = stack.clipsOfLatestFilm();
            Path unfitted = Files.createTempFile(stack.data, "unfitted-", ".mp4");
            new JavacvMerger().merge(clips, MergeOptions.defaults(), unfitted);
            assertThat(Files.size(unfitted)).isGreaterThan(limit);
            assertThat(tg.journal().calls().stream().filter(c -> c.method().equals("sendvideo")))
                    .extracting(RequestJournal.Call::status).containsOnly(200);
        }
    }
    @Test
    void whenTelegramRefusesTheFilmAsTooLargeItIsFittedAgainAndSent() throws Exception {
        // The bot is configured for 50 MB, but this server takes far less (a self-hosted or changed limit): the
        // first upload gets 413, the engine fits the film again, smaller, and delivers it. No clip is made twice.
        long serverLimit = 100 * 1024;
        try (TelegramStack stack = TelegramStack.start(TelegramStack.Options.defaults())) {
            var tg = stack.telegram;
            tg.setUploadLimit(serverLimit);
            SimUser alex = tg.user(5353, "Alex");
            SimChat chat = tg.privateChat(alex);
            tg.sendAlbum(chat, alex, List.of(new AlbumPart(TelegramStack.noiseJpeg(640, 480, 4), "a train crosses the bridge"),
                    new AlbumPart(TelegramStack.noiseJpeg(640, 480, 5), "steam fills the valley"),
                    new AlbumPart(TelegramStack.noiseJpeg(640, 480, 6), "the train enters the tunnel")));
            stack.await(chat, "3 of 6 photos");
            stack.setKlingKeys(chat, alex, stack.kling.accessKey(), stack.kling.secretKey());
            SimMessage film = stack.makeAndConfirm(chat, alex, alex);

            assertThat((long) film.video().length).isLessThanOrEqualTo(serverLimit);
            stack.assertFilmIsSumOfClips(film.video(), 3);
            assertThat(tg.journal().calls().stream().filter(c -> c.method().equals("sendvideo")))
                    .extracting(RequestJournal.Call::status).contains(413).endsWith(200);
            assertThat(stack.kling.journal().creates()).isEqualTo(3);
        }
    }
}
