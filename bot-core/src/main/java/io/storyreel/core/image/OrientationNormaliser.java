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
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;

/**
 * Turns a camera JPEG whose pixels are stored sideways or mirrored (EXIF Orientation 2–8, what phones write instead
 * of rotating the pixels) into upright pixels, once, when the photo is collected, so the storyboard, the aspect-ratio
 * checks and the provider upload all see what the user saw on their phone. A photo without the tag, with
 * Orientation 1, in another format, or with EXIF that cannot be read is returned byte for byte: a damaged tag is no
 * reason to refuse a photo the inspector already accepted, and re-encoding costs quality. A turned photo is
 * re-encoded as a high-quality JPEG without any EXIF (which also drops the camera's location tags).
 */
public final class OrientationNormaliser {
    private static final Logger log = LoggerFactory.getLogger(OrientationNormaliser.class);
    private static final float JPEG_QUALITY = 0.92f;

    /**
     * The photo to store: {@code orientation} is the EXIF value that was applied (1 when nothing was done), and
     * {@code width}×{@code height} is the upright size.
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

    /** {@code inspected} is the inspector's verdict on the same bytes; its size guard has already run. */
    public Upright normalise(byte[] bytes, ImageInspector.Inspected inspected) {
        Upright untouched = new Upright(bytes, inspected.mime(), inspected.width(), inspected.height(), 1);
        if (!"image/jpeg".equals(inspected.mime())) {
            return untouched;
        }
        int orientation = orientation(bytes);
        if (orientation <= 1) {
            return untouched;
        }
        BufferedImage stored = decode(bytes);
        if (stored == null) {
            return untouched; // the inspector read it at a subsampling; if the full decode fails, leave it to prepare()
        }
        BufferedImage upright = transform(stored, orientation);
        return new Upright(JpegEncoder.encode(upright, JPEG_QUALITY), "image/jpeg", upright.getWidth(),
                upright.getHeight(), orientation);
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

    private static BufferedImage decode(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
            if (in == null || !readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            log.info("Could not decode a JPEG to turn it upright: {}", e.toString());
            return null;
        }
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
