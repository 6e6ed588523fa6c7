package io.storyreel.core.image;

import io.storyreel.core.conversation.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageInspectorTest {
    private final ImageInspector inspector = new ImageInspector(ImageInspector.Limits.withMaxBytes(2_000_000));

    @Test
    void readsTypeAndSizeOfJpegAndPngFromTheirBytes() {
        assertThat(inspector.inspect(TestImages.jpeg(640, 480, 1)))
                .extracting(ImageInspector.Inspected::mime, ImageInspector.Inspected::width, ImageInspector.Inspected::height)
                .containsExactly("image/jpeg", 640, 480);
        assertThat(inspector.inspect(TestImages.png(300, 500, 2)))
                .extracting(ImageInspector.Inspected::mime, ImageInspector.Inspected::width, ImageInspector.Inspected::height)
                .containsExactly("image/png", 300, 500);
    }

    @Test
    void readsWebpSizesFromEachOfItsThreeHeaderKinds() {
        assertThat(ImageHeaders.webp(webpVp8x(1920, 1080))).extracting(ImageHeaders.Header::width,
                ImageHeaders.Header::height).containsExactly(1920, 1080);
        assertThat(ImageHeaders.webp(webpVp8l(800, 600))).extracting(ImageHeaders.Header::width,
                ImageHeaders.Header::height).containsExactly(800, 600);
        assertThat(ImageHeaders.webp(webpVp8(1024, 768))).extracting(ImageHeaders.Header::width,
                ImageHeaders.Header::height).containsExactly(1024, 768);
        // and real files of each kind pass the whole inspection, the probe decode included
        for (String kind : new String[]{"still-lossy", "still-lossless", "alpha"}) {
            assertThat(inspector.inspect(HostilePhotos.resource("images/" + kind + ".webp")))
                    .as(kind).extracting(ImageInspector.Inspected::mime, ImageInspector.Inspected::width,
                            ImageInspector.Inspected::height, ImageInspector.Inspected::reencode)
                    .containsExactly("image/webp", 400, 300, false);
        }
    }

    @Test
    void theNameDoesNotMatterOnlyTheMagicBytes() {
        byte[] text = "GIF? no, a shopping list".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> inspector.inspect(text)).isInstanceOfSatisfying(ImageInspector.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(ImageInspector.Reason.NOT_AN_IMAGE));
        assertThatThrownBy(() -> inspector.inspect(new byte[0])).isInstanceOf(ImageInspector.Rejected.class);
        // a GIF signature with nothing behind it is a GIF, but one that was cut off
        byte[] gif = "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> inspector.inspect(gif)).isInstanceOfSatisfying(ImageInspector.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(ImageInspector.Reason.TRUNCATED));
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeaderWithoutDecoding() {
        byte[] bomb = pngHeader(60_000, 60_000); // 3.6 gigapixels in a few dozen bytes
        assertThat(bomb.length).isLessThan(100);
        assertThatThrownBy(() -> inspector.inspect(bomb)).isInstanceOfSatisfying(ImageInspector.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(ImageInspector.Reason.TOO_MANY_PIXELS);
            assertThat(r.getMessage()).contains("60000×60000", "megapixels");
        });
    }

    @Test
    void refusesTooManyBytesTooSmallTooThinAndDamagedFiles() {
        ImageInspector tight = new ImageInspector(ImageInspector.Limits.withMaxBytes(1000));
        assertThatThrownBy(() -> tight.inspect(TestImages.jpeg(640, 480, 1)))
                .hasMessageContaining("MB").extracting(e -> ((ImageInspector.Rejected) e).reason())
                .isEqualTo(ImageInspector.Reason.TOO_MANY_BYTES);
        assertThatThrownBy(() -> inspector.inspect(TestImages.jpeg(100, 80, 1)))
                .extracting(e -> ((ImageInspector.Rejected) e).reason()).isEqualTo(ImageInspector.Reason.TOO_SMALL);
        assertThatThrownBy(() -> inspector.inspect(TestImages.png(2000, 150, 1)))
                .extracting(e -> ((ImageInspector.Rejected) e).reason()).isEqualTo(ImageInspector.Reason.BAD_ASPECT);
        byte[] jpeg = TestImages.jpeg(640, 480, 1);
        byte[] cut = Arrays.copyOf(jpeg, 200); // header intact, scan data gone
        assertThatThrownBy(() -> inspector.inspect(cut))
                .extracting(e -> ((ImageInspector.Rejected) e).reason()).isEqualTo(ImageInspector.Reason.TRUNCATED);
        byte[] noise = jpeg.clone(); // whole, but junk where the tables and the scan should be
        Arrays.fill(noise, 20, noise.length - 2, (byte) 0x5A);
        assertThatThrownBy(() -> inspector.inspect(noise))
                .extracting(e -> ((ImageInspector.Rejected) e).reason()).isEqualTo(ImageInspector.Reason.CORRUPT);
    }

    static byte[] pngHeader(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        b.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(w).putInt(h)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 12, 17);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    private static byte[] riff(String chunk, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer head = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        head.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(12 + payload.length)
                .put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(chunk.getBytes(StandardCharsets.US_ASCII))
                .putInt(payload.length);
        out.writeBytes(head.array());
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] webpVp8x(int w, int h) {
        byte[] p = new byte[16];
        p[4] = (byte) ((w - 1) & 0xFF);
        p[5] = (byte) (((w - 1) >> 8) & 0xFF);
        p[6] = (byte) (((w - 1) >> 16) & 0xFF);
        p[7] = (byte) ((h - 1) & 0xFF);
        p[8] = (byte) (((h - 1) >> 8) & 0xFF);
        p[9] = (byte) (((h - 1) >> 16) & 0xFF);
        return riff("VP8X", p);
    }

    static byte[] webpVp8l(int w, int h) {
        byte[] p = new byte[16];
        p[0] = 0x2F;
        int bits = (w - 1) | ((h - 1) << 14);
        p[1] = (byte) bits;
        p[2] = (byte) (bits >> 8);
        p[3] = (byte) (bits >> 16);
        p[4] = (byte) (bits >> 24);
        return riff("VP8L", p);
    }

    static byte[] webpVp8(int w, int h) {
        byte[] p = new byte[16];
        p[3] = (byte) 0x9D;
        p[4] = 0x01;
        p[5] = 0x2A;
        p[6] = (byte) w;
        p[7] = (byte) (w >> 8);
        p[8] = (byte) h;
        p[9] = (byte) (h >> 8);
        return riff("VP8 ", p);
    }
}
