package io.storyreel.core.video;

import io.storyreel.core.video.testing.Mp4Checks;
import io.storyreel.core.video.testing.TestClips;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Clips normalised one by one as they land (real JavaCV on real MP4s made here): mixed sizes, frame rates, sound and
 * no sound, a rotated clip; afterwards the film is a copy of them, as long as they are together, in sync at every
 * join, and playable while it downloads.
 */
class ClipNormaliserTest {
    private static final double MAX_DRIFT = 0.040;
    private static final double SECONDS = 1.0;
    private static final Canvas CANVAS = Canvas.of(16 / 9.0, 240, 25);

    @TempDir
    static Path clipsDir;
    static List<Path> mixed;

    @TempDir
    Path out;

    private final JavacvMerger merger = new JavacvMerger();

    @BeforeAll
    static void clips() {
        mixed = TestClips.mixed(clipsDir, SECONDS);
    }

    @Test
    void theCanvasIsTheShapeAtTheModelsHeightAndRate() {
        assertThat(Canvas.of(16 / 9.0, 720, 24).key()).isEqualTo("1280x720@24/1");
        assertThat(Canvas.of(9 / 16.0, 720, 30).key()).isEqualTo("720x1280@30/1");
        assertThat(Canvas.of(1, 1080, 60).key()).isEqualTo("1080x1080@30/1");
        assertThat(Canvas.of(4 / 3.0, 1080, 29.97).key()).isEqualTo("1440x1080@30000/1001");
        assertThat(Canvas.of(21 / 9.0, 1080, 25).width()).isEqualTo(1920); // the long side stays within 1920
    }

    @Test
    void mixedClipsNormalisedAsTheyLandMergeByCopyAndStayInSync() throws Exception {
        List<Path> normalised = new ArrayList<>();
        for (int i = 0; i < mixed.size(); i++) {
            Path n = out.resolve("n" + i + ".mp4");
            MergeResult r = merger.normalise(mixed.get(i), CANVAS, n);
            assertThat(r.path()).as("clip %d is not on the canvas yet", i).isEqualTo("normalise");
            assertThat(r.width()).isEqualTo(CANVAS.width());
            assertThat(r.height()).isEqualTo(CANVAS.height());
            Mp4Checks.Report rep = Mp4Checks.inspect(n);
            assertThat(rep.fps()).isCloseTo(25, within(0.01));
            assertThat(rep.hasAudio()).as("every normalised clip has a sound track, silent or not").isTrue();
            assertThat(rep.audioSeconds()).isCloseTo(rep.videoSeconds(), within(MAX_DRIFT));
            normalised.add(n);
        }

        Path film = out.resolve("film.mp4");
        MergeResult r = merger.merge(normalised, MergeOptions.defaults(), film);

        assertThat(r.path()).isEqualTo("copy");
        assertThat(r.encodes()).isZero();
        Mp4Checks.Report rep = Mp4Checks.inspect(film);
        long frames = 0;
        double sum = 0;
        double[] joins = new double[normalised.size() - 1];
        for (int i = 0; i < normalised.size(); i++) {
            Mp4Checks.Report one = Mp4Checks.inspect(normalised.get(i));
            frames += one.frames();
            sum += one.videoSeconds();
            if (i < joins.length) {
                joins[i] = sum;
            }
        }
        assertThat(rep.frames()).isEqualTo(frames).isEqualTo(Math.round(mixed.size() * SECONDS * 25));
        assertThat(rep.videoSeconds()).isCloseTo(sum, within(0.001));
        assertThat(rep.width()).isEqualTo(CANVAS.width());
        assertThat(rep.monotonicDts()).isTrue();
        assertThat(rep.audioSeconds()).isCloseTo(rep.videoSeconds(), within(MAX_DRIFT));
        assertThat(Mp4Checks.moovBeforeMdat(film)).isTrue();
        double[] drifts = Mp4Checks.joinDrifts(film, joins,
                new double[]{TestClips.toneOf(0), 0, TestClips.toneOf(2), TestClips.toneOf(3)});
        assertThat(Arrays.stream(drifts).map(Math::abs).max().orElseThrow())
                .as("worst join drift %s", Arrays.toString(drifts)).isLessThanOrEqualTo(MAX_DRIFT);
    }

