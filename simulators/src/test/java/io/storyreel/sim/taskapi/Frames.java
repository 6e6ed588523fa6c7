package io.storyreel.sim.taskapi;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The first and last frames of an MP4, decoded, and how far a frame is from a picture: the mean absolute difference
 * per colour channel (0 = identical, 255 = opposite) after the picture is centre-cropped to the frame's size, as the
 * providers fit an image to their output.
 */
public record Frames(BufferedImage first, BufferedImage last) {

    public static Frames of(Path mp4) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(mp4.toFile());
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            g.start();
            BufferedImage first = copy(conv.convert(g.grabImage()));
            BufferedImage last = first;
            Frame f;
            while ((f = g.grabImage()) != null) {
                last = copy(conv.convert(f));
            }
            g.stop();
            return new Frames(first, last);
        }
    }

    /** Mean absolute channel difference between {@code frame} and {@code picture} cropped to the frame's size. */
    public static double difference(BufferedImage frame, byte[] picture) throws IOException {
        BufferedImage fitted = cover(ImageIO.read(new ByteArrayInputStream(picture)), frame.getWidth(),
                frame.getHeight());
        long sum = 0;
        long n = 0;
        for (int y = 0; y < frame.getHeight(); y += 4) {
            for (int x = 0; x < frame.getWidth(); x += 4) {
                int a = frame.getRGB(x, y);
                int b = fitted.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff));
                    n++;
                }
            }
        }
        return sum / (double) n;
    }

    private static BufferedImage cover(BufferedImage src, int w, int h) {
        double scale = Math.max(w / (double) src.getWidth(), h / (double) src.getHeight());
        int sw = (int) Math.round(w / scale);
        int sh = (int) Math.round(h / scale);
        int sx = Math.max(0, (src.getWidth() - sw) / 2);
        int sy = Math.max(0, (src.getHeight() - sh) / 2);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, 0, 0, w, h, sx, sy, sx + sw, sy + sh, null);
        g.dispose();
        return out;
    }

    private static BufferedImage copy(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(src, 0, 0, null);
        return out;
    }
}
