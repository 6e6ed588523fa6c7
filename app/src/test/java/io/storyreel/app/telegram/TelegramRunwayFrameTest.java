package io.storyreel.app.telegram;

import io.storyreel.core.video.testing.Mp4Checks;
import io.storyreel.sim.runway.RunwaySimulator;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.taskapi.TestImages;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Runway's own {@code ratio} follows the film's shape through the whole bot (real Telegram stack, the Runway simulator
 * rendering each clip at the ratio it is sent): with "auto" the film is the first photo's shape, a portrait, and the
 * second photo, a landscape one, is made at Runway's portrait frame too rather than at its own shape, so both clips
 * come back on the film's canvas and nothing is padded into it; one paid create per clip.
 */
class TelegramRunwayFrameTest {
    private static final byte[] TOWER = TestImages.jpeg(720, 1280, new Color(40, 60, 160), new Color(200, 200, 240));
    private static final byte[] HARBOUR = TestImages.jpeg(1280, 720, new Color(30, 70, 190), new Color(90, 220, 200));

    @Test
    void withAutoEveryRunwayClipIsMadeInTheFirstPhotosShape() throws Exception {
        try (RunwaySimulator runway = RunwaySimulator.start(SimSettings.fast().withClipSeconds(1));
             TelegramStack stack = TelegramStack.start(TelegramStack.Options.defaults()
                     .withSetting("runway.base-url", runway.baseUrl()).withSetting("runway.min-poll-ms", "0"))) {
            var tg = stack.telegram;
            SimUser kim = tg.user(4290, "Kim", "kim4290");
            SimChat chat = tg.privateChat(kim);
            int keys = tg.sendCommand(chat, kim, "/setkeys runway " + runway.apiKey());
            stack.awaitTextAfter(chat, keys, "Saved your Runway");
            int provider = tg.sendCommand(chat, kim, "/provider runway");
            stack.awaitTextAfter(chat, provider, "Runway");
            tg.sendAlbum(chat, kim, List.of(new AlbumPart(TOWER, "the tower in the mist"),
                    new AlbumPart(HARBOUR, "boats rock in the harbour")));
            stack.await(chat, "2 of 6 photos");

            int make = tg.sendCommand(chat, kim, "/make");
            SimMessage estimate = stack.awaitAfter(chat, make, m -> TelegramStack.confirmButton(m) != null);
            tg.pressButton(chat, kim, estimate.messageId(), TelegramStack.confirmButton(estimate).callbackData());
            SimMessage film = tg.awaitBotMessage(chat, m -> m.messageId() > estimate.messageId() && m.hasVideo(),
                    TelegramStack.FILM);

            assertThat(runway.journal().creates()).as("one paid create per clip").isEqualTo(2);
            List<Path> clips = stack.clipsOfLatestFilm();
            assertThat(clips).hasSize(2);
            for (Path clip : clips) {
                Mp4Checks.Report r = Mp4Checks.inspect(clip);
                assertThat(r.width() + "x" + r.height()).as("as Runway made it").isEqualTo("720x1280");
            }
            Path mp4 = Files.createTempFile(stack.data, "film-", ".mp4");
            Files.write(mp4, film.video());
            Mp4Checks.Report whole = Mp4Checks.inspect(mp4);
            assertThat((double) whole.width() / whole.height()).isCloseTo(9 / 16.0, within(0.01));
        }
    }
}
