package io.storyreel.core.video;

import io.storyreel.core.video.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The film's poster obeys Telegram's thumbnail rules: a JPEG at most 320 px a side and under 200 kB. */
class FilmThumbnailTest {
    @TempDir
    Path dir;

    @Test
    void aFilmsFirstFrameBecomesASmallJpegOfItsShape() throws Exception {
        Path clip = TestClips.uniform(dir, 1, 1280, 720, 24, 1).get(0);
        byte[] jpeg = FilmThumbnail.of(clip).orElseThrow();
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(jpeg[0] & 0xff).isEqualTo(0xFF);
        assertThat(jpeg[1] & 0xff).isEqualTo(0xD8); // a JPEG
        assertThat(img.getWidth()).isEqualTo(320);
        assertThat(img.getHeight()).isEqualTo(180);
        assertThat(jpeg.length).isLessThan(FilmThumbnail.MAX_BYTES + 1);
    }

    @Test
    void evenNoiseFitsUnderTheByteLimitAndASmallPictureIsNotEnlarged() {
        BufferedImage noise = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(7);
        for (int y = 0; y < noise.getHeight(); y++) {
            for (int x = 0; x < noise.getWidth(); x++) {
                noise.setRGB(x, y, r.nextInt());
            }
        }
        assertThat(FilmThumbnail.fit(noise).orElseThrow().length).isLessThan(200_000);
        BufferedImage small = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        assertThat(FilmThumbnail.fit(small)).hasValueSatisfying(j -> assertThat(j.length).isPositive());
    }

    @Test
    void somethingThatIsNoFilmGivesNoThumbnailAndNoError() throws Exception {
        Path junk = Files.write(dir.resolve("junk.mp4"), new byte[]{1, 2, 3});
        assertThat(FilmThumbnail.of(junk)).isEmpty();
    }
}
