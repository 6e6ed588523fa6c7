package io.storyreel.core.provider.http;

import io.storyreel.core.provider.registry.CapabilitiesLoader;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.ImageConstraints;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.TestMedia;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ImagePreparerTest {
    final ImagePreparer preparer = new ImagePreparer();
    final ImageConstraints kling = CapabilitiesLoader.bundled("kling").image();
    final ImageConstraints minimax = CapabilitiesLoader.bundled("minimax").image();

    static BufferedImage read(byte[] b) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(b));
    }

    @Test
    void anImageThatFitsIsPassedThroughByteForByte() {
        byte[] jpeg = TestMedia.image(640, 480, "jpeg");
        PreparedImage p = preparer.prepare(jpeg, kling, "Kling");
        assertThat(p.bytes()).isSameAs(jpeg);
        assertThat(p.mime()).isEqualTo("image/jpeg");
        assertThat(p.fixes()).isEmpty();
        byte[] png = TestMedia.image(640, 480, "png");
        assertThat(preparer.prepare(png, kling, "Kling").mime()).isEqualTo("image/png");
    }

    @Test
    void aFormatTheProviderDoesNotTakeBecomesJpeg() throws Exception {
        byte[] gif = TestMedia.image(400, 400, "gif");
        PreparedImage p = preparer.prepare(gif, kling, "Kling");
        assertThat(p.mime()).isEqualTo("image/jpeg");
        assertThat(p.fixes()).containsExactly("converted GIF to JPEG");
        assertThat(read(p.bytes()).getWidth()).isEqualTo(400);
    }

    @Test
    void theEndFrameAndReferenceImagesArePreparedLikeTheFirstFrame() throws Exception {
        io.storyreel.core.provider.Capabilities caps = CapabilitiesLoader.bundled("kling");
        byte[] gif = TestMedia.image(400, 400, "gif");
        io.storyreel.core.provider.GenerationRequest r = new io.storyreel.core.provider.GenerationRequest("m", null, 5,
                null, "p", null, gif, "image/gif", gif, "image/gif", null,
                java.util.List.of(new io.storyreel.core.provider.ReferenceImage(gif, "image/gif")));

        io.storyreel.core.provider.GenerationRequest out = preparer.prepareImages(r, caps);

        assertThat(out.imageMime()).isEqualTo("image/jpeg");
        assertThat(out.endImageMime()).isEqualTo("image/jpeg");
        assertThat(out.referenceImages()).singleElement().satisfies(ref -> {
            assertThat(ref.mime()).isEqualTo("image/jpeg");
            assertThat(read(ref.bytes()).getWidth()).isEqualTo(400);
        });
        ProviderException tooSmall = catchThrowableOfType(() -> preparer.prepareImages(r.withReferenceImages(
                java.util.List.of(new io.storyreel.core.provider.ReferenceImage(TestMedia.image(100, 100, "png"),
                        "image/png"))), caps), ProviderException.class);
        assertThat(tooSmall.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    }

    @Test
    void webpCanBeRead() {
        assertThat(ImageIO.getImageReadersByFormatName("webp").hasNext()).as("WebP plugin on the classpath").isTrue();
    }

    @Test
    void aPanoramaIsPaddedToTheAspectLimit() throws Exception {
        PreparedImage p = preparer.prepare(TestMedia.image(1000, 300, "jpeg"), kling, "Kling");
        assertThat(p.width()).isEqualTo(1000);
        assertThat(p.height()).isEqualTo(400);
        assertThat(read(p.bytes()).getHeight()).isEqualTo(400);
        assertThat(p.fixes()).singleElement().asString().contains("black bars");
        PreparedImage tall = preparer.prepare(TestMedia.image(320, 1000, "png"), minimax, "MiniMax");
        assertThat((double) tall.width() / tall.height()).isBetween(minimax.minAspect(), minimax.maxAspect());
    }

    @Test
    void aThinStripWhoseShortSideBecomesBigEnoughByPaddingIsFixed() {
        PreparedImage p = preparer.prepare(TestMedia.image(1000, 250, "jpeg"), kling, "Kling");
        assertThat(p.height()).isEqualTo(400);
    }

    @Test
    void aTooSmallPhotoIsRefusedWithItsSize() {
        ProviderException e = catchThrowableOfType(() -> preparer.prepare(TestMedia.image(200, 150, "jpeg"), kling,
                "Kling"), ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(e.field()).contains("image");
        assertThat(e.getMessage()).isEqualTo("This photo is 200×150 pixels, but Kling needs at least 300 pixels on "
                + "each side. Please send a larger photo.");
        ProviderException mm = catchThrowableOfType(() -> preparer.prepare(TestMedia.image(300, 600, "jpeg"), minimax,
                "MiniMax"), ProviderException.class);
        assertThat(mm.getMessage()).contains("301");
    }

    @Test
    void aFileOverTheByteLimitIsDownscaled() throws Exception {
        ImageConstraints small = new ImageConstraints(Set.of("jpeg", "png"), 200_000, 300, 0.4, 2.5);
        byte[] big = TestMedia.noise(900, 700, "png", 1);
        assertThat(big.length).isGreaterThan(200_000);
        PreparedImage p = preparer.prepare(big, small, "Kling");
        assertThat(p.bytes().length).isLessThanOrEqualTo(200_000);
        assertThat(p.mime()).isEqualTo("image/jpeg");
        assertThat(Math.min(p.width(), p.height())).isGreaterThanOrEqualTo(300);
        assertThat((double) p.width() / p.height()).isCloseTo(900.0 / 700, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void somethingThatIsNotAPictureIsRefused() {
        ProviderException e = catchThrowableOfType(() -> preparer.prepare("hello".getBytes(), kling, "Kling"),
                ProviderException.class);
        assertThat(e.getMessage()).contains("JPEG or PNG");
    }
}
