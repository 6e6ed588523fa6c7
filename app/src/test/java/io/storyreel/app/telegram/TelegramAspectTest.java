package io.storyreel.app.telegram;

import io.storyreel.core.video.testing.Mp4Checks;
import io.storyreel.sim.taskapi.Frames;
import io.storyreel.sim.taskapi.TestImages;
import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A film's aspect ratio chosen once: landscape photos made into a portrait (centre crop) and a square (blurred pad)
 * film through the whole real stack; the film and every clip have the chosen shape, and what the provider was given
 * is the cropped or padded photo.
 */
class TelegramAspectTest {
    private static final double SAME = 10;
    private static final byte[] SUNSET = TestImages.jpeg(1280, 720, new Color(230, 90, 30), new Color(250, 210, 80));
    private static final byte[] HARBOUR = TestImages.jpeg(1280, 720, new Color(30, 70, 190), new Color(90, 220, 200));

    @Test
    void landscapePhotosMakeAPortraitFilmByCentreCrop() throws Exception {
        try (TelegramStack stack = TelegramStack.start()) {
            List<Path> clips = film(stack, 4280, List.of("aspect 9:16"), "clips, 9:16");
            for (Path clip : clips) {
                Mp4Checks.Report r = Mp4Checks.inspect(clip);
                assertThat((double) r.width() / r.height()).as("clip shape").isCloseTo(9 / 16.0, within(0.01));
            }
            // the provider was given the centre of the photo: the clip's first frame is that centre
            Frames first = Frames.of(clips.get(0));
            assertThat(Frames.difference(first.first(), SUNSET)).isLessThan(SAME);
            assertThat(Frames.difference(Frames.of(clips.get(1)).first(), HARBOUR)).isLessThan(SAME);
        }
    }

    @Test
    void landscapePhotosMakeASquareFilmOnABlurredCopyOfThemselves() throws Exception {
        try (TelegramStack stack = TelegramStack.start()) {
            List<Path> clips = film(stack, 4281, List.of("aspect 1:1", "fit pad"), "clips, 1:1");
            for (Path clip : clips) {
                Mp4Checks.Report r = Mp4Checks.inspect(clip);
                assertThat(r.width()).as("clip shape").isEqualTo(r.height());
            }
            BufferedImage frame = Frames.of(clips.get(0)).first();
            // the whole photo is in the middle band (16:9 of the square's width), not cropped
            int bandHeight = frame.getWidth() * 9 / 16;
            BufferedImage band = frame.getSubimage(0, (frame.getHeight() - bandHeight) / 2, frame.getWidth(), bandHeight);
            assertThat(Frames.difference(band, SUNSET)).isLessThan(SAME);
            // above and below it, a blurred copy of the photo in its colours: no black bars, and not the photo's centre
            assertThat(meanRgb(frame.getSubimage(0, 0, frame.getWidth(), frame.getHeight() / 10)))
                    .isGreaterThan(60);
            assertThat(Frames.difference(frame, SUNSET)).as("unlike a centre crop").isGreaterThan(SAME);
        }
    }

    /** Two landscape photos, the settings, then the film; returns its clips after checking the film's own shape. */
    private static List<Path> film(TelegramStack stack, long userId, List<String> settings, String shape)
            throws Exception {
        var tg = stack.telegram;
        SimUser user = tg.user(userId, "Kim", "kim" + userId);
        SimChat chat = tg.privateChat(user);
        stack.setKlingKeys(chat, user, stack.kling.accessKey(), stack.kling.secretKey());
        tg.sendAlbum(chat, user, List.of(new AlbumPart(SUNSET, "the sun sinks into the sea"),
                new AlbumPart(HARBOUR, "boats rock in the harbour")));
        stack.await(chat, "2 of 6 photos");
        for (String s : settings) {
            int sent = tg.sendCommand(chat, user, "/settings " + s);
            stack.awaitTextAfter(chat, sent, "⚙️ Settings");
        }
        int make = tg.sendCommand(chat, user, "/make");
        SimMessage estimate = stack.awaitAfter(chat, make, m -> TelegramStack.confirmButton(m) != null);
        assertThat(estimate.text()).contains(" · " + shape + "\n");
        tg.pressButton(chat, user, estimate.messageId(), TelegramStack.confirmButton(estimate).callbackData());
        SimMessage film = tg.awaitBotMessage(chat, m -> m.messageId() > estimate.messageId() && m.hasVideo(),
                TelegramStack.FILM);
        assertThat(film.caption()).contains(shape);
        Path mp4 = Files.createTempFile(stack.data, "film-", ".mp4");
        Files.write(mp4, film.video());
        Mp4Checks.Report whole = Mp4Checks.inspect(mp4);
        String[] wh = shape.substring(shape.indexOf(", ") + 2).split(":");
        assertThat((double) whole.width() / whole.height()).as("film shape")
                .isCloseTo(Double.parseDouble(wh[0]) / Double.parseDouble(wh[1]), within(0.01));
        List<Path> clips = stack.clipsOfLatestFilm();
        assertThat(clips).hasSize(2);
        return clips;
    }

    private static double meanRgb(BufferedImage img) {
        long sum = 0;
        long n = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int p = img.getRGB(x, y);
                sum += ((p >> 16) & 0xff) + ((p >> 8) & 0xff) + (p & 0xff);
                n += 3;
            }
        }
        return sum / (double) n;
    }
}
