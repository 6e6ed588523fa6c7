package io.storyreel.core.image;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Fitting a photo to a film's shape: the sizes, what is kept, and the same bytes every time. */
class AspectFitterTest {
    private final AspectFitter fitter = new AspectFitter(BoundedImageDecoder.shared());

    private static byte[] landscape() throws Exception {
        BufferedImage img = new BufferedImage(1200, 600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 300, 600);      // left quarter red
        g.setColor(Color.BLUE);
        g.fillRect(300, 0, 900, 600);    // the rest blue
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static BufferedImage read(byte[] jpeg) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }

    @Test
    void cropKeepsTheCentreAtTheChosenShape() throws Exception {
        BufferedImage out = read(fitter.crop(landscape(), 9 / 16.0));
        assertThat(out.getHeight()).isEqualTo(600);
        assertThat(out.getWidth()).isEqualTo(338); // 337.5 rounded (338), kept even
        assertThat(new Color(out.getRGB(2, 300)).getBlue()).isGreaterThan(200); // the red edge was cut away
    }

    @Test
    void padKeepsTheWholePhotoOverABlurredCopy() throws Exception {
        BufferedImage out = read(fitter.pad(landscape(), 1.0));
        assertThat(out.getWidth()).isEqualTo(1200);
        assertThat(out.getHeight()).isEqualTo(1200);
        assertThat(new Color(out.getRGB(10, 600)).getRed()).isGreaterThan(200); // the red edge is kept
        Color above = new Color(out.getRGB(600, 60));
        assertThat(above.getRed() + above.getGreen() + above.getBlue()).as("no black bar").isGreaterThan(150);
    }

    @Test
    void theSamePhotoAndShapeGiveTheSameBytesSoAnEarlierClipIsFoundAgain() throws Exception {
        byte[] photo = landscape();
        assertThat(fitter.pad(photo, 9 / 16.0)).isEqualTo(fitter.pad(photo, 9 / 16.0));
        assertThat(fitter.crop(photo, 1.0)).isEqualTo(fitter.crop(photo, 1.0));
        assertThat(AspectFitter.fits(1920, 1080, 16 / 9.0)).isTrue();
        assertThat(AspectFitter.fits(1280, 960, 16 / 9.0)).isFalse();
    }
}
