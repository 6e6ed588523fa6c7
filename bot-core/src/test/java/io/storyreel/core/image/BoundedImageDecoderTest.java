package io.storyreel.core.image;

import io.storyreel.core.conversation.testing.TestImages;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.ImageConstraints;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.http.ImagePreparer;
import io.storyreel.core.provider.http.PreparedImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Large photos are read subsampled to the size asked for, a few at a time; a busy decoder says "busy". */
class BoundedImageDecoderTest {
    private final BoundedImageDecoder decoder = new BoundedImageDecoder(1, Duration.ofMillis(200));
    private boolean held;

    @AfterEach
    void release() {
        if (held) {
            decoder.permits().release();
        }
    }

    private void holdThePermit() {
        assertThat(decoder.permits().tryAcquire()).isTrue();
        held = true;
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void aLargePngIsReadStraightToTheAskedSizeWithoutItsFullPixelsEverExisting() {
        byte[] png = HostilePhotos.largePng(4400, 3300); // 14.5 MP: 44 MB as RGB bytes, 58 MB as ints
        long before = allocatedByThisThread();
        BoundedImageDecoder.Decoded d = decoder.decode(png, 2048);
        long allocated = allocatedByThisThread() - before;

        assertThat(d.image().getWidth()).isEqualTo(2048);
        assertThat(d.image().getHeight()).isEqualTo(1536);
        assertThat(new int[]{d.sourceWidth(), d.sourceHeight()}).containsExactly(4400, 3300);
        assertThat(d.reduced()).isTrue();
        // step 2 (2200×1650, 11 MB) then the exact scale (2048×1536, 9.4 MB), plus row buffers;
        // the full picture alone would be 44 MB
        assertThat(allocated).as("bytes allocated by the decode").isLessThan(36L << 20);
    }

    @Test
    void theSubsamplingStepKeepsTheDecodeBetweenFourFifthsAndOnePointSixTimesTheAskedSize() {
        assertThat(BoundedImageDecoder.step(2000, 2048)).isEqualTo(1);
        assertThat(BoundedImageDecoder.step(3276, 2048)).isEqualTo(1);
        assertThat(BoundedImageDecoder.step(3277, 2048)).isEqualTo(2);
        assertThat(BoundedImageDecoder.step(4000, 2048)).isEqualTo(2);
        assertThat(BoundedImageDecoder.step(7000, 2048)).isEqualTo(4); // 1750 px
        for (int side = 100; side < 60_000; side += 7) {
            int decoded = (side + BoundedImageDecoder.step(side, 2048) - 1) / BoundedImageDecoder.step(side, 2048);
            assertThat(decoded).as("%s px", side).isBetween(Math.min(side, 1638), 3277);
        }
    }

    @Test
    void whileThePermitsAreTakenABigDecodeIsBusyButASmallOneNeedsNone() {
        holdThePermit();
        byte[] big = TestImages.jpeg(1600, 1200, 1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> decoder.decode(big, 2048)).isInstanceOf(BoundedImageDecoder.Busy.class);
        assertThat((System.nanoTime() - start) / 1e6).as("waited its 200 ms, not for ever").isBetween(150.0, 5000.0);

        assertThat(decoder.decode(big, 256).image().getWidth()).as("a probe at 256 px").isBetween(205, 256);
        assertThat(decoder.decode(TestImages.jpeg(640, 480, 2), 2048).reduced()).isFalse();
    }

    @Test
    void busyReachesTheUserAsAskToResendAtCollectionAndAsARetryableErrorWhenPreparing() {
        holdThePermit();
        ImageInspector inspector = new ImageInspector(ImageInspector.Limits.withMaxBytes(20_000_000), decoder);
        // WebP readers hold the whole picture, so even a probe needs a permit
        assertThatThrownBy(() -> inspector.inspect(HostilePhotos.resource("images/still-lossy.webp")))
                .isInstanceOfSatisfying(ImageInspector.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(ImageInspector.Reason.BUSY))
                .hasMessage("I'm busy with other large photos right now. Please send this one again in a minute.");

        OrientationNormaliser store = new OrientationNormaliser(decoder);
        byte[] gif = HostilePhotos.animatedGif(1200, 1000);
        ImageInspector.Inspected seen = new ImageInspector(ImageInspector.Limits.withMaxBytes(20_000_000)).inspect(gif);
        assertThatThrownBy(() -> store.normalise(gif, seen)).isInstanceOfSatisfying(ImageInspector.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(ImageInspector.Reason.BUSY));

        ImageConstraints kling = CapabilitiesLoader.bundled("kling").image();
        ProviderException e = catchThrowableOfType(() -> new ImagePreparer(decoder).prepare(
                TestImages.jpeg(1600, 1200, 3), kling, "Kling AI"), ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).isPresent();
        assertThat(e.getMessage()).contains("busy").doesNotContain("damaged");
    }

    @Test
    void aSevenThousandPixelPngIsPreparedForKlingAtItsLongestUsefulSide() {
        byte[] png = HostilePhotos.largePng(7000, 3000);
        ImageConstraints kling = CapabilitiesLoader.bundled("kling").image();
        assertThat(kling.maxLongSide()).isEqualTo(2048);
        PreparedImage p = new ImagePreparer(decoder).prepare(png, kling, "Kling AI");
        assertThat(new int[]{p.width(), p.height()}).containsExactly(1750, 750); // every 4th pixel, no scaling
        assertThat(p.mime()).isEqualTo("image/jpeg");
        assertThat(p.fixes()).contains("downscaled from 7000×3000 to 1750×750 (Kling AI uses at most 2048 px)");
    }

    @Test
    void runningOutOfMemoryInADecodeIsBusyAndLeavesTheJvmWorking(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path png = java.nio.file.Files.write(dir.resolve("big.png"), HostilePhotos.largePng(5000, 4000));
        Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-cp", System.getProperty("java.class.path"), DecodeInASmallHeap.class.getName(),
                png.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        // 5000×4000 at full size needs 60 MB of pixels in a 48 MB heap
        assertThat(out.strip()).endsWith("busy then decoded");
    }
}
