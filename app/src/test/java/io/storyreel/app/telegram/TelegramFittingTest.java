package io.storyreel.app.telegram;

import io.storyreel.core.video.testing.Mp4Checks;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.RequestJournal;
import io.storyreel.sim.telegram.SimButton;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A paid-for film always arrives, through the real Telegram stack against the fake Bot API's upload limit: fitted to
 * 95–100 % of the limit the chat reports in one upload; fitted to what the chat really takes when its 413 says the
 * reported limit is too high, and later films of the chat aimed at what was learned; and, where not even the
 * smallest version fits, a clear message, a status message that says so, and the shorter version that does fit.
 */
class TelegramFittingTest {

    @ParameterizedTest(name = "{1} clips into {0} bytes")
    @CsvSource({"100000, 3", "100000, 6", "200000, 3", "200000, 6"})
    void aFilmOverTheChatsLimitArrivesAtNinetyFiveToAHundredPercentOfItInOneUpload(long limit, int clips)
            throws Exception {
        try (TelegramStack stack = TelegramStack.start(TelegramStack.Options.defaults().withUploadLimitMb(mb(limit)))) {
            var tg = stack.telegram;
            tg.setUploadLimit(limit);
            SimUser alex = tg.user(6100 + clips, "Alex");
            SimChat chat = tg.privateChat(alex);
            SimMessage film = makeFilm(stack, chat, alex, clips, 10 * clips);

            assertThat((long) film.video().length).as("within the limit").isLessThanOrEqualTo(limit)
                    .as("and uses it").isGreaterThanOrEqualTo((long) (limit * 0.95));
            stack.assertFilmIsSumOfClips(film.video(), clips);
            assertThat(Mp4Checks.inspect(save(stack, film)).videoCodec()).isEqualTo("h264");
            assertThat(sendVideoStatuses(tg.journal(), chat)).as("one upload, no 413").containsExactly(200);
            assertThat(stack.kling.journal().creates()).isEqualTo(clips);
            assertThat(stack.await(chat, "Done! Your film is below")).isNotNull();
        }
    }

    @Test
    void whenTheChatTakesLessThanItSaysItsLimitIsLearnedAndTheNextFilmIsAimedAtIt() throws Exception {
        // the bot believes Telegram's 50 MB, this server takes 100 KB (a self-hosted Bot API, say)
        long real = 100_000;
        try (TelegramStack stack = TelegramStack.start(TelegramStack.Options.defaults())) {
            var tg = stack.telegram;
            tg.setUploadLimit(real);
            SimUser alex = tg.user(6200, "Alex");
            SimChat chat = tg.privateChat(alex);
            SimMessage first = makeFilm(stack, chat, alex, 3, 40);
            assertThat((long) first.video().length).isLessThanOrEqualTo(real);
            // the clips of noisy photos make a film of about 6 MB: each refused try is fitted to half the one before
            // until one fits (64 times smaller here), never the same film twice
            List<Integer> firstCalls = sendVideoStatuses(tg.journal(), chat);
            assertThat(firstCalls).as("halved until taken: no 413 loop").hasSizeBetween(2, 9).endsWith(200)
                    .containsOnly(413, 200).containsOnlyOnce(200);
            stack.assertFilmIsSumOfClips(first.video(), 3);

            SimMessage second = makeFilm(stack, chat, alex, 3, 50);
            List<Integer> all = sendVideoStatuses(tg.journal(), chat);
            List<Integer> secondCalls = all.subList(firstCalls.size(), all.size());
            assertThat(secondCalls).as("at most one refusal, then the size the chat took").hasSizeBetween(1, 2)
                    .endsWith(200);
            assertThat((long) second.video().length).isLessThanOrEqualTo(real).isGreaterThan(real / 2);
            assertThat(stack.kling.journal().creates()).isEqualTo(6);
        }
    }