    @Test
    void aClipAlreadyOnTheCanvasKeepsItsPictureAndGetsSilence() throws Exception {
        Path once = out.resolve("once.mp4");
        merger.normalise(mixed.get(1), CANVAS, once); // the clip without sound, now on the canvas
        Path silentOnce = out.resolve("silent-once.mp4");
        stripSound(once, silentOnce);

        Path twice = out.resolve("twice.mp4");
        MergeResult r = merger.normalise(silentOnce, CANVAS, twice);

        assertThat(r.path()).isEqualTo("copy");
        assertThat(r.encodes()).isZero();
        assertThat(videoPackets(twice)).isEqualTo(videoPackets(once));
        Mp4Checks.Report rep = Mp4Checks.inspect(twice);
        assertThat(rep.hasAudio()).isTrue();
        assertThat(rep.audioSeconds()).isCloseTo(rep.videoSeconds(), within(MAX_DRIFT));
        assertThat(Files.list(out).map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")))
                .as("no temporary files left").isEmpty();
    }

    @Test
    void aClipForAnotherCanvasIsEncodedAgain() {
        Path once = out.resolve("once.mp4");
        merger.normalise(mixed.get(0), CANVAS, once);
        Canvas portrait = Canvas.of(9 / 16.0, 240, 25);

        MergeResult r = merger.normalise(once, portrait, out.resolve("portrait.mp4"));

        assertThat(r.path()).isEqualTo("normalise");
        assertThat(r.width()).isEqualTo(portrait.width());
        assertThat(r.height()).isEqualTo(portrait.height());
    }

    @Test
    void aCaptionedClipIsEncodedWithItsTextAndStillMergesByCopyWithThePlainOnes() throws Exception {
        assumeTrue(Files.isReadable(JavacvMerger.DEFAULT_FONT), "the captions' font is installed");
        Path plain = out.resolve("plain.mp4");
        merger.normalise(mixed.get(0), CANVAS, plain);
        Path once = out.resolve("once.mp4");
        merger.normalise(mixed.get(1), CANVAS, once); // on the canvas now: a plain one would keep its picture
        Path captioned = out.resolve("captioned.mp4");
        Path titled = out.resolve("titled.mp4");

        MergeResult c = merger.normalise(mixed.get(0), CANVAS, new BurnedText("A fox: \"hello\" 100% [x]", null), captioned);
        MergeResult t = merger.normalise(once, CANVAS, new BurnedText(null, "SUMMER"), titled);

        assertThat(c.path()).isEqualTo("normalise");
        assertThat(t.path()).as("text rules out keeping the picture").isEqualTo("normalise");
        // the caption's box darkens the bottom middle; the title's box the centre during the first second only
        assertThat(Mp4Checks.lumaAt(captioned, 0.5, 210, 200, 6))
                .isNotCloseTo(Mp4Checks.lumaAt(plain, 0.5, 210, 200, 6), within(3.0));
        assertThat(Mp4Checks.lumaAt(titled, 0.4, 210, 117, 6))
                .isNotCloseTo(Mp4Checks.lumaAt(once, 0.4, 210, 117, 6), within(3.0));
        MergeResult film = merger.merge(List.of(captioned, titled, plain), MergeOptions.defaults(), out.resolve("film.mp4"));
        assertThat(film.path()).as("text burned per clip keeps the copy key").isEqualTo("copy");
    }

    @Test
    void theKeyOfBurnedTextNamesTheCanvasAndTheText() {
        assertThat(BurnedText.NONE.keyOn(CANVAS)).isEqualTo(CANVAS.key());
        assertThat(new BurnedText(" ", "").keyOn(CANVAS)).as("blank is none").isEqualTo(CANVAS.key());
        String a = new BurnedText("a cat", null).keyOn(CANVAS);
        assertThat(a).startsWith(CANVAS.key() + "~").hasSize(CANVAS.key().length() + 11);
        assertThat(new BurnedText("a dog", null).keyOn(CANVAS)).isNotEqualTo(a);
        assertThat(new BurnedText(null, "a cat").keyOn(CANVAS)).as("a title is not a caption").isNotEqualTo(a);
        assertThat(new BurnedText("x".repeat(500), "y".repeat(200)).keyOn(Canvas.of(4 / 3.0, 1080, 29.97)))
                .as("fits the canvas column").hasSizeLessThanOrEqualTo(40);
    }

    /** The picture's packets: what a copy keeps byte for byte. */
    private static List<String> videoPackets(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(file.toFile())) {
            g.start();
            org.bytedeco.ffmpeg.avcodec.AVPacket pkt;
            while ((pkt = g.grabPacket()) != null) {
                if (pkt.stream_index() == g.getVideoStream()) {
                    byte[] b = new byte[pkt.size()];
                    pkt.data().get(b);
                    out.add(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b)));
                }
                org.bytedeco.ffmpeg.global.avcodec.av_packet_unref(pkt);
            }
        }
        return out;
    }

    @Test
    void aClipOfTheCanvasSizeAndRateFitsAsItCameAndClipsOfOneEncoderMergeByCopyWithoutAnEncode() throws Exception {
        List<Path> alike = TestClips.uniform(clipsDir, 2, CANVAS.width(), CANVAS.height(), 25, SECONDS);
        assertThat(alike).allMatch(c -> merger.fitsAsItIs(c, CANVAS));
        assertThat(mixed).as("another size, rate or a rotation").noneMatch(c -> merger.fitsAsItIs(c, CANVAS));
        Path otherRate = TestClips.write(clipsDir, "r24.mp4", SyntheticClip.of(CANVAS.width(), CANVAS.height(), 24,
                SECONDS).withoutAudio());
        assertThat(merger.fitsAsItIs(otherRate, CANVAS)).isFalse();
        assertThat(merger.fitsAsItIs(clipsDir.resolve("missing.mp4"), CANVAS)).isFalse();

        MergeResult film = merger.merge(alike, MergeOptions.defaults(), out.resolve("film.mp4"));
        assertThat(film.path()).isEqualTo("copy");
        assertThat(film.durationSeconds()).isCloseTo(2 * SECONDS, within(0.1));
    }

    private static void stripSound(Path in, Path out) throws Exception {
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(in.toFile())) {
            g.start();
            try (org.bytedeco.javacv.FFmpegFrameRecorder rec = new org.bytedeco.javacv.FFmpegFrameRecorder(out.toFile(),
                    g.getImageWidth(), g.getImageHeight(), 0)) {
                rec.setFormat("mp4");
                rec.setOption("movflags", "+faststart");
                rec.start(g.getFormatContext());
                org.bytedeco.ffmpeg.avcodec.AVPacket pkt;
                while ((pkt = g.grabPacket()) != null) {
                    if (pkt.stream_index() == g.getVideoStream()) {
                        rec.recordPacket(pkt);
                    } else {
                        org.bytedeco.ffmpeg.global.avcodec.av_packet_unref(pkt);
                    }
                }
                rec.stop();
            }
        }
    }
}
