package io.storyreel.core.image;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

/**
 * The checks every photo passes when it is collected, whatever provider makes the film later: the real type from
 * the magic bytes (JPEG, PNG, WebP; a file's name or MIME type is not trusted), the byte limit, and the pixel size
 * read from the header before anything is decoded, so a small file that would expand to gigabytes (a
 * decompression bomb) is refused without allocating it. JPEG and PNG are then decoded at a coarse subsampling to
 * prove they are readable. Provider rules (minimum sides, aspect ratio, formats) are applied later by each
 * provider's {@code prepare}.
 */
public final class ImageInspector {
    private final Limits limits;

    /**
     * {@code maxPixels} is the decompression-bomb guard; {@code minSide} refuses icons and thumbnails no provider
     * animates; {@code maxAspect} refuses strips so thin that no padding makes a sensible frame of them.
     */
    public record Limits(long maxBytes, long maxPixels, int minSide, double maxAspect) {
        public static Limits withMaxBytes(long maxBytes) {
            return new Limits(maxBytes, 50_000_000L, 128, 10.0);
        }
    }

    /** A photo that passed: its real type and size. */
    public record Inspected(String mime, int width, int height, long bytes) {
    }

    /** Why a photo was refused; {@link #getMessage()} is written for the user. */
    public static final class Rejected extends RuntimeException {
        private final Reason reason;

        public Rejected(Reason reason, String userMessage) {
            super(userMessage);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    public enum Reason { NOT_AN_IMAGE, TOO_MANY_BYTES, TOO_MANY_PIXELS, TOO_SMALL, BAD_ASPECT, CORRUPT }

    public ImageInspector(Limits limits) {
        this.limits = limits;
    }

    public Inspected inspect(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new Rejected(Reason.NOT_AN_IMAGE, "That file is empty.");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new Rejected(Reason.TOO_MANY_BYTES, "That photo is " + megabytes(bytes.length)
                    + ", more than the " + megabytes(limits.maxBytes()) + " I accept. Please send a smaller one.");
        }
        String mime = sniff(bytes);
        if (mime == null) {
            throw new Rejected(Reason.NOT_AN_IMAGE,
                    "I can only use photos in JPEG, PNG or WebP format, and this file is none of them.");
        }
        int[] size = switch (mime) {
            case "image/jpeg" -> jpegSize(bytes);
            case "image/png" -> pngSize(bytes);
            default -> webpSize(bytes);
        };
        if (size == null || size[0] <= 0 || size[1] <= 0) {
            throw new Rejected(Reason.CORRUPT, "I could not read that photo; the file seems damaged. Please send it again.");
        }
        int w = size[0];
        int h = size[1];
        if ((long) w * h > limits.maxPixels()) {
            throw new Rejected(Reason.TOO_MANY_PIXELS, "That photo is " + w + "×" + h + " pixels, more than the "
                    + limits.maxPixels() / 1_000_000 + " megapixels I accept. Please send a smaller version.");
        }
        if (Math.min(w, h) < limits.minSide()) {
            throw new Rejected(Reason.TOO_SMALL, "That photo is only " + w + "×" + h
                    + " pixels. Please send one at least " + limits.minSide() + " pixels on each side.");
        }
        double aspect = Math.max(w, h) / (double) Math.min(w, h);
        if (aspect > limits.maxAspect()) {
            throw new Rejected(Reason.BAD_ASPECT, "That photo is " + w + "×" + h
                    + " pixels, too long and thin to animate. Please crop it closer to a normal photo shape.");
        }
        if (!mime.equals("image/webp")) {
            verifyDecodes(bytes, w, h);
        }
        return new Inspected(mime, w, h, bytes.length);
    }

    /** The real type from the first bytes, or null when it is none of the three we accept. */
    public static String sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
            return "image/png";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        return null;
    }

    private static int[] pngSize(byte[] b) {
        if (b.length < 24 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            return null;
        }
        return new int[]{be32(b, 16), be32(b, 20)};
    }

    /** Walks the JPEG markers to the first start-of-frame, which holds the size; no pixel data is touched. */
    private static int[] jpegSize(byte[] b) {
        int i = 2;
        while (i + 3 < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                return null;
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                i += 2; // markers without a length
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                return null; // end of image or scan data before any frame header
            }
            int len = be16(b, i + 2);
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                if (i + 9 > b.length) {
                    return null;
                }
                return new int[]{be16(b, i + 7), be16(b, i + 5)};
            }
            if (len < 2) {
                return null;
            }
            i += 2 + len;
        }
        return null;
    }

    private static int[] webpSize(byte[] b) {
        if (b.length < 30) {
            return null;
        }
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        switch (chunk) {
            case "VP8X":
                return new int[]{le24(b, 24) + 1, le24(b, 27) + 1};
            case "VP8 ":
                if ((b[23] & 0xFF) != 0x9D || (b[24] & 0xFF) != 0x01 || (b[25] & 0xFF) != 0x2A) {
                    return null;
                }
                return new int[]{le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF};
            case "VP8L":
                if ((b[20] & 0xFF) != 0x2F) {
                    return null;
                }
                int bits = (b[21] & 0xFF) | (b[22] & 0xFF) << 8 | (b[23] & 0xFF) << 16 | (b[24] & 0xFF) << 24;
                return new int[]{(bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1};
            default:
                return null;
        }
    }

    /** Decodes at a coarse subsampling (cheap even for large photos) to prove the data behind the header is sound. */
    private static void verifyDecodes(byte[] bytes, int w, int h) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw corrupt();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                ImageReadParam p = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(w, h) / 256);
                p.setSourceSubsampling(step, step, 0, 0);
                if (reader.read(0, p) == null) {
                    throw corrupt();
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Rejected r) {
                throw r;
            }
            throw corrupt();
        }
    }

    private static Rejected corrupt() {
        return new Rejected(Reason.CORRUPT, "I could not read that photo; the file seems damaged. Please send it again.");
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }

    private static int be32(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    private static int be16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static int le16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static int le24(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16;
    }
}
