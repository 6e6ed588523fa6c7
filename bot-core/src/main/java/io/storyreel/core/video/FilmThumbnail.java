package io.storyreel.core.video;

import io.storyreel.core.image.JpegEncoder;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The film's poster: its first picture as a JPEG no larger than Telegram lets a {@code sendVideo} thumbnail be (at most
 * 320 px on each side and under 200 kB, Bot API {@code thumbnail}), so clients show the film before downloading it.
 */
public final class FilmThumbnail {
    /** Longest side the Bot API accepts for a thumbnail. */
    public static final int MAX_SIDE = 320;
    /** The Bot API asks for "less than 200 kB". */
    public static final int MAX_BYTES = 200 * 1000 - 1;
    private static final Logger log = LoggerFactory.getLogger(FilmThumbnail.class);
    private static final float[] QUALITIES = {0.85f, 0.7f, 0.5f, 0.3f};

    private FilmThumbnail() {
    }

    /** The first frame of {@code mp4}, shrunk to fit; empty when the film has no readable picture (the film still goes). */
    public static Optional<byte[]> of(Path mp4) {
        try {
            VideoNatives.ensureLoaded();
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4.toFile());
                 Java2DFrameConverter converter = new Java2DFrameConverter()) {
                grabber.start();
                Frame frame = grabber.grabImage();
                BufferedImage first = frame == null ? null : converter.convert(frame);
                grabber.stop();
                return first == null ? Optional.empty() : fit(first);
            }
        } catch (Exception | UnsatisfiedLinkError e) {
            // a thumbnail is a courtesy: without it Telegram shows a grey box until the film is downloaded
            log.info("No thumbnail for {}: {}", mp4.getFileName(), e.toString());
            return Optional.empty();
        }
    }

    /** {@code picture} scaled down (never up) to at most {@link #MAX_SIDE} px a side, as a JPEG under the byte limit. */
    public static Optional<byte[]> fit(BufferedImage picture) {
        double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(picture.getWidth(), picture.getHeight()));
        int w = Math.max(1, (int) Math.floor(picture.getWidth() * scale));
        int h = Math.max(1, (int) Math.floor(picture.getHeight() * scale));
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(picture, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        for (float q : QUALITIES) {
            byte[] jpeg = JpegEncoder.encode(small, q);
            if (jpeg.length <= MAX_BYTES) {
                return Optional.of(jpeg);
            }
        }
        return Optional.empty();
    }
}
