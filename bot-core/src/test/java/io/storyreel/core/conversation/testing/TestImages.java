package io.storyreel.core.conversation.testing;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Small real photos for tests: a gradient with a coloured square, different per {@code seed}. */
public final class TestImages {
    private TestImages() {
    }

    public static byte[] jpeg(int width, int height, int seed) {
        return encode(draw(width, height, seed, BufferedImage.TYPE_INT_RGB), "jpg");
    }

    public static byte[] png(int width, int height, int seed) {
        return encode(draw(width, height, seed, BufferedImage.TYPE_INT_ARGB), "png");
    }

    public static byte[] jpeg(int seed) {
        return jpeg(480, 360, seed);
    }

    private static BufferedImage draw(int w, int h, int seed, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(Color.HSBtoRGB(seed * 0.17f, 0.6f, 0.9f)), w, h, Color.DARK_GRAY));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(Color.HSBtoRGB(seed * 0.31f + 0.5f, 0.8f, 1f)));
        g.fillRect(w / 4, h / 4, w / 3, h / 3);
        g.dispose();
        return img;
    }

    private static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
