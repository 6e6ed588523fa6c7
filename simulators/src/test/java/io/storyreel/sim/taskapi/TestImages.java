package io.storyreel.sim.taskapi;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Small generated pictures for simulator tests (no third-party images). */
public final class TestImages {

    private TestImages() {
    }

    public static byte[] jpeg(int width, int height) {
        return encode(picture(width, height), "jpg");
    }

    /** A picture in other colours, for a second (end) image clearly unlike {@link #jpeg(int, int)}. */
    public static byte[] jpeg(int width, int height, Color from, Color to) {
        return encode(picture(width, height, from, to), "jpg");
    }

    public static byte[] png(int width, int height) {
        return encode(picture(width, height), "png");
    }

    public static byte[] gif(int width, int height) {
        return encode(picture(width, height), "gif");
    }

    private static BufferedImage picture(int width, int height) {
        return picture(width, height, new Color(30, 60, 160), new Color(240, 180, 60));
    }

    private static BufferedImage picture(int width, int height, Color from, Color to) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, from, width, height, to));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 3, height / 3, width / 3, height / 3);
        g.dispose();
        return img;
    }

    private static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
