package io.storyreel.sim.taskapi;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/**
 * An input image as a provider sees it: its bytes, the format its magic bytes claim, and its pixel size. Probing reads
 * only headers, so a huge image is measured without being decoded.
 *
 * @param format {@code jpeg}, {@code png} or {@code webp}
 */
public record ProbedImage(byte[] bytes, String format, int width, int height) {

    /** The image, or empty when the bytes are not a JPEG, PNG or WebP with readable dimensions. */
    public static Optional<ProbedImage> probe(byte[] bytes) {
        String format = formatOf(bytes);
        if (format == null) {
            return Optional.empty();
        }
        int[] size = "webp".equals(format) ? webpSize(bytes) : imageIoSize(bytes);
        if (size == null || size[0] <= 0 || size[1] <= 0) {
            return Optional.empty();
        }
        return Optional.of(new ProbedImage(bytes, format, size[0], size[1]));
    }

    public int shortSide() {
        return Math.min(width, height);
    }

    /** width / height. */
    public double aspect() {
        return (double) width / height;
    }

    private static String formatOf(byte[] b) {
        if (b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return "jpeg";
        }
        if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length > 30 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "webp";
        }
        return null;
    }

    private static int[] imageIoSize(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Reads the canvas size from the VP8X, VP8 or VP8L chunk header (the JDK has no WebP reader). */
    private static int[] webpSize(byte[] b) {
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        switch (chunk) {
            case "VP8X":
                return new int[] {1 + u24(b, 24), 1 + u24(b, 27)};
            case "VP8 ":
                return new int[] {u16(b, 26) & 0x3fff, u16(b, 28) & 0x3fff};
            case "VP8L": {
                int bits = (b[21] & 0xff) | (b[22] & 0xff) << 8 | (b[23] & 0xff) << 16 | (b[24] & 0xff) << 24;
                return new int[] {(bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1};
            }
            default:
                return null;
        }
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int u24(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
    }
}
