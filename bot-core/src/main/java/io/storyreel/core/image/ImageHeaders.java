package io.storyreel.core.image;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * What a photo's own structure says, read without decoding a pixel: its size, whether it must be re-encoded before
 * it is stored (animations, CMYK, 16-bit samples), and whether the file is whole. Decoders are forgiving about the
 * last point: the JDK fills a JPEG cut in half with grey and only warns, so a photo whose bottom half never arrived
 * would be filmed and paid for. A JPEG must reach its end-of-image marker through every segment and scan, a PNG
 * must reach IEND through chunks whose CRCs match, a GIF must hold its whole first frame, and a WebP must be as long
 * as its RIFF header says.
 */
final class ImageHeaders {
    enum Damage { NONE, TRUNCATED, CORRUPT }

    /** {@code width}/{@code height} are 0 when the header itself could not be read. */
    record Header(int width, int height, boolean reencode, Damage damage) {
        static Header broken(Damage damage) {
            return new Header(0, 0, false, damage);
        }

        Header with(Damage d) {
            return new Header(width, height, reencode, d);
        }
    }

    private ImageHeaders() {
    }

    /**
     * Walks the markers: segments by their lengths, entropy-coded data byte by byte (a 0xFF there is followed by
     * a stuffed 0x00 or a restart marker), so every scan of a progressive JPEG is crossed until EOI. Stray bytes
     * between segments are skipped the way libjpeg skips them.
     */
    static Header jpeg(byte[] b) {
        int width = 0;
        int height = 0;
        boolean cmyk = false;
        boolean frame = false;
        int i = 2;
        int n = b.length;
        while (true) {
            while (i < n && (b[i] & 0xFF) != 0xFF) {
                i++; // extraneous bytes before a marker
            }
            while (i < n && (b[i] & 0xFF) == 0xFF) {
                i++; // the marker's 0xFF and any fill bytes
            }
            if (i >= n) {
                return new Header(width, height, cmyk, Damage.TRUNCATED);
            }
            int marker = b[i++] & 0xFF;
            if (marker == 0xD9) {
                return new Header(width, height, cmyk, frame ? Damage.NONE : Damage.CORRUPT);
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                continue; // markers without a length
            }
            if (marker < 0xC0) {
                return new Header(width, height, cmyk, Damage.CORRUPT); // no such marker: not JPEG data at all
            }
            if (i + 2 > n) {
                return new Header(width, height, cmyk, Damage.TRUNCATED);
            }
            int len = be16(b, i);
            if (len < 2) {
                return new Header(width, height, cmyk, Damage.CORRUPT);
            }
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof && !frame) {
                if (i + 8 > n) {
                    return new Header(width, height, cmyk, Damage.TRUNCATED);
                }
                height = be16(b, i + 3);
                width = be16(b, i + 5);
                cmyk = (b[i + 7] & 0xFF) == 4; // four components: CMYK or YCCK
                frame = true;
            }
            if (i + len > n) {
                return new Header(width, height, cmyk, Damage.TRUNCATED);
            }
            i += len;
            if (marker == 0xDA) {
                if (!frame) {
                    return new Header(width, height, cmyk, Damage.CORRUPT);
                }
                i = endOfScan(b, i);
            }
        }
    }

    /** The index of the 0xFF that starts the first real marker after entropy-coded data (or {@code b.length}). */
    private static int endOfScan(byte[] b, int i) {
        int n = b.length;
        while (i + 1 < n) {
            if ((b[i] & 0xFF) == 0xFF) {
                int next = b[i + 1] & 0xFF;
                if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
                    return i;
                }
                i += next == 0xFF ? 1 : 2;
            } else {
                i++;
            }
        }
        return n;
    }

    /** Every chunk whole and its CRC right, IHDR first, at least one IDAT, and IEND at the end. */
    static Header png(byte[] b) {
        if (b.length < 33 || !type(b, 12).equals("IHDR") || be32(b, 8) != 13) {
            return Header.broken(b.length < 33 ? Damage.TRUNCATED : Damage.CORRUPT);
        }
        int width = be32(b, 16);
        int height = be32(b, 20);
        int bitDepth = b[24] & 0xFF;
        boolean animated = false;
        boolean data = false;
        Header header = new Header(width, height, bitDepth == 16, Damage.NONE);
        CRC32 crc = new CRC32();
        int i = 8;
        while (true) {
            if (i + 12 > b.length) {
                return header.with(Damage.TRUNCATED);
            }
            long len = be32(b, i) & 0xFFFF_FFFFL;
            if (len > b.length - i - 12L) {
                return header.with(Damage.TRUNCATED);
            }
            String type = type(b, i + 4);
            crc.reset();
            crc.update(b, i + 4, 4 + (int) len);
            if ((int) crc.getValue() != be32(b, i + 8 + (int) len)) {
                return header.with(Damage.CORRUPT);
            }
            switch (type) {
                case "IDAT" -> data = true;
                case "acTL" -> animated = true; // APNG: the first frame is the ordinary image
                case "IEND" -> {
                    return new Header(width, height, bitDepth == 16 || animated, data ? Damage.NONE : Damage.CORRUPT);
                }
                default -> {
                }
            }
            i += 12 + (int) len;
        }
    }

    /** The logical screen size, and a first frame present in full (later frames are never used). */
    static Header gif(byte[] b) {
        if (b.length < 13) {
            return Header.broken(Damage.TRUNCATED);
        }
        int width = le16(b, 6);
        int height = le16(b, 8);
        int i = 13 + colourTable(b[10]);
        while (i < b.length) {
            int block = b[i] & 0xFF;
            if (block == 0x21) { // extension: label, then sub-blocks
                i = skipSubBlocks(b, i + 2);
            } else if (block == 0x2C) { // image descriptor
                if (i + 10 > b.length) {
                    break;
                }
                if (width == 0 || height == 0) {
                    width = le16(b, i + 5);
                    height = le16(b, i + 7);
                }
                int end = skipSubBlocks(b, i + 10 + colourTable(b[i + 9]) + 1); // after the LZW code size
                return new Header(width, height, true, end <= b.length ? Damage.NONE : Damage.TRUNCATED);
            } else {
                return new Header(width, height, true, Damage.CORRUPT); // a trailer or junk before any frame
            }
        }
        return new Header(width, height, true, Damage.TRUNCATED);
    }

    /** The canvas size from whichever of the three WebP headers is present; animations are re-encoded. */
    static Header webp(byte[] b) {
        if (b.length < 30) {
            return Header.broken(Damage.TRUNCATED);
        }
        long riff = (le16(b, 4) | (long) le16(b, 6) << 16) + 8;
        Damage whole = b.length < riff ? Damage.TRUNCATED : Damage.NONE;
        String chunk = new String(b, 12, 4, StandardCharsets.US_ASCII);
        switch (chunk) {
            case "VP8X":
                boolean animated = (b[20] & 0x02) != 0;
                return new Header(le24(b, 24) + 1, le24(b, 27) + 1, animated, whole);
            case "VP8 ":
                if ((b[23] & 0xFF) != 0x9D || (b[24] & 0xFF) != 0x01 || (b[25] & 0xFF) != 0x2A) {
                    return Header.broken(Damage.CORRUPT);
                }
                return new Header(le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF, false, whole);
            case "VP8L":
                if ((b[20] & 0xFF) != 0x2F) {
                    return Header.broken(Damage.CORRUPT);
                }
                int bits = (b[21] & 0xFF) | (b[22] & 0xFF) << 8 | (b[23] & 0xFF) << 16 | (b[24] & 0xFF) << 24;
                return new Header((bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1, false, whole);
            default:
                return Header.broken(Damage.CORRUPT);
        }
    }

    /** Bytes of a GIF colour table announced by a packed field (0 when its flag is off). */
    private static int colourTable(byte packed) {
        return (packed & 0x80) == 0 ? 0 : 3 * (1 << ((packed & 0x07) + 1));
    }

    /** The index after the terminating empty sub-block, or past the end when the data stops first. */
    private static int skipSubBlocks(byte[] b, int i) {
        while (i < b.length) {
            int size = b[i] & 0xFF;
            if (size == 0) {
                return i + 1;
            }
            i += 1 + size;
        }
        return b.length + 1;
    }

    private static String type(byte[] b, int i) {
        return new String(b, i, 4, StandardCharsets.US_ASCII);
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
