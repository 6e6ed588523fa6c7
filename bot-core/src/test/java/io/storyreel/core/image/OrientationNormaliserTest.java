package io.storyreel.core.image;

import io.storyreel.core.conversation.testing.TestImages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.storyreel.core.image.CameraJpegs.BLUE;
import static io.storyreel.core.image.CameraJpegs.GREEN;
import static io.storyreel.core.image.CameraJpegs.RED;
import static org.assertj.core.api.Assertions.assertThat;

class OrientationNormaliserTest {
    private static final int W = 160;
    private static final int H = 240; // a portrait photo
    private final ImageInspector inspector = new ImageInspector(ImageInspector.Limits.withMaxBytes(2_000_000));
    private final OrientationNormaliser normaliser = new OrientationNormaliser();

    OrientationNormaliser.Upright normalise(byte[] bytes) {
        return normaliser.normalise(bytes, inspector.inspect(bytes));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
    void everyTurnOrMirrorComesOutUprightWithoutTheTag(int orientation) throws IOException {
        for (ByteOrder order : new ByteOrder[]{ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            byte[] camera = CameraJpegs.stored(W, H, orientation, order);
            ImageInspector.Inspected asStored = inspector.inspect(camera);
            // the stored pixels really are sideways for 5-8: that is what would have reached the aspect checks
            assertThat(asStored.width()).isEqualTo(orientation >= 5 ? H : W);

            OrientationNormaliser.Upright up = normaliser.normalise(camera, asStored);

            assertThat(up.orientation()).isEqualTo(orientation);
            assertThat(up.turned()).isTrue();
            assertThat(up.mime()).isEqualTo("image/jpeg");
            assertThat(up.width()).as("upright width").isEqualTo(W);
            assertThat(up.height()).as("upright height").isEqualTo(H);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(up.bytes()));
            assertThat(img.getWidth()).isEqualTo(W);
            assertThat(img.getHeight()).isEqualTo(H);
            assertColour(img, 10, 10, RED, "top-left");
            assertColour(img, W - 11, 10, BLUE, "top-right");
            assertColour(img, 10, H - 11, GREEN, "bottom-left");
            assertColour(img, W - 11, H - 11, Color.GRAY, "bottom-right");
            assertThat(OrientationNormaliser.orientation(up.bytes())).as("no orientation left to apply twice").isEqualTo(1);
            assertThat(inspector.inspect(up.bytes())).extracting(ImageInspector.Inspected::width,
                    ImageInspector.Inspected::height).containsExactly(W, H);
        }
    }

    @Test
    void theExactPixelsLandInTheirUprightPlaces() {
        // lossless check of the mapping itself, one distinct colour per stored pixel
        BufferedImage upright = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                upright.setRGB(x, y, (x * 40) << 16 | (y * 80) << 8 | 7);
            }
        }
        for (int orientation = 1; orientation <= 8; orientation++) {
            BufferedImage turned = OrientationNormaliser.transform(CameraJpegs.storedPixels(upright, orientation),
                    orientation);
            assertThat(turned.getWidth()).isEqualTo(5);
            assertThat(turned.getHeight()).isEqualTo(3);
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 5; x++) {
                    assertThat(turned.getRGB(x, y)).as("orientation %d at %d,%d", orientation, x, y)
                            .isEqualTo(upright.getRGB(x, y));
                }
            }
        }
    }

    @Test
    void orientationOneKeepsTheOriginalBytes() {
        byte[] camera = CameraJpegs.stored(W, H, 1, ByteOrder.BIG_ENDIAN);
        OrientationNormaliser.Upright up = normalise(camera);
        assertThat(up.bytes()).isSameAs(camera);
        assertThat(up.turned()).isFalse();
        assertThat(up).extracting(OrientationNormaliser.Upright::width, OrientationNormaliser.Upright::height)
                .containsExactly(W, H);
    }

    @Test
    void aJpegWithoutExifAndAPngPassUntouched() {
        byte[] plain = TestImages.jpeg(300, 200, 1);
        assertThat(normalise(plain).bytes()).isSameAs(plain);
        byte[] png = TestImages.png(300, 200, 2);
        OrientationNormaliser.Upright up = normalise(png);
        assertThat(up.bytes()).isSameAs(png);
        assertThat(up).extracting(OrientationNormaliser.Upright::mime, OrientationNormaliser.Upright::width,
                OrientationNormaliser.Upright::height).containsExactly("image/png", 300, 200);
    }

    @Test
    void malformedExifKeepsTheOriginalBytes() {
        byte[] sideways = CameraJpegs.jpeg(CameraJpegs.storedPixels(CameraJpegs.upright(W, H), 6));
        byte[] good = CameraJpegs.exifApp1(6, ByteOrder.BIG_ENDIAN);
        byte[] tiff = java.util.Arrays.copyOfRange(good, 10, good.length); // after marker, length and "Exif\0\0"

        byte[] badByteOrder = tiff.clone();
        badByteOrder[0] = 'X';
        byte[] badMagic = tiff.clone();
        badMagic[3] = 41;
        byte[] ifdBeyondTheEnd = tiff.clone();
        ByteBuffer.wrap(ifdBeyondTheEnd).putInt(4, 0x7FFF_FFF0);
        byte[] valueNine = tiff.clone();
        valueNine[8 + 2 + 8] = 0;
        valueNine[8 + 2 + 9] = 9;
        byte[] valueZero = tiff.clone();
        valueZero[8 + 2 + 9] = 0;
        byte[] wrongType = tiff.clone(); // ASCII "text" where a SHORT belongs
        wrongType[8 + 2 + 3] = 2;
        byte[] hugeCount = tiff.clone(); // a value claimed to be 4 GB long
        ByteBuffer.wrap(hugeCount).putInt(8 + 2 + 4, 0x7FFF_FFFF);
        byte[] truncated = java.util.Arrays.copyOf(tiff, 12);
        byte[] manyEntriesNoData = tiff.clone(); // 65535 entries promised, one present
        ByteBuffer.wrap(manyEntriesNoData).putShort(8, (short) 0xFFFF);

        for (byte[] broken : new byte[][]{badByteOrder, badMagic, ifdBeyondTheEnd, valueNine, valueZero, wrongType,
                hugeCount, truncated, manyEntriesNoData, new byte[0]}) {
            byte[] photo = CameraJpegs.withExif(sideways, CameraJpegs.app1(broken));
            OrientationNormaliser.Upright up = normalise(photo);
            assertThat(up.bytes()).isSameAs(photo);
            assertThat(up.orientation()).isEqualTo(1);
            assertThat(up).extracting(OrientationNormaliser.Upright::width, OrientationNormaliser.Upright::height)
                    .containsExactly(H, W); // as stored: nothing trustworthy says otherwise
        }
        // the same segment intact is honoured, so the cases above fail for their damage alone
        assertThat(normalise(CameraJpegs.withExif(sideways, good)).width()).isEqualTo(W);
    }

    @Test
    void anApp1ThatIsNotExifIsIgnored() {
        byte[] sideways = CameraJpegs.jpeg(CameraJpegs.storedPixels(CameraJpegs.upright(W, H), 6));
        byte[] xmpLike = CameraJpegs.exifApp1(6, ByteOrder.BIG_ENDIAN);
        xmpLike[4] = 'X'; // "Xxif": some other application's segment with the same bytes inside
        byte[] photo = CameraJpegs.withExif(sideways, xmpLike);
        assertThat(normalise(photo).bytes()).isSameAs(photo);
    }

    private static void assertColour(BufferedImage img, int x, int y, Color expected, String where) {
        Color c = new Color(img.getRGB(x, y));
        assertThat(Math.abs(c.getRed() - expected.getRed()) + Math.abs(c.getGreen() - expected.getGreen())
                + Math.abs(c.getBlue() - expected.getBlue()))
                .as("%s should be %s but is %s", where, expected, c).isLessThan(60);
    }
}
