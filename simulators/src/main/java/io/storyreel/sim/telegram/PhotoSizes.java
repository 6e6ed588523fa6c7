package io.storyreel.sim.telegram;

import javax.imageio.ImageIO;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Telegram stores each photo in several sizes, smallest first ([TG-API #message] {@code photo}); the fake makes a
 * real thumbnail (at most 90 px) next to the original, so a bot that picks the wrong size gets the wrong bytes.
 * Bytes that are not a readable image still get two distinct entries (a truncated "thumbnail").
 */
final class PhotoSizes {
    record Size(byte[] bytes, int width, int height) {
    }

    private PhotoSizes() {
    }

    static List<Size> of(byte[] original) {
        BufferedImage img = null;
        try {
            img = ImageIO.read(new ByteArrayInputStream(original));
        } catch (IOException | RuntimeException ignored) {
            // not an image: fall through
        }
        if (img == null) {
            byte[] thumb = java.util.Arrays.copyOf(original, Math.min(original.length, 16));
            return List.of(new Size(thumb, 90, 90), new Size(original, 800, 800));
        }
        int w = img.getWidth();
        int h = img.getHeight();
        // always strictly smaller than the original, as Telegram's 90 px "s" size is for real photos
        double scale = Math.min(0.5, 90.0 / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        BufferedImage t = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
        t.getGraphics().drawImage(img.getScaledInstance(tw, th, Image.SCALE_FAST), 0, 0, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(t, "jpg", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return List.of(new Size(out.toByteArray(), tw, th), new Size(original, w, h));
    }
}
