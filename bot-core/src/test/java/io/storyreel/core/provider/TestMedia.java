package io.storyreel.core.provider;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Small inputs for provider tests: images of a given size and format, and a structurally complete MP4. */
public final class TestMedia {
    private TestMedia() {
    }

    public static byte[] image(int w, int h, String format) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(70, 130, 180));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.ORANGE);
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        return encode(img, format);
    }

    /** Random pixels compress badly: a way to make a file over a byte limit. */
    public static byte[] noise(int w, int h, String format, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(0xFFFFFF));
            }
        }
        return encode(img, format);
    }

    private static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalArgumentException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ftyp + moov + mdat boxes: enough for the download's completeness check (not a playable video). */
    public static byte[] mp4(int payload) {
        ByteBuffer b = ByteBuffer.allocate(16 + 8 + 8 + payload);
        b.putInt(16).put("ftyp".getBytes(StandardCharsets.ISO_8859_1)).put("isom".getBytes(StandardCharsets.ISO_8859_1)).putInt(0);
        b.putInt(8).put("moov".getBytes(StandardCharsets.ISO_8859_1));
        b.putInt(8 + payload).put("mdat".getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < payload; i++) {
            b.put((byte) i);
        }
        return b.array();
    }
}
