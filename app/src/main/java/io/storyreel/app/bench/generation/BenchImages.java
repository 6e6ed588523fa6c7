package io.storyreel.app.bench.generation;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Small painted photos (one colour scheme per scene) and their captions; the same set for every storybook. */
final class BenchImages {
    static final int WIDTH = 640;
    static final int HEIGHT = 360;

    private BenchImages() {
    }

    static List<byte[]> photos(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            Color top = Color.getHSBColor(i / (float) n, 0.6f, 0.9f);
            Color bottom = Color.getHSBColor((i + 0.5f) / n, 0.8f, 0.4f);
            g.setPaint(new GradientPaint(0, 0, top, 0, HEIGHT, bottom));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.WHITE);
            g.fillOval(80 + 60 * i, 120, 120, 120);
            g.dispose();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                ImageIO.write(img, "jpg", bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.add(bytes.toByteArray());
        }
        return out;
    }

    static String prompt(int i) {
        return "Scene " + (i + 1) + ": the sun moves slowly across the sky";
    }
}
