package io.storyreel.core.image;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Encodes a picture as JPEG at a chosen quality: for photos turned upright and for images fitted to a provider. */
public final class JpegEncoder {
    private JpegEncoder() {
    }

    public static byte[] encode(BufferedImage src, float quality) {
        BufferedImage rgb = src;
        int type = src.getType();
        // the writer takes these as they are; anything else (transparency, palettes) is drawn into plain RGB first
        if (type != BufferedImage.TYPE_INT_RGB && type != BufferedImage.TYPE_3BYTE_BGR
                && type != BufferedImage.TYPE_BYTE_GRAY) {
            // JPEG has no alpha: flatten transparent areas onto white rather than letting them turn black
            rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = rgb.createGraphics();
            try {
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, src.getWidth(), src.getHeight());
                g.drawImage(src, 0, 0, null);
            } finally {
                g.dispose();
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(rgb, null, null), p);
        } catch (IOException e) {
            throw new IllegalStateException("JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
