package io.storyreel.app.demo;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;

/**
 * The demo's sample photos, painted by the project itself (no third-party images): three small scenes with the
 * captions a user would write for them.
 */
public final class SamplePhotos {
    public record Sample(String fileName, byte[] jpeg, String prompt) {
    }

    private SamplePhotos() {
    }

    public static List<Sample> all() {
        return List.of(
                new Sample("lighthouse.jpg", jpeg(lighthouse()), "A lighthouse at dusk, waves rolling in, the beam sweeps slowly"),
                new Sample("boat.jpg", jpeg(boat()), "A paper boat drifts across a calm pond, ripples spreading"),
                new Sample("fox.jpg", jpeg(fox()), "A red fox trots through snowy woods as snow begins to fall"));
    }

    private static BufferedImage canvas(Color top, Color bottom, Graphics2D[] out) {
        BufferedImage img = new BufferedImage(960, 540, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, top, 0, 540, bottom));
        g.fillRect(0, 0, 960, 540);
        out[0] = g;
        return img;
    }

    private static BufferedImage lighthouse() {
        Graphics2D[] gg = new Graphics2D[1];
        BufferedImage img = canvas(new Color(38, 42, 92), new Color(245, 140, 80), gg);
        Graphics2D g = gg[0];
        g.setColor(new Color(255, 220, 150));
        g.fill(new Ellipse2D.Double(700, 300, 90, 90));
        g.setColor(new Color(20, 50, 90));
        g.fillRect(0, 360, 960, 180);
        g.setColor(new Color(60, 60, 60));
        g.fillRect(140, 300, 200, 80);
        Path2D tower = new Path2D.Double();
        tower.moveTo(210, 300);
        tower.lineTo(270, 300);
        tower.lineTo(255, 110);
        tower.lineTo(225, 110);
        tower.closePath();
        g.setColor(Color.WHITE);
        g.fill(tower);
        g.setColor(new Color(200, 30, 30));
        for (int y = 140; y < 300; y += 50) {
            g.fillRect(215, y, 50, 18);
        }
        g.setColor(new Color(255, 240, 160, 120));
        Path2D beam = new Path2D.Double();
        beam.moveTo(240, 120);
        beam.lineTo(960, 40);
        beam.lineTo(960, 200);
        beam.closePath();
        g.fill(beam);
        g.setColor(new Color(255, 255, 255, 90));
        g.setStroke(new BasicStroke(3));
        for (int i = 0; i < 12; i++) {
            int y = 380 + i * 13;
            g.drawLine(40 + i * 60, y, 160 + i * 60, y);
        }
        g.dispose();
        return img;
    }

    private static BufferedImage boat() {
        Graphics2D[] gg = new Graphics2D[1];
        BufferedImage img = canvas(new Color(150, 200, 235), new Color(60, 120, 90), gg);
        Graphics2D g = gg[0];
        g.setColor(new Color(40, 110, 140));
        g.fill(new Ellipse2D.Double(-100, 260, 1160, 420));
        g.setColor(new Color(255, 255, 255, 80));
        g.setStroke(new BasicStroke(2));
        for (int r = 60; r < 400; r += 45) {
            g.draw(new Ellipse2D.Double(480 - r, 400 - r / 3.0, 2 * r, 2 * r / 3.0));
        }
        Path2D hull = new Path2D.Double();
        hull.moveTo(400, 380);
        hull.lineTo(560, 380);
        hull.lineTo(530, 420);
        hull.lineTo(430, 420);
        hull.closePath();
        g.setColor(new Color(250, 250, 245));
        g.fill(hull);
        Path2D sail = new Path2D.Double();
        sail.moveTo(480, 300);
        sail.lineTo(530, 378);
        sail.lineTo(430, 378);
        sail.closePath();
        g.setColor(new Color(235, 235, 225));
        g.fill(sail);
        g.dispose();
        return img;
    }

    private static BufferedImage fox() {
        Graphics2D[] gg = new Graphics2D[1];
        BufferedImage img = canvas(new Color(200, 215, 235), new Color(245, 248, 252), gg);
        Graphics2D g = gg[0];
        Random r = new Random(7);
        for (int i = 0; i < 9; i++) {
            int x = 40 + i * 105;
            Path2D tree = new Path2D.Double();
            tree.moveTo(x, 380);
            tree.lineTo(x + 40, 150 + r.nextInt(60));
            tree.lineTo(x + 80, 380);
            tree.closePath();
            g.setColor(new Color(30, 80 + r.nextInt(30), 50));
            g.fill(tree);
        }
        g.setColor(Color.WHITE);
        g.fillRect(0, 380, 960, 160);
        g.setColor(new Color(210, 90, 30));
        g.fill(new Ellipse2D.Double(420, 390, 130, 60));
        g.fill(new Ellipse2D.Double(530, 370, 55, 45));
        Path2D tail = new Path2D.Double();
        tail.moveTo(425, 415);
        tail.curveTo(360, 380, 340, 430, 330, 440);
        tail.lineTo(425, 430);
        tail.closePath();
        g.fill(tail);
        g.setColor(Color.WHITE);
        g.fill(new Ellipse2D.Double(323, 430, 20, 14));
        g.setColor(new Color(40, 30, 20));
        g.fillRect(440, 440, 10, 30);
        g.fillRect(520, 440, 10, 30);
        g.setColor(Color.WHITE);
        for (int i = 0; i < 120; i++) {
            g.fillOval(r.nextInt(960), r.nextInt(380), 5, 5);
        }
        g.dispose();
        return img;
    }

    static byte[] jpeg(BufferedImage img) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.9f);
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                w.setOutput(ios);
                w.write(null, new IIOImage(img, null, null), p);
            }
            w.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
