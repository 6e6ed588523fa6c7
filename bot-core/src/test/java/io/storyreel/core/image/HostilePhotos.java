package io.storyreel.core.image;

import io.storyreel.core.conversation.testing.TestImages;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Real-world awkward photos, made in the test (only the WebP files are committed, under {@code images/}): the ones
 * a bot must take (a GIF, an animated WebP, a CMYK JPEG, a 16-bit PNG, a camera JPEG stored sideways) and the ones
 * it must refuse with a sentence a user understands (cut off, fake, tiny, a decompression bomb). Shared by the
 * image tests, the conversation tests and the app's {@code storyreel demo --photo} tests.
 */
public final class HostilePhotos {
    public static final String CUT_OFF = "This photo looks cut off: part of the file is missing. Please send it again.";
    public static final String NOT_A_PHOTO =
            "That file is not a photo I can use. Please send a picture in JPEG, PNG, WebP or GIF format.";
    public static final String DAMAGED = "I could not read that photo; the file seems damaged. Please send it again.";

    /** A photo and what the bot must make of it: {@code refusal} null for a good photo, else the exact sentence. */
    public record Sample(String fileName, byte[] bytes, String refusal) {
        public boolean good() {
            return refusal == null;
        }

        @Override
        public String toString() {
            return fileName;
        }
    }

    private HostilePhotos() {
    }

    /** Photos the bot takes and films (each at least 300 px on each side, so every provider accepts them). */
    public static List<Sample> good() {
        return List.of(
                new Sample("animated.gif", animatedGif(400, 300), null),
                new Sample("animated.webp", resource("images/animated.webp"), null),
                new Sample("cmyk.jpg", cmykJpeg(400, 300), null),
                new Sample("deep.png", png16(400, 300), null),
                new Sample("IMG_0001.JPG", CameraJpegs.stored(300, 400, 6, ByteOrder.LITTLE_ENDIAN), null));
    }

    /** Photos the bot refuses, each with the sentence the user sees. */
    public static List<Sample> bad() {
        byte[] jpeg = TestImages.jpeg(640, 480, 3);
        return List.of(
                new Sample("half.jpg", Arrays.copyOf(jpeg, jpeg.length / 2), CUT_OFF),
                new Sample("half.png", halfPng(), CUT_OFF),
                new Sample("fake.jpg", "this is not a photo, just a note renamed to .jpg\n".getBytes(StandardCharsets.UTF_8),
                        NOT_A_PHOTO),
                new Sample("tiny.jpg", TestImages.jpeg(60, 60, 4),
                        "That photo is only 60×60 pixels. Please send one at least 128 pixels on each side."),
                new Sample("bomb.png", bombPng(30_000, 30_000), "That photo is 30000×30000 pixels, more than the 50 "
                        + "megapixels I accept. Please send a smaller version."));
    }

    /** Three frames: red first, then blue and green; only the red one may be filmed. */
    public static byte[] animatedGif(int w, int h) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (Color c : new Color[]{CameraJpegs.RED, CameraJpegs.BLUE, CameraJpegs.GREEN}) {
                BufferedImage frame = solid(w, h, c);
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
                control.setAttribute("disposalMethod", "none");
                control.setAttribute("userInputFlag", "FALSE");
                control.setAttribute("transparentColorFlag", "FALSE");
                control.setAttribute("delayTime", "50");
                control.setAttribute("transparentColorIndex", "0");
                root.appendChild(control);
                meta.setFromTree("javax_imageio_gif_image_1.0", root);
                writer.writeToSequence(new IIOImage(frame, null, meta), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * A CMYK JPEG as Photoshop and print workflows write it: four components, an Adobe APP14 segment saying "no
     * colour transform", and the ink stored inverted (255 = no ink). Pure cyan ink on the left half, pure black ink
     * on the right. The JDK's own reader refuses such files.
     */
    public static byte[] cmykJpeg(int w, int h) {
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        int[] cyan = {0, 255, 255, 255};
        int[] black = {255, 255, 255, 0};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                cmyk.setPixel(x, y, x < w / 2 ? cyan : black);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        byte[] plain = bytes.toByteArray();
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2); // SOI
        out.writeBytes(adobe); // version 100, flags 0, transform 0: CMYK as stored
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    /** A 16-bit-per-sample RGB PNG: an orange left half and a teal right half. */
    public static byte[] png16(int w, int h) {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[]{16, 16, 16}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(w, h);
        int[] orange = {0xF000, 0x8000, 0x1000};
        int[] teal = {0x1000, 0x9000, 0x9000};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setPixel(x, y, x < w / 2 ? orange : teal);
            }
        }
        BufferedImage image = new BufferedImage(model, raster, false, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer for 16-bit samples");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A real PNG whose pixel data stops half way: the IDAT chunk is cut, and IEND never comes. */
    public static byte[] halfPng() {
        byte[] png = TestImages.png(640, 480, 5);
        return Arrays.copyOf(png, png.length / 2);
    }

    /**
     * A decompression bomb: a valid, complete PNG of {@code w}×{@code h} black pixels at one bit each, a few hundred
     * kilobytes on disk, gigabytes once a reader makes RGB pixels of it.
     */
    public static byte[] bombPng(int w, int h) {
        return streamedPng(w, h, 1, 0, (y, row) -> {
        });
    }

    /** A large 8-bit RGB photo-like PNG (gradients and a grain), written row by row: never held as pixels. */
    public static byte[] largePng(int w, int h) {
        return streamedPng(w, h, 8, 2, (y, row) -> {
            for (int x = 0; x < w; x++) {
                int grain = (x * 31 + y * 17) & 0x0F;
                row[1 + 3 * x] = (byte) (x * 255L / w + grain);
                row[2 + 3 * x] = (byte) (y * 255L / h);
                row[3 + 3 * x] = (byte) (128 + grain);
            }
        });
    }

    /** Fills one row's samples (after the filter byte, which stays 0). */
    interface RowPainter {
        void paint(int y, byte[] row);
    }

    private static byte[] streamedPng(int w, int h, int bitDepth, int colourType, RowPainter painter) {
        int channels = colourType == 2 ? 3 : 1;
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] row = new byte[1 + (int) (((long) w * channels * bitDepth + 7) / 8)];
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_SPEED), 1 << 16)) {
            for (int y = 0; y < h; y++) {
                painter.paint(y, row);
                z.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(ihdr)) {
            d.writeInt(w);
            d.writeInt(h);
            d.write(new byte[]{(byte) bitDepth, (byte) colourType, 0, 0, 0}); // deflate, no filter, no interlace
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        chunk(png, "IHDR", ihdr.toByteArray());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** Appends one PNG chunk with its length and CRC. */
    public static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        try (DataOutputStream d = new DataOutputStream(png)) {
            d.writeInt(data.length);
            d.write(t);
            d.write(data);
            d.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] resource(String name) {
        try (InputStream in = HostilePhotos.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage solid(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }
}
