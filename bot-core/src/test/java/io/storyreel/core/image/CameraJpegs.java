package io.storyreel.core.image;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * JPEGs the way cameras write them: the pixels stored as the sensor saw them plus an EXIF Orientation telling a
 * viewer how to show them. The upright picture has a red block top-left, a blue block top-right and a green block
 * bottom-left on grey, so every one of the eight turns and mirrors leaves a different trace.
 */
public final class CameraJpegs {
    public static final Color RED = new Color(230, 20, 20);
    public static final Color BLUE = new Color(20, 20, 230);
    public static final Color GREEN = new Color(20, 200, 20);

    private CameraJpegs() {
    }

    /** The picture as the user means it to be seen. */
    public static BufferedImage upright(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int block = Math.min(width, height) / 4;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                Color c = Color.GRAY;
                if (x < block && y < block) {
                    c = RED;
                } else if (x >= width - block && y < block) {
                    c = BLUE;
                } else if (x < block && y >= height - block) {
                    c = GREEN;
                }
                img.setRGB(x, y, c.getRGB());
            }
        }
        return img;
    }

    /**
     * A JPEG whose stored pixels need EXIF {@code orientation} to look like {@link #upright}. Built from the EXIF
     * table's own wording ("the 0th row is the visual top/bottom/left/right, the 0th column is the visual ..."),
     * not from the code under test.
     */
    public static byte[] stored(int uprightWidth, int uprightHeight, int orientation, ByteOrder order) {
        return withExif(jpeg(storedPixels(upright(uprightWidth, uprightHeight), orientation)),
                exifApp1(orientation, order));
    }

    static BufferedImage storedPixels(BufferedImage upright, int orientation) {
        // {side shown by stored row 0, side shown by stored column 0}
        char[][] table = {null, {'T', 'L'}, {'T', 'R'}, {'B', 'R'}, {'B', 'L'},
                {'L', 'T'}, {'R', 'T'}, {'R', 'B'}, {'L', 'B'}};
        char rowSide = table[orientation][0];
        char colSide = table[orientation][1];
        int w = upright.getWidth();
        int h = upright.getHeight();
        boolean rowsAreColumns = rowSide == 'L' || rowSide == 'R';
        int sw = rowsAreColumns ? h : w;
        int sh = rowsAreColumns ? w : h;
        BufferedImage stored = new BufferedImage(sw, sh, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                int[] uv = new int[2];
                place(rowSide, y, w, h, uv); // stored row y lies y pixels in from the row side
                place(colSide, x, w, h, uv); // and pixel x of it lies x pixels in from the column side
                stored.setRGB(x, y, upright.getRGB(uv[0], uv[1]));
            }
        }
        return stored;
    }

    private static void place(char side, int distance, int w, int h, int[] uv) {
        switch (side) {
            case 'T' -> uv[1] = distance;
            case 'B' -> uv[1] = h - 1 - distance;
            case 'L' -> uv[0] = distance;
            default -> uv[0] = w - 1 - distance;
        }
    }

    public static byte[] jpeg(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An APP1 "Exif" segment with one IFD holding just the Orientation (tag 0x0112, SHORT, count 1). */
    public static byte[] exifApp1(int orientation, ByteOrder order) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(order);
        tiff.put(order == ByteOrder.BIG_ENDIAN ? (byte) 'M' : (byte) 'I');
        tiff.put(order == ByteOrder.BIG_ENDIAN ? (byte) 'M' : (byte) 'I');
        tiff.putShort((short) 42).putInt(8);          // header, IFD0 right after it
        tiff.putShort((short) 1);                     // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);                               // no next IFD
        return app1(tiff.array());
    }

    /** An APP1 "Exif" segment around any bytes, for malformed cases. */
    public static byte[] app1(byte[] tiff) {
        byte[] id = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        int length = 2 + id.length + tiff.length;
        ByteBuffer seg = ByteBuffer.allocate(2 + length);
        seg.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(id).put(tiff);
        return seg.array();
    }

    /** Puts {@code segment} right after the start-of-image marker, where cameras put their EXIF. */
    public static byte[] withExif(byte[] jpeg, byte[] segment) {
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(segment, 0, out, 2, segment.length);
        System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
        return out;
    }
}
