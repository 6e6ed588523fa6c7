package io.storyreel.core.image;

import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import io.storyreel.core.provider.ImageConstraints;
import io.storyreel.core.provider.http.ImagePreparer;
import io.storyreel.core.provider.http.PreparedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The bot's own path for a photo, as the conversation runs it: inspect, store (upright, first frame, 8-bit sRGB),
 * then prepare for a provider. Good awkward photos come out as ordinary pictures every provider takes; bad ones are
 * refused with the sentence the user reads, never a reader's error text.
 */
class HonestPhotoChecksTest {
    private final ImageInspector inspector = new ImageInspector(ImageInspector.Limits.withMaxBytes(20_000_000));
    private final OrientationNormaliser store = new OrientationNormaliser();
    private final ImagePreparer preparer = new ImagePreparer();
    private final ImageConstraints kling = CapabilitiesLoader.bundled("kling").image();

    static List<HostilePhotos.Sample> good() {
        return HostilePhotos.good();
    }

    static List<HostilePhotos.Sample> bad() {
        return HostilePhotos.bad();
    }

    private static BufferedImage read(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    private static Color at(BufferedImage img, double fx, double fy) {
        return new Color(img.getRGB((int) (img.getWidth() * fx), (int) (img.getHeight() * fy)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("good")
    void aGoodAwkwardPhotoIsStoredAsAnOrdinaryPictureAndPreparedForKling(HostilePhotos.Sample s) throws Exception {
        ImageInspector.Inspected seen = inspector.inspect(s.bytes());
        OrientationNormaliser.Upright stored = store.normalise(s.bytes(), seen);

        assertThat(stored.mime()).isIn("image/jpeg", "image/png");
        BufferedImage pixels = read(stored.bytes());
        assertThat(pixels).as("stored %s decodes with the JDK's plain reader", s).isNotNull();
        assertThat(pixels.getColorModel().getColorSpace().isCS_sRGB()).isTrue();
        assertThat(pixels.getColorModel().getComponentSize()).containsOnly(8);
        assertThat(new int[]{pixels.getWidth(), pixels.getHeight()}).containsExactly(stored.width(), stored.height());

        PreparedImage forKling = preparer.prepare(stored.bytes(), kling, "Kling AI");
        assertThat(kling.formats()).contains(forKling.mime().substring("image/".length()));
        assertThat(Math.min(forKling.width(), forKling.height())).isGreaterThanOrEqualTo(kling.minEachSide());
    }

    @Test
    void animationsAreStoredAsTheirFirstFrame() throws Exception {
        byte[] gif = HostilePhotos.animatedGif(400, 300);
        ImageInspector.Inspected seen = inspector.inspect(gif);
        assertThat(seen).extracting(ImageInspector.Inspected::mime, ImageInspector.Inspected::reencode)
                .containsExactly("image/gif", true);
        OrientationNormaliser.Upright stored = store.normalise(gif, seen);
        assertThat(stored.mime()).isEqualTo("image/png");
        assertThat(at(read(stored.bytes()), 0.5, 0.5)).isEqualTo(CameraJpegs.RED);

        byte[] webp = HostilePhotos.resource("images/animated.webp");
        seen = inspector.inspect(webp);
        assertThat(seen.reencode()).isTrue();
        stored = store.normalise(webp, seen);
        assertThat(stored.mime()).isEqualTo("image/jpeg");
        Color c = at(read(stored.bytes()), 0.1, 0.1); // the red frame's corner, away from its white disc
        assertThat(c.getRed()).as("first (red) frame, was %s", c).isGreaterThan(150);
        assertThat(c.getBlue()).isLessThan(90);
    }

    @Test
    void cmykAnd16BitPhotosBecome8BitSrgbWithTheirColours() throws Exception {
        byte[] cmyk = HostilePhotos.cmykJpeg(400, 300);
        assertThat(ImageHeaders.jpeg(cmyk).reencode()).as("four components announced in the frame header").isTrue();
        BufferedImage fromCmyk = read(store.normalise(cmyk, inspector.inspect(cmyk)).bytes());
        Color cyan = at(fromCmyk, 0.25, 0.5);
        Color black = at(fromCmyk, 0.75, 0.5);
        assertThat(cyan.getRed()).as("cyan ink, was %s", cyan).isLessThan(cyan.getGreen() - 60);
        assertThat(cyan.getBlue()).isGreaterThan(150);
        assertThat(black.getRed() + black.getGreen() + black.getBlue()).as("black ink, was %s", black).isLessThan(200);

        byte[] deep = HostilePhotos.png16(400, 300);
        ImageInspector.Inspected seen = inspector.inspect(deep);
        assertThat(seen.reencode()).isTrue();
        BufferedImage from16 = read(store.normalise(deep, seen).bytes());
        assertThat(from16.getColorModel().getComponentSize()).containsOnly(8);
        Color orange = at(from16, 0.25, 0.5);
        assertThat(orange.getRed()).isBetween(0xE8, 0xF8);
        assertThat(orange.getGreen()).isBetween(0x78, 0x88);
        Color teal = at(from16, 0.75, 0.5);
        assertThat(teal.getRed()).isLessThan(0x20);
        assertThat(teal.getBlue()).isBetween(0x88, 0x98);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void aBadPhotoIsRefusedWithTheSentenceTheUserReads(HostilePhotos.Sample s) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> inspector.inspect(s.bytes())).isInstanceOf(ImageInspector.Rejected.class)
                .hasMessage(s.refusal());
        assertThat((System.nanoTime() - start) / 1e9).as("refused at once, without decoding").isLessThan(2.0);
    }

    @Test
    void aPngIsWholeOnlyWithEveryChunkItsCrcAndIend() throws Exception {
        byte[] png = TestImages.png(400, 300, 7);
        assertThat(inspector.inspect(png).mime()).isEqualTo("image/png");

        byte[] noEnd = Arrays.copyOf(png, png.length - 12);
        assertThatThrownBy(() -> inspector.inspect(noEnd)).hasMessage(HostilePhotos.CUT_OFF);

        byte[] flipped = png.clone();
        flipped[png.length / 2] ^= 0x10; // inside IDAT: the chunk's CRC no longer matches
        assertThatThrownBy(() -> inspector.inspect(flipped)).hasMessage(HostilePhotos.DAMAGED);

        // chunks and CRCs perfect, but the compressed pixels stop half way: only decoding can tell
        int idat = indexOf(png, "IDAT") - 4;
        int len = ByteArraysBE.int32(png, idat);
        byte[] halfData = Arrays.copyOfRange(png, idat + 8, idat + 8 + len / 2);
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        rebuilt.write(png, 0, idat);
        HostilePhotos.chunk(rebuilt, "IDAT", halfData);
        HostilePhotos.chunk(rebuilt, "IEND", new byte[0]);
        assertThatThrownBy(() -> inspector.inspect(rebuilt.toByteArray())).hasMessage(HostilePhotos.DAMAGED);
    }

    @Test
    void aJpegIsWholeOnlyWhenItReachesItsEndMarker() throws Exception {
        byte[] jpeg = TestImages.jpeg(640, 480, 8);
        byte[] trailing = Arrays.copyOf(jpeg, jpeg.length + 100); // some phones append data after EOI
        assertThat(inspector.inspect(trailing).width()).isEqualTo(640);
        assertThatThrownBy(() -> inspector.inspect(Arrays.copyOf(jpeg, jpeg.length - 2)))
                .hasMessage(HostilePhotos.CUT_OFF);

        byte[] progressive = progressiveJpeg(TestImages.jpeg(640, 480, 9));
        assertThat(inspector.inspect(progressive).width()).isEqualTo(640);
        assertThatThrownBy(() -> inspector.inspect(Arrays.copyOf(progressive, progressive.length * 3 / 4)))
                .hasMessage(HostilePhotos.CUT_OFF);

        byte[] fakeWithMagic = ("\u00FF\u00D8\u00FF" + "not really a jpeg at all").getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> inspector.inspect(fakeWithMagic)).hasMessage(HostilePhotos.DAMAGED);
    }

    @Test
    void aGifOrWebpCutShortIsCutOffAndABigWebpIsAskedForInAnotherFormat() {
        byte[] gif = HostilePhotos.animatedGif(400, 300);
        int firstFrameEnd = gif.length / 3; // three frames of the same size: the first ends before a third
        assertThatThrownBy(() -> inspector.inspect(Arrays.copyOf(gif, firstFrameEnd / 2)))
                .hasMessage(HostilePhotos.CUT_OFF);
        // frames after the first are never used, so losing them loses nothing
        assertThat(inspector.inspect(Arrays.copyOf(gif, gif.length - 20)).mime()).isEqualTo("image/gif");

        byte[] webp = HostilePhotos.resource("images/still-lossy.webp");
        assertThatThrownBy(() -> inspector.inspect(Arrays.copyOf(webp, webp.length - 100)))
                .hasMessage(HostilePhotos.CUT_OFF);

        assertThatThrownBy(() -> inspector.inspect(ImageInspectorTest.webpVp8x(4000, 3000)))
                .hasMessage("That WebP picture is 4000×3000 pixels; I take WebP pictures up to 4 megapixels. "
                        + "Please send it as a JPEG or PNG, or a smaller version.");
    }

    static int indexOf(byte[] b, String ascii) {
        byte[] needle = ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= b.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] progressiveJpeg(byte[] baseline) throws IOException {
        BufferedImage img = read(baseline);
        javax.imageio.ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam p = w.getDefaultWriteParam();
        p.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream o = ImageIO.createImageOutputStream(out)) {
            w.setOutput(o);
            w.write(null, new javax.imageio.IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }

    /** Big-endian reads for building test files. */
    static final class ByteArraysBE {
        static int int32(byte[] b, int i) {
            return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
        }
    }
}
