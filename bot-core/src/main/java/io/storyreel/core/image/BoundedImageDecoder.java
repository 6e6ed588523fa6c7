package io.storyreel.core.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Reads a picture without ever holding it at full size: the reader subsamples while it decodes
 * ({@link ImageReadParam#setSourceSubsampling}), so a 7000×7000 PNG asked for at 2048 px costs a 1750×1750 raster
 * (9 MB), never the 150 MB of its full pixels; a decode larger than asked is then scaled down exactly (bicubic). The result is always plain: the first frame of an animation, 8-bit sRGB
 * (CMYK JPEGs are converted by the TwelveMonkeys reader, 16-bit PNGs are drawn down to 8 bits).
 *
 * <p>Readers that cannot subsample while decoding (WebP holds the whole picture; the inspector caps its size for
 * that reason) and any decode bigger than {@link #FREE_PIXELS} share a small number of permits, so however many
 * users send large photos at once, only that many big rasters exist in the heap. Waiting too long for a permit,
 * or running out of memory inside a decode, is {@link Busy}: a reason to try again later, never a verdict on the
 * photo. Bytes no reader can make sense of are {@link Unreadable}.
 */
public final class BoundedImageDecoder {
    /** Decodes this small (the inspector's probes) are cheap enough to run without a permit. */
    static final long FREE_PIXELS = 1024L * 1024;
    /**
     * A subsampled decode may come out this much smaller than asked (quality vs memory): a 7000 px photo asked for
     * at 2048 is read at every 4th pixel, 1750 px, and needs no scaling at all.
     */
    private static final double UNDERSHOOT = 0.8;
    private static final BoundedImageDecoder SHARED = new BoundedImageDecoder(2, Duration.ofSeconds(60));

    private final Semaphore permits;
    private final Duration wait;

    /** A picture read at no more than the asked size; {@code sourceWidth}×{@code sourceHeight} is the file's own. */
    public record Decoded(BufferedImage image, String format, int sourceWidth, int sourceHeight) {
        /** True when the pixels were read smaller than the file holds them. */
        public boolean reduced() {
            return image.getWidth() != sourceWidth || image.getHeight() != sourceHeight;
        }
    }

    /** No permit in time, or the heap ran out mid-decode: the photo may be fine, try again later. */
    public static final class Busy extends RuntimeException {
        Busy(String message) {
            super(message, null, false, false);
        }
    }

    /** The bytes are no picture a reader understands ({@code knownFormat} false), or the reader gave up on them. */
    public static final class Unreadable extends RuntimeException {
        private final boolean knownFormat;

        Unreadable(boolean knownFormat, String detail) {
            super(detail, null, false, false);
            this.knownFormat = knownFormat;
        }

        public boolean knownFormat() {
            return knownFormat;
        }
    }

    /** One per process: the bound only means something when every decode goes through the same permits. */
    public static BoundedImageDecoder shared() {
        return SHARED;
    }

    /** {@code permits} big decodes at once; a caller waits at most {@code wait} for one before it is {@link Busy}. */
    public BoundedImageDecoder(int permits, Duration wait) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1");
        }
        this.permits = new Semaphore(permits, true);
        this.wait = wait;
    }

    /** For tests: hold the permits to see what callers do when memory is busy. */
    Semaphore permits() {
        return permits;
    }

    /** The picture with its longest side at most {@code maxLongSide} (smaller pictures keep their size). */
    public Decoded decode(byte[] bytes, int maxLongSide) {
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new Unreadable(false, "no image reader recognises these bytes");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                format = format.equals("jpg") ? "jpeg" : format;
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                int step = step(Math.max(w, h), maxLongSide);
                long destination = (long) ceilDiv(w, step) * ceilDiv(h, step);
                boolean big = format.equals("webp") || destination > FREE_PIXELS;
                acquire(big);
                try {
                    ImageReadParam param = reader.getDefaultReadParam();
                    param.setSourceSubsampling(step, step, 0, 0);
                    BufferedImage image = fit(plain(reader.read(0, param)), maxLongSide);
                    return new Decoded(image, format, w, h);
                } catch (OutOfMemoryError e) {
                    // only this decode's own raster was being allocated: dropping it gives the memory back
                    throw new Busy("out of memory while decoding a " + w + "×" + h + " " + format);
                } finally {
                    if (big) {
                        permits.release();
                    }
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Busy || e instanceof Unreadable) {
                throw (RuntimeException) e;
            }
            if (outOfMemory(e)) {
                // the JDK's PNG reader wraps the error as "Error reading PNG image data": still no verdict on the photo
                throw new Busy("out of memory while decoding (" + e.getClass().getSimpleName() + ")");
            }
            // a reader's own words ("Invalid scanline stride", "Unexpected block type 97!") are for the log only
            throw new Unreadable(true, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static boolean outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /**
     * The subsampling step: the largest that still leaves at least 0.8× the asked size. So a decode is never under
     * that (unless the picture is) nor over 1.6× the asked size, and the exact scale that follows only shrinks.
     */
    static int step(int longSide, int maxLongSide) {
        return Math.max(1, (int) (longSide / (maxLongSide * UNDERSHOOT)));
    }

    private void acquire(boolean big) {
        if (!big) {
            return;
        }
        try {
            if (!permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Busy("no decode permit within " + wait.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy("interrupted while waiting for a decode permit");
        }
    }

    /**
     * 8-bit sRGB (or 8-bit grey, or a palette) as every writer and {@code Graphics2D} expect; anything else (16-bit
     * samples, odd colour spaces, custom layouts) is drawn into an ordinary RGB raster, keeping transparency.
     */
    static BufferedImage plain(BufferedImage img) {
        int type = img.getType();
        boolean ordinary = type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB
                || type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_4BYTE_ABGR
                || type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_BYTE_INDEXED;
        ColorSpace cs = img.getColorModel().getColorSpace();
        if (ordinary && (cs.isCS_sRGB() || cs.getType() == ColorSpace.TYPE_GRAY)) {
            return img;
        }
        return redraw(img, img.getWidth(), img.getHeight());
    }

    private static BufferedImage fit(BufferedImage img, int maxLongSide) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (Math.max(w, h) <= maxLongSide) {
            return img;
        }
        double f = (double) maxLongSide / Math.max(w, h);
        return redraw(img, Math.max(1, (int) Math.round(w * f)), Math.max(1, (int) Math.round(h * f)));
    }

    /** Into 3 bytes a pixel when opaque (what the JPEG writer takes as it is), 4 with transparency. */
    private static BufferedImage redraw(BufferedImage src, int w, int h) {
        boolean alpha = src.getColorModel().hasAlpha();
        BufferedImage out = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
