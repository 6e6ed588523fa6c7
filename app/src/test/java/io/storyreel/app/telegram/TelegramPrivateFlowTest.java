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
        assertThat(film.buttons()).isNotEmpty();
        assertThat(stack.kling.journal().createsFor(stack.kling.accessKey())).isEqualTo(3);
        stack.assertFilmIsSumOfClips(film.video(), 3);
        assertThat(stack.telegram.chatActions(chat)).contains("upload_video");
        stack.await(chat, "Done! Your film is below");
    }
}
