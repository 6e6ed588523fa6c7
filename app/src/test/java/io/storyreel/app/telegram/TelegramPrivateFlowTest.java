package io.storyreel.app.telegram;

import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A private chat from /start to the film, through the whole real stack. */
class TelegramPrivateFlowTest {
    private TelegramStack stack;
    private SimUser alex;
    private SimChat chat;

    @BeforeEach
    void start() throws Exception {
        stack = TelegramStack.start();
        alex = stack.telegram.user(4242, "Alex", "alex");
        chat = stack.telegram.privateChat(alex);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void anAlbumWithCaptionsBecomesOneFilmAsLongAsItsClips() throws Exception {
        stack.telegram.sendCommand(chat, alex, "/start");
        stack.await(chat, "/make");
        stack.telegram.sendAlbum(chat, alex, List.of(
                new AlbumPart(TestImages.jpeg(480, 360), "a red fox jumps over the fence"),
                new AlbumPart(TestImages.jpeg(400, 400), "the fox runs into the forest"),
                new AlbumPart(TestImages.jpeg(360, 480), "night falls over the trees")));
        SimMessage added = stack.await(chat, "3 of 6 photos");
        assertThat(added.text()).contains("Added scene 1: “a red fox jumps over the fence”")
                .contains("Added scene 3: “night falls over the trees”");
        // one album, one answer: the bot did not answer each part on its own
        assertThat(stack.telegram.botMessages(chat).stream().filter(m -> m.textOrCaption().contains("Added scene")))
                .hasSize(1);

        stack.setKlingKeys(chat, alex, stack.kling.accessKey(), stack.kling.secretKey());
        SimMessage film = stack.makeAndConfirm(chat, alex, alex);

        assertThat(film.caption()).contains("Kling").contains("3 clips");
        assertThat(film.supportsStreaming()).isTrue();
        // sent with its shape, so clients size and time it before downloading: the film's own frame and length
        java.nio.file.Path mp4 = java.nio.file.Files.createTempFile("shape-", ".mp4");
        java.nio.file.Files.write(mp4, film.video());
        var real = io.storyreel.core.video.testing.Mp4Checks.inspect(mp4);
        java.nio.file.Files.delete(mp4);
        assertThat(film.videoShape().width()).isEqualTo(real.width());
        assertThat(film.videoShape().height()).isEqualTo(real.height());
        assertThat(film.videoShape().duration()).isEqualTo((int) Math.round(real.videoSeconds()));
        assertThat(film.captionEntities()).as("a private chat has nobody else to notify").isEmpty();
        // and with its first picture as a thumbnail Telegram accepts: a new JPEG upload, under 200 kB, 320 px a side
        var thumb = film.thumbnail();
        assertThat(thumb).as("sent with a thumbnail").isNotNull();
        assertThat(thumb.problem()).as("the thumbnail obeys the Bot API rules").isNull();
        assertThat(thumb.format()).isEqualTo("jpeg");
        assertThat(thumb.bytes().length).isLessThan(200_000);
        assertThat(Math.max(thumb.width(), thumb.height())).isEqualTo(320);
        // the film's shape, shrunk: a thumbnail of another shape would show the film squashed until it loads
        assertThat((double) thumb.width() / thumb.height())
                .isCloseTo((double) real.width() / real.height(), org.assertj.core.data.Offset.offset(0.02));
        assertThat(film.buttons()).isNotEmpty();
        assertThat(stack.kling.journal().createsFor(stack.kling.accessKey())).isEqualTo(3);
        stack.assertFilmIsSumOfClips(film.video(), 3);
        assertThat(stack.telegram.chatActions(chat)).contains("upload_video");
        stack.await(chat, "Done! Your film is below");

        // a new storybook: the film's Redo buttons are taken off (editMessageReplyMarkup), its caption stays
        stack.telegram.sendCommand(chat, alex, "/new Next one");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() ->
                stack.telegram.message(chat, film.messageId()).orElseThrow().buttons().isEmpty());
        SimMessage after = stack.telegram.message(chat, film.messageId()).orElseThrow();
        assertThat(after.caption()).isEqualTo(film.caption());
        assertThat(after.hasVideo()).isTrue();
    }

    @Test
    void photosOneByOneGetTheirPromptsByReplyingToTheQuestion() throws Exception {
        var tg = stack.telegram;
        int first = tg.sendPhoto(chat, alex, TestImages.jpeg(480, 360), null);
        SimMessage ask1 = stack.awaitTextAfter(chat, first, "What should happen in scene 1?");
        int second = tg.sendPhoto(chat, alex, TestImages.jpeg(400, 400), null);
        SimMessage ask2 = stack.awaitTextAfter(chat, second, "What should happen in scene 2?");
        tg.sendPhoto(chat, alex, TestImages.jpeg(360, 480), "the lamp flickers on");
        stack.await(chat, "3 of 6 photos");

        // answered out of order: the reply says which scene it is for
        int r2 = tg.reply(chat, alex, ask2.messageId(), "a cat stretches in the sun");
        stack.awaitTextAfter(chat, r2, "Scene 2: “a cat stretches in the sun”");
        int r1 = tg.reply(chat, alex, ask1.messageId(), "a kettle starts to steam");
        stack.awaitTextAfter(chat, r1, "Scene 1: “a kettle starts to steam”");

        int list = tg.sendCommand(chat, alex, "/list");
        assertThat(stack.awaitTextAfter(chat, list, "3 of 6 photos").caption())
                .contains("1. a kettle starts to steam").contains("2. a cat stretches in the sun")
                .contains("3. the lamp flickers on");

        stack.setKlingKeys(chat, alex, stack.kling.accessKey(), stack.kling.secretKey());
        SimMessage film = stack.makeAndConfirm(chat, alex, alex);
        stack.assertFilmIsSumOfClips(film.video(), 3);
    }

    @Test
    void removeMoveAndPromptReshapeTheStoryboard() {
        var tg = stack.telegram;
        tg.sendAlbum(chat, alex, List.of(
                new AlbumPart(TestImages.jpeg(480, 360), "one: sunrise"),
                new AlbumPart(TestImages.jpeg(400, 400), "two: breakfast"),
                new AlbumPart(TestImages.jpeg(360, 480), "three: the walk"),
                new AlbumPart(TestImages.jpeg(420, 420), "four: sunset")));
        stack.await(chat, "4 of 6 photos");

        int move = tg.sendCommand(chat, alex, "/move 4 1");
        stack.awaitTextAfter(chat, move, "Moved scene 4 to position 1");
        int remove = tg.sendCommand(chat, alex, "/remove 3");
        stack.awaitTextAfter(chat, remove, "Removed scene 3. 3 scenes left");
        int prompt = tg.sendCommand(chat, alex, "/prompt 2 one: a golden sunrise");
        stack.awaitTextAfter(chat, prompt, "Scene 2: “one: a golden sunrise”");
        int bad = tg.sendCommand(chat, alex, "/remove 9");
        stack.awaitTextAfter(chat, bad, "There is no scene 9; scenes go from 1 to 3.");

        int list = tg.sendCommand(chat, alex, "/list");
        String board = stack.awaitTextAfter(chat, list, "3 of 6 photos").caption();
        assertThat(board).contains("1. four: sunset").contains("2. one: a golden sunrise")
                .contains("3. three: the walk").doesNotContain("breakfast");
    }
}