    @Test
    void whereEvenTheSmallestVersionCannotFitTheUserIsToldAndGetsTheShorterVersionThatFits() throws Exception {
        long limit = 10_000;
        try (TelegramStack stack = TelegramStack.start(TelegramStack.Options.defaults().withUploadLimitMb(mb(limit)))) {
            var tg = stack.telegram;
            tg.setUploadLimit(limit);
            SimUser alex = tg.user(6300, "Alex");
            SimChat chat = tg.privateChat(alex);
            sendPhotos(stack, chat, alex, 3, 60);
            confirm(stack, chat, alex);

            SimMessage told = tg.awaitBotMessage(chat, m -> m.textOrCaption().contains("even at its smallest"),
                    TelegramStack.FILM);
            assertThat(told.text()).contains("this chat takes at most 10 KB");
            assertThat(tg.videos(chat)).as("nothing that cannot fit is uploaded").isEmpty();
            assertThat(tg.journal().calls()).noneMatch(c -> c.method().equals("sendvideo"));
            SimMessage status = tg.botMessages(chat).stream().filter(m -> m.history().stream()
                    .anyMatch(t -> t.contains("Starting your film") || t.contains("Making your film")))
                    .findFirst().orElseThrow();
            assertThat(status.text()).as("the status message says so").contains("Not sent", "too large");
            assertThat(status.buttons()).isEmpty();

            SimButton shorter = told.buttons().stream().flatMap(List::stream)
                    .filter(b -> b.text().contains("Shorter version")).findFirst().orElseThrow();
            tg.pressButton(chat, alex, told.messageId(), shorter.callbackData());
            SimMessage film = tg.awaitBotMessage(chat, SimMessage::hasVideo, TelegramStack.FILM);
            assertThat((long) film.video().length).isLessThanOrEqualTo(limit);
            java.util.regex.Matcher label = java.util.regex.Pattern.compile("Shorter version \\((\\d+(?:\\.\\d)?) s\\)")
                    .matcher(shorter.text());
            assertThat(label.find()).as(shorter.text()).isTrue();
            double offered = Double.parseDouble(label.group(1));
            assertThat(offered).isBetween(1.0, 2.9);
            assertThat(Mp4Checks.inspect(save(stack, film)).videoSeconds()).as("the length offered")
                    .isCloseTo(offered, org.assertj.core.data.Offset.offset(0.15));
            assertThat(sendVideoStatuses(tg.journal(), chat)).containsExactly(200);
        }
    }

    // ——— helpers ———

    /** The limit in the MB the configuration takes, exactly. */
    static String mb(long bytes) {
        return new java.math.BigDecimal(bytes).divide(new java.math.BigDecimal(1024 * 1024)).toPlainString();
    }

    private static void sendPhotos(TelegramStack stack, SimChat chat, SimUser user, int clips, long seed) {
        List<AlbumPart> album = new ArrayList<>();
        for (int i = 0; i < clips; i++) {
            album.add(new AlbumPart(TelegramStack.noiseJpeg(640, 480, seed + i), "scene " + (i + 1) + " moves"));
        }
        int before = stack.telegram.botMessages(chat).size();
        stack.telegram.sendAlbum(chat, user, album);
        stack.telegram.awaitBotMessage(chat, m -> m.textOrCaption().contains(clips + " of 6 photos")
                && stack.telegram.botMessages(chat).indexOf(m) >= before, TelegramStack.STEP);
        if (stack.telegram.botMessages(chat).stream().noneMatch(m -> m.textOrCaption().contains("Saved your Kling"))) {
            stack.setKlingKeys(chat, user, stack.kling.accessKey(), stack.kling.secretKey());
        }
    }

    /** {@code /make}, and the same member presses Confirm on the estimate. */
    static void confirm(TelegramStack stack, SimChat chat, SimUser user) {
        int make = stack.telegram.sendCommand(chat, user, "/make");
        SimMessage estimate = stack.awaitAfter(chat, make, m -> TelegramStack.confirmButton(m) != null);
        stack.telegram.pressButton(chat, user, estimate.messageId(), TelegramStack.confirmButton(estimate).callbackData());
    }

    private static SimMessage makeFilm(TelegramStack stack, SimChat chat, SimUser user, int clips, long seed) {
        sendPhotos(stack, chat, user, clips, seed);
        int videos = stack.telegram.videos(chat).size();
        confirm(stack, chat, user);
        org.awaitility.Awaitility.await().atMost(TelegramStack.FILM).until(() -> stack.telegram.videos(chat).size() > videos);
        return stack.telegram.videos(chat).get(videos);
    }

    private static Path save(TelegramStack stack, SimMessage film) throws Exception {
        Path mp4 = Files.createTempFile(stack.data, "film-", ".mp4");
        return Files.write(mp4, film.video());
    }

    private static List<Integer> sendVideoStatuses(RequestJournal journal, SimChat chat) {
        return journal.calls().stream().filter(c -> c.method().equals("sendvideo") && Long.valueOf(chat.id()).equals(c.chatId()))
                .map(RequestJournal.Call::status).toList();
    }
}
