package io.storyreel.app.telegram;

import io.storyreel.core.video.testing.Mp4Checks;
import io.storyreel.core.video.testing.Tones;
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

/**
 * A music bed through the whole real stack: the user sends an audio file (a 200 Hz tone made here, shorter than the
 * film) as the storybook's music, and the film that comes back carries it across the cut, looped, faded out at the
 * end, and named in the summary.
 */
class TelegramMusicTest {
    static final double MUSIC_HZ = 200;

    @Test
    void anAudioMessageBecomesTheFilmsMusic() throws Exception {
        try (TelegramStack stack = TelegramStack.start()) {
            var tg = stack.telegram;
            SimUser user = tg.user(5170, "Mia", "mia5170");
            SimChat chat = tg.privateChat(user);
            stack.setKlingKeys(chat, user, stack.kling.accessKey(), stack.kling.secretKey());
            tg.sendAlbum(chat, user, List.of(
                    new AlbumPart(TestImages.jpeg(640, 360, new Color(200, 60, 40), Color.YELLOW), "a kite rises"),
                    new AlbumPart(TestImages.jpeg(640, 360, new Color(30, 60, 200), Color.WHITE), "waves roll in")));
            stack.await(chat, "2 of 6 photos");

            byte[] wav = Files.readAllBytes(Tones.writeWav(stack.data.resolve("theme.wav"), 0.7, MUSIC_HZ, 0.8));
            int sent = tg.sendAudio(chat, user, wav, "theme.wav", "audio/x-wav", null);
            stack.awaitTextAfter(chat, sent, "🎵 Music set: \"theme.wav\"");
            int fade = tg.sendCommand(chat, user, "/settings music fade 0.5");
            assertThat(stack.awaitTextAfter(chat, fade, "⚙️ Settings").text())
                    .contains("Music: \"theme.wav\" at 30 %, fade-out 0.5 s, looped");

            int make = tg.sendCommand(chat, user, "/make");
            SimMessage estimate = stack.awaitAfter(chat, make, m -> TelegramStack.confirmButton(m) != null);
            assertThat(estimate.text()).contains("Sound: clip sound on");
            tg.pressButton(chat, user, estimate.messageId(), TelegramStack.confirmButton(estimate).callbackData());
            SimMessage film = tg.awaitBotMessage(chat, m -> m.messageId() > estimate.messageId() && m.hasVideo(),
                    TelegramStack.FILM);
            assertThat(film.caption()).contains("\nMusic: \"theme.wav\"");

            Path mp4 = Files.createTempFile(stack.data, "film-", ".mp4");
            Files.write(mp4, film.video());
            Mp4Checks.Report r = Mp4Checks.inspect(mp4);
            assertThat(Mp4Checks.moovBeforeMdat(mp4)).isTrue();
            double cut = Mp4Checks.inspect(stack.clipsOfLatestFilm().get(0)).videoSeconds();
            float[] pcm = Mp4Checks.decodeAudio(mp4);
            // the simulator's clips are silent: all that sounds is the music, at 30 % of 0.8
            double mid = Tones.amplitude(pcm, 0.1, cut - 0.2, MUSIC_HZ);
            assertThat(mid).isBetween(0.2, 0.28);
            assertThat(Tones.amplitude(pcm, cut - 0.2, cut + 0.2, MUSIC_HZ)).as("across the cut").isGreaterThan(0.2);
            // looped past its own 0.7 s, then faded out over the last 0.5 s
            assertThat(Tones.amplitude(pcm, cut + 0.05, r.audioSeconds() - 0.55, MUSIC_HZ)).isGreaterThan(0.2);
            assertThat(Tones.rms(pcm, r.audioSeconds() - 0.2, r.audioSeconds()))
                    .isLessThan(0.3 * Tones.rms(pcm, 0.1, cut - 0.2));
        }
    }
}
