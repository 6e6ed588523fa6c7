package io.storyreel.sim.google;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The picture a text-only request is rendered from: a gradient in colours taken from the prompt. */
final class VeoPlaceholder {

    private VeoPlaceholder() {
    }

    static byte[] jpeg(String prompt) {
        int h = prompt == null ? 0 : prompt.hashCode();
        BufferedImage img = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(h & 0xffffff), 640, 360, new Color(~h & 0xffffff)));
        g.fillRect(0, 0, 640, 360);
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
