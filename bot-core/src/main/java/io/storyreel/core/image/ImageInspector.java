package io.storyreel.core.image;

import java.util.Locale;

/**
 * The checks every photo passes when it is collected, whatever provider makes the film later: the real type from
 * the magic bytes (JPEG, PNG, WebP, GIF; a file's name or MIME type is not trusted), the byte limit, the pixel size
 * read from the header before anything is decoded (so a small file that would expand to gigabytes, a decompression
 * bomb, is refused without allocating it), the file's structure (a JPEG or PNG cut short is refused, not filmed
 * with a grey half), and finally a decode at a coarse subsampling through {@link BoundedImageDecoder} to prove the
 * pixels are readable. Provider rules (minimum sides, aspect ratio, formats) are applied later by each provider's
 * {@code prepare}.
 *
 * <p>Every refusal is a {@link Rejected} whose message is the sentence the user sees; a reader's own error text
 * never reaches them. GIFs and animated WebPs are accepted for their first frame, CMYK JPEGs and 16-bit PNGs for
 * their 8-bit sRGB form: {@link Inspected#reencode()} tells {@link OrientationNormaliser} to store them that way.
 */
public final class ImageInspector {
    /** The probe decode: enough pixels to prove the data is sound, few enough to need no permit. */
    private static final int PROBE_SIDE = 256;

    private final Limits limits;
    private final BoundedImageDecoder decoder;

    /**
     * {@code maxPixels} is the decompression-bomb guard (photos up to it are read subsampled, never at full size);
     * {@code maxWebpPixels} is lower because the WebP reader holds the whole picture while it decodes (about 28
     * bytes a pixel for lossy WebP); {@code minSide} refuses icons and thumbnails no provider animates;
     * {@code maxAspect} refuses strips so thin that no padding makes a sensible frame of them.
     */
    public record Limits(long maxBytes, long maxPixels, long maxWebpPixels, int minSide, double maxAspect) {
        public static Limits withMaxBytes(long maxBytes) {
            return new Limits(maxBytes, 50_000_000L, 4_200_000L, 128, 10.0);
        }
    }

    /**
     * A photo that passed: its real type and size. {@code reencode} is true when it must not be stored as sent:
     * an animation (only its first frame is used), CMYK or 16-bit samples (stored as 8-bit sRGB).
     */
    public record Inspected(String mime, int width, int height, long bytes, boolean reencode) {
    }

    /** Why a photo was refused; {@link #getMessage()} is the sentence the user sees. */
    public static final class Rejected extends RuntimeException {
        private final Reason reason;

        public Rejected(Reason reason, String userMessage) {
            super(userMessage, null, false, false);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    /** {@code BUSY} is the only one that says nothing about the photo: the same file may pass a minute later. */
    public enum Reason { NOT_AN_IMAGE, TOO_MANY_BYTES, TOO_MANY_PIXELS, TOO_SMALL, BAD_ASPECT, TRUNCATED, CORRUPT, BUSY }

    public ImageInspector(Limits limits) {
        this(limits, BoundedImageDecoder.shared());
    }

    public ImageInspector(Limits limits, BoundedImageDecoder decoder) {
        this.limits = limits;
        this.decoder = decoder;
    }

    public Inspected inspect(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new Rejected(Reason.NOT_AN_IMAGE, "That file is empty. Please send the photo again.");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new Rejected(Reason.TOO_MANY_BYTES, tooManyBytes(bytes.length, limits.maxBytes()));
        }
        String mime = sniff(bytes);
        if (mime == null) {
            throw new Rejected(Reason.NOT_AN_IMAGE,
                    "That file is not a photo I can use. Please send a picture in JPEG, PNG, WebP or GIF format.");
        }
        ImageHeaders.Header header = switch (mime) {
            case "image/jpeg" -> ImageHeaders.jpeg(bytes);
            case "image/png" -> ImageHeaders.png(bytes);
            case "image/gif" -> ImageHeaders.gif(bytes);
            default -> ImageHeaders.webp(bytes);
        };
        int w = header.width();
        int h = header.height();
        if (header.damage() == ImageHeaders.Damage.CORRUPT) {
            throw corrupt(); // junk: whatever size it seems to claim means nothing
        }
        if (w <= 0 || h <= 0) {
            throw truncated();
        }
        long pixels = (long) w * h;
        if (pixels > limits.maxPixels()) {
            throw new Rejected(Reason.TOO_MANY_PIXELS, "That photo is " + w + "×" + h + " pixels, more than the "
                    + limits.maxPixels() / 1_000_000 + " megapixels I accept. Please send a smaller version.");
        }
        if (mime.equals("image/webp") && pixels > limits.maxWebpPixels()) {
            throw new Rejected(Reason.TOO_MANY_PIXELS, "That WebP picture is " + w + "×" + h + " pixels; I take WebP "
                    + "pictures up to " + limits.maxWebpPixels() / 1_000_000 + " megapixels. Please send it as a "
                    + "JPEG or PNG, or a smaller version.");
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
        // a sound header's size is named first: a bomb is refused as a bomb even when its data is missing
        if (header.damage() == ImageHeaders.Damage.TRUNCATED) {
            throw truncated();
        }
        probe(bytes);
        return new Inspected(mime, w, h, bytes.length, header.reencode());
    }

    /** The real type from the first bytes, or null when it is none of the four we accept. */
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
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8'
                && (b[4] == '7' || b[4] == '9') && b[5] == 'a') {
            return "image/gif";
        }
        return null;
    }

    /** Decodes at a coarse subsampling (cheap even for large photos) to prove the data behind the header is sound. */
    private void probe(byte[] bytes) {
        try {
            decoder.decode(bytes, PROBE_SIDE);
        } catch (BoundedImageDecoder.Busy e) {
            throw busy();
        } catch (BoundedImageDecoder.Unreadable e) {
            throw corrupt();
        }
    }

    static Rejected busy() {
        return new Rejected(Reason.BUSY,
                "I'm busy with other large photos right now. Please send this one again in a minute.");
    }

    static Rejected truncated() {
        return new Rejected(Reason.TRUNCATED, "This photo looks cut off: part of the file is missing. "
                + "Please send it again.");
    }

    static Rejected corrupt() {
        return new Rejected(Reason.CORRUPT, "I could not read that photo; the file seems damaged. Please send it again.");
    }

    /** The sentence for a photo of {@code bytes} over the limit of {@code max} bytes (the page's, too). */
    public static String tooManyBytes(long bytes, long max) {
        return "That photo is " + megabytes(bytes) + ", more than the " + megabytes(max)
                + " I accept. Please send a smaller one.";
    }

    /** A size as the chat's sentences say it: in the limits' own megabytes (limits.max-photo-mb: 1 MB = 1,048,576 bytes). */
    public static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
