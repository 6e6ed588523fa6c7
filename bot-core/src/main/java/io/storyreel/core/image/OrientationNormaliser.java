package io.storyreel.core.image;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Makes the form of a photo that is stored, once, when it is collected, so the storyboard, the aspect-ratio checks
 * and the provider upload all see what the user saw on their phone. Mostly that means turning a camera JPEG whose
 * pixels are stored sideways or mirrored (EXIF Orientation 2–8, what phones write instead of rotating the pixels)
 * into upright pixels; it also stores the first frame of a GIF or animated WebP, and a CMYK JPEG or 16-bit PNG as
 * 8-bit sRGB ({@link ImageInspector.Inspected#reencode()}). A photo that needs none of this (no tag, Orientation 1,
 * EXIF that cannot be read) is returned byte for byte: a damaged tag is no reason to refuse a photo the inspector
 * already accepted, and re-encoding costs quality. A photo that is re-encoded is read through
 * {@link BoundedImageDecoder} at most {@link #STORED_LONG_SIDE} pixels long (what Telegram itself keeps photos at;
 * films need less), and written as a high-quality JPEG without any EXIF (which also drops the camera's location
 * tags), or as PNG when it has transparency or was a GIF.
 */
public final class OrientationNormaliser {
    private static final Logger log = LoggerFactory.getLogger(OrientationNormaliser.class);
    private static final float JPEG_QUALITY = 0.92f;
    /** Telegram's own size for photos; every provider's {@code maxLongSide} is below it. */
    static final int STORED_LONG_SIDE = 2560;

    private final BoundedImageDecoder decoder;

    /**
     * The photo to store: {@code orientation} is the EXIF value that was applied (1 when nothing was turned), and
     * {@code width}×{@code height} is the stored size.
     */
    public record Upright(byte[] bytes, String mime, int width, int height, int orientation) {
        public boolean turned() {
            return orientation != 1;
        }

        @Override
        public String toString() {
            return "Upright[" + mime + " " + width + "x" + height + ", " + bytes.length + " bytes, orientation="
                    + orientation + "]";
        }
    }

    public OrientationNormaliser() {
        this(BoundedImageDecoder.shared());
    }

    public OrientationNormaliser(BoundedImageDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * {@code inspected} is the inspector's verdict on the same bytes; its size guard has already run.
     *
     * @throws ImageInspector.Rejected {@code BUSY} when no memory could be had to re-encode it (the user is asked to
     *                                 send it again), {@code CORRUPT} when the pixels cannot be read after all
     */
    public Upright normalise(byte[] bytes, ImageInspector.Inspected inspected) {
        Upright untouched = new Upright(bytes, inspected.mime(), inspected.width(), inspected.height(), 1);
        int orientation = "image/jpeg".equals(inspected.mime()) ? orientation(bytes) : 1;
        if (orientation <= 1 && !inspected.reencode()) {
            return untouched;
        }
        BufferedImage stored;
        try {
            stored = decoder.decode(bytes, STORED_LONG_SIDE).image();
        } catch (BoundedImageDecoder.Busy e) {
            log.info("No memory to re-encode a {} photo now: {}", inspected.mime(), e.getMessage());
            throw ImageInspector.busy();
        } catch (BoundedImageDecoder.Unreadable e) {
            log.info("Could not decode a {} photo the inspector accepted: {}", inspected.mime(), e.getMessage());
            if (!inspected.reencode()) {
                return untouched; // only the turn is lost; prepare() decides whether a provider can use it
            }
            throw ImageInspector.corrupt();
        }
        BufferedImage upright = orientation > 1 ? transform(stored, orientation) : stored;
        boolean png = upright.getColorModel().hasAlpha() || "image/gif".equals(inspected.mime());
        byte[] out = png ? png(upright) : JpegEncoder.encode(upright, JPEG_QUALITY);
        return new Upright(out, png ? "image/png" : "image/jpeg", upright.getWidth(), upright.getHeight(),
                Math.max(1, orientation));
    }

    /**
     * The Orientation tag (1–8) of the first IFD in the JPEG's "Exif" APP1 segment; 1 when there is none, and also
     * when the segment or the tag is malformed, because a broken tag says nothing reliable about the pixels.
     */
    static int orientation(byte[] jpeg) {
        try (ImageInputStream in = new ByteArrayImageInputStream(jpeg)) {
            List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
            if (exif.isEmpty()) {
                return 1;
            }
            byte[] tiff;
            try (InputStream data = exif.get(0).data()) {
                tiff = data.readAllBytes();
            }
            // "Exif\0" is followed by one pad byte before the TIFF header; a few writers leave it out
            int start = tiff.length > 0 && tiff[0] == 0 ? 1 : 0;
            Directory directory = new TIFFReader().read(new ByteArrayImageInputStream(tiff, start, tiff.length - start));
            Directory ifd0 = directory instanceof CompoundDirectory c
                    ? (c.directoryCount() > 0 ? c.getDirectory(0) : null) : directory;
            Entry entry = ifd0 == null ? null : ifd0.getEntryById(TIFF.TAG_ORIENTATION);
            if (entry == null) {
                return 1;
            }
            if (!(entry.getValue() instanceof Number n) || n.longValue() < 1 || n.longValue() > 8) {
                // a Number is shown, anything else only by its type: a broken entry may hold kilobytes of junk
                Object value = entry.getValue();
                log.info("Ignoring an EXIF Orientation that is not 1-8: {}",
                        value instanceof Number ? value : value == null ? "none" : value.getClass().getSimpleName());
                return 1;
            }
            return n.intValue();
        } catch (IOException | RuntimeException e) {
            // the EXIF reader is lenient but not total; any failure means we cannot trust the tag
            log.info("Ignoring unreadable EXIF in a JPEG: {}", e.toString());
            return 1;
        }
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }

    /**
     * Moves every stored pixel to its upright place. The EXIF table says which side of the picture the stored first
     * row and first column show; for 5–8 rows become columns, so width and height swap. Done on whole pixels (no
     * interpolation), so nothing is blurred or shifted by half a pixel.
     */
    static BufferedImage transform(BufferedImage src, int orientation) {
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = orientation >= 5;
        int nw = swap ? h : w;
        int nh = swap ? w : h;
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            src.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int u;
                int v;
                switch (orientation) {
                    case 2 -> { u = w - 1 - x; v = y; }          // mirrored left-right
                    case 3 -> { u = w - 1 - x; v = h - 1 - y; }  // upside down
                    case 4 -> { u = x; v = h - 1 - y; }          // mirrored top-bottom
                    case 5 -> { u = y; v = x; }                  // transposed
                    case 6 -> { u = h - 1 - y; v = x; }          // needs a quarter turn clockwise
                    case 7 -> { u = h - 1 - y; v = w - 1 - x; }  // transversed
                    case 8 -> { u = y; v = w - 1 - x; }          // needs a quarter turn anticlockwise
                    default -> { u = x; v = y; }
                }
                dst[v * nw + u] = row[x];
            }
        }
        return out;
    }
}
