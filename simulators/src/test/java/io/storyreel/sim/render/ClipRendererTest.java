package io.storyreel.sim.render;

import io.storyreel.sim.taskapi.Frames;
import io.storyreel.sim.taskapi.Mp4Probe;
import io.storyreel.sim.taskapi.TestImages;
import io.storyreel.sim.render.ClipRenderer.ClipSpec;
import io.storyreel.sim.render.ClipRenderer.RenderedClip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClipRendererTest {

    @Test
    void outputKeepsTheImageAspectWithEvenSides() {
        assertThat(ClipRenderer.outputSize(1920, 1080, 768)).containsExactly(1366, 768);
        assertThat(ClipRenderer.outputSize(1080, 1920, 720)).containsExactly(720, 1280);
        assertThat(ClipRenderer.outputSize(480, 360, 512)).containsExactly(682, 512);
        assertThat(ClipRenderer.outputSize(500, 500, 1080)).containsExactly(1080, 1080);
    }

    @Test
    void rendersTheRequestedLengthWithAudioWhenAsked(@TempDir Path cache) throws Exception {
        ClipRenderer renderer = new ClipRenderer(cache);

        RenderedClip clip = renderer.render(TestImages.png(400, 300), new ClipSpec(240, 24, 2.0, true));

        Mp4Probe p = Mp4Probe.of(clip.file());
        assertThat(p.width()).isEqualTo(320);
        assertThat(p.height()).isEqualTo(240);
        assertThat(p.frames()).isEqualTo(48);
        assertThat(p.seconds()).isCloseTo(2.0, within(0.1));
        assertThat(p.audio()).isTrue();
        assertThat(p.videoCodec()).isEqualTo("h264");
        assertThat(p.moovBeforeMdat()).isTrue();
        assertThat(clip.bytes()).isEqualTo(Files.size(clip.file()));
    }

    @Test
    void theSameImageAndParametersAreRenderedOnce(@TempDir Path cache) throws Exception {
        ClipRenderer renderer = new ClipRenderer(cache);
        byte[] image = TestImages.jpeg(400, 300);

        RenderedClip first = renderer.render(image, new ClipSpec(240, 25, 0.4, false));
        long modified = Files.getLastModifiedTime(first.file()).toMillis();
        RenderedClip again = renderer.render(image, new ClipSpec(240, 25, 0.4, false));
        RenderedClip other = renderer.render(image, new ClipSpec(240, 30, 0.4, false));

        assertThat(again.file()).isEqualTo(first.file());
        assertThat(Files.getLastModifiedTime(again.file()).toMillis()).isEqualTo(modified);
        assertThat(other.file()).isNotEqualTo(first.file());
        try (var files = Files.list(cache)) {
            assertThat(files.filter(f -> f.toString().endsWith(".mp4"))).hasSize(2);
        }
    }

    @Test
    void theZoomMovesThePicture(@TempDir Path cache) throws Exception {
        RenderedClip clip = new ClipRenderer(cache).render(TestImages.jpeg(400, 300), new ClipSpec(240, 10, 1.0, false));
        try (var g = new org.bytedeco.javacv.FFmpegFrameGrabber(clip.file().toFile());
             var conv = new org.bytedeco.javacv.Java2DFrameConverter()) {
            g.start();
            var first = copy(conv.convert(g.grabImage()));
            org.bytedeco.javacv.Frame f;
            java.awt.image.BufferedImage last = first;
            while ((f = g.grabImage()) != null) {
                last = copy(conv.convert(f));
            }
            g.stop();
            // a pixel near the edge changes as the picture is zoomed in
            int changed = 0;
            for (int x = 0; x < first.getWidth(); x += 8) {
                if (Math.abs((first.getRGB(x, 40) & 0xff) - (last.getRGB(x, 40) & 0xff)) > 6) {
                    changed++;
                }
            }
            assertThat(changed).isPositive();
        }
    }

    @Test
    void anEndImageMakesTheClipMoveFromTheStartImageToTheEndImage(@TempDir Path cache) throws Exception {
        byte[] start = TestImages.jpeg(400, 300);
        byte[] end = TestImages.jpeg(400, 300, java.awt.Color.GREEN.darker(), java.awt.Color.MAGENTA);
        RenderedClip clip = new ClipRenderer(cache).render(start, end, new ClipSpec(240, 12, 1.0, false));

        Frames frames = Frames.of(clip.file());

        assertThat(Frames.difference(frames.first(), start)).isLessThan(8);
        assertThat(Frames.difference(frames.last(), end)).isLessThan(8);
        // and they really are different pictures, so the two checks above mean something
        assertThat(Frames.difference(frames.first(), end)).isGreaterThan(20);
        assertThat(Frames.difference(frames.last(), start)).isGreaterThan(20);
    }

    @Test
    void anExactSizeCropsOrPadsTheImage(@TempDir Path cache) throws Exception {
        ClipRenderer renderer = new ClipRenderer(cache);
        byte[] square = TestImages.jpeg(300, 300);

        RenderedClip cropped = renderer.render(square, ClipSpec.exact(320, 180, 10, 0.3, false));
        RenderedClip padded = renderer.render(square, ClipSpec.exact(320, 180, 10, 0.3, false).padded());

        assertThat(Mp4Probe.of(cropped.file()).width()).isEqualTo(320);
        assertThat(Mp4Probe.of(cropped.file()).height()).isEqualTo(180);
        assertThat(padded.file()).isNotEqualTo(cropped.file());
        // padding leaves black bars at the sides; cropping fills the frame with the picture
        int paddedEdge = Frames.of(padded.file()).first().getRGB(4, 90) & 0xffffff;
        int croppedEdge = Frames.of(cropped.file()).first().getRGB(4, 90) & 0xffffff;
        assertThat(brightness(paddedEdge)).isLessThan(20);
        assertThat(brightness(croppedEdge)).isGreaterThan(20);
    }

    private static int brightness(int rgb) {
        return (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
    }

    private static java.awt.image.BufferedImage copy(java.awt.image.BufferedImage src) {
        var out = new java.awt.image.BufferedImage(src.getWidth(), src.getHeight(),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(src, 0, 0, null);
        return out;
    }
}
