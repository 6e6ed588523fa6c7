package io.storyreel.app.telegram;

import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimButton;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A chat that refuses the film as a video (a group where nobody may send videos): the bot does not send the same
 * refused request again and again; it says why, ends the status message, and offers the film as a file, which a
 * double tap sends once.
 */
class TelegramDeliveryTest {

    @Test
    void aChatThatRefusesVideosIsOfferedTheFilmAsAFileAndADoubleTapSendsItOnce() throws Exception {
        try (TelegramStack stack = TelegramStack.start()) {
            var tg = stack.telegram;
            SimUser alex = tg.user(6400, "Alex");
            SimChat chat = tg.privateChat(alex);
            tg.faults().forbidVideos(chat.id());
            tg.sendAlbum(chat, alex, List.of(new AlbumPart(TestImages.jpeg(480, 360), "a kite rises"),
                    new AlbumPart(TestImages.jpeg(480, 360), "the string snaps")));
            stack.await(chat, "2 of 6 photos");
            stack.setKlingKeys(chat, alex, stack.kling.accessKey(), stack.kling.secretKey());
            TelegramFittingTest.confirm(stack, chat, alex);

            SimMessage told = tg.awaitBotMessage(chat, m -> m.textOrCaption().contains("did not accept the film as a video"),
                    TelegramStack.FILM);
            assertThat(told.text()).contains("not enough rights to send videos");
            assertThat(told.buttons().stream().flatMap(List::stream).map(SimButton::text))
                    .containsExactly("📄 Send as a file", "🔁 Try again");
            assertThat(tg.journal().calls().stream().filter(c -> c.method().equals("sendvideo")))
                    .as("refused for sure: not sent again by itself").hasSize(1);
            // the film's status message (progress edits are calm: "Uploading…" may have been replaced before shown)
            SimMessage status = tg.botMessages(chat).stream().filter(m -> !m.history().isEmpty()
                    && m.history().get(0).startsWith("🎬 Starting your film")).findFirst().orElseThrow();
            assertThat(status.text()).contains("Not sent").doesNotContain("Uploading");
            assertThat(status.buttons()).isEmpty();

            String asFile = told.buttons().get(0).get(0).callbackData();
            tg.pressButton(chat, alex, told.messageId(), asFile);
            tg.pressButton(chat, alex, told.messageId(), asFile);
            SimMessage file = tg.awaitBotMessage(chat, m -> m.document() != null, TelegramStack.FILM);
            assertThat(file.fileName()).endsWith(".mp4");
            assertThat(file.caption()).contains("2 clips");
            stack.assertFilmIsSumOfClips(file.document(), 2);
            assertThat(stack.await(chat, "Done! Your film is below")).isNotNull();
            Thread.sleep(2000);
            assertThat(tg.botMessages(chat).stream().filter(m -> m.document() != null)).as("one file").hasSize(1);
            assertThat(tg.journal().calls().stream().filter(c -> c.method().equals("senddocument"))).hasSize(1);
            assertThat(tg.videos(chat)).isEmpty();
            await().until(() -> tg.message(chat, told.messageId()).orElseThrow().buttons().isEmpty());
            assertThat(stack.kling.journal().creates()).isEqualTo(2);
        }
    }
}
