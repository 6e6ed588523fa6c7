package io.storyreel.core.video;

import io.storyreel.core.video.testing.Mp4Checks;
import io.storyreel.core.video.testing.TestClips;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class JavacvMergerTest {
    private static final double TOL = 0.1;
    private static final double MAX_DRIFT = 0.040;

    @TempDir
    static Path clipsDir;
    static List<Path> uniform;
    static List<Path> mixed;

    @TempDir
    Path out;

    private final JavacvMerger merger = new JavacvMerger();

    @BeforeAll
    static void clips() throws Exception {
        uniform = new ArrayList<>(TestClips.uniform(clipsDir, 3, 320, 240, 24, 1.5));
        // the middle clip without sound: same video parameters, so still the copy path, with silence in its place
        uniform.set(1, TestClips.write(clipsDir, "u1-silent.mp4",
                SyntheticClip.of(320, 240, 24, 1.5).withoutAudio()));
        mixed = TestClips.mixed(clipsDir, 1.0);
    }

    @Test
    void sameParameterClipsTakeTheCopyPathAndStayInSync() throws Exception {
        Path film = out.resolve("film.mp4");
        MergeResult r = merger.merge(uniform, MergeOptions.defaults(), film);

        assertThat(r.path()).isEqualTo("copy");
        Mp4Checks.Report rep = Mp4Checks.inspect(film);
        assertThat(rep.frames()).isEqualTo(3 * 36);
        assertThat(rep.videoSeconds()).isCloseTo(4.5, within(TOL));
        assertThat(r.durationSeconds()).isCloseTo(4.5, within(TOL));
        assertThat(rep.videoCodec()).isEqualTo("h264");
        assertThat(rep.monotonicDts()).isTrue();
        assertThat(rep.audioSeconds()).isCloseTo(rep.videoSeconds(), within(MAX_DRIFT));
        assertThat(Mp4Checks.moovBeforeMdat(film)).isTrue();
        double[] drifts = Mp4Checks.joinDrifts(film, new double[]{1.5, 3.0},
                new double[]{TestClips.toneOf(0), 0, TestClips.toneOf(2)});
        assertThat(java.util.Arrays.stream(drifts).map(Math::abs).max().orElseThrow()).as("worst join drift %s", java.util.Arrays.toString(drifts)).isLessThanOrEqualTo(MAX_DRIFT);
        assertThat(Files.list(out).map(p -> p.getFileName().toString())).containsExactly("film.mp4");
    }

    @Test
    void silentClipsAreCopiedWithASilentSoundTrackOfTheirLength() throws Exception {
        // what Kling and MiniMax deliver: no sound at all; the film still gets a (silent) AAC track
        List<Path> silent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            silent.add(TestClips.write(clipsDir, "s" + i + ".mp4", SyntheticClip.of(320, 240, 24, 1.25).withoutAudio()));
        }
        Path film = out.resolve("silent.mp4");
        MergeResult r = merger.merge(silent, MergeOptions.defaults(), film);

        assertThat(r.path()).isEqualTo("copy");
        Mp4Checks.Report rep = Mp4Checks.inspect(film);
        assertThat(rep.frames()).isEqualTo(3 * 30);
        assertThat(rep.videoSeconds()).isCloseTo(3.75, within(TOL));
        assertThat(rep.monotonicDts()).isTrue();
        assertThat(rep.hasAudio()).isTrue();
        assertThat(rep.audioSeconds()).isCloseTo(rep.videoSeconds(), within(MAX_DRIFT));
        assertThat(Mp4Checks.moovBeforeMdat(film)).isTrue();
        float[] pcm = Mp4Checks.decodeAudio(film);
        float loudest = 0;
        for (float v : pcm) {
            loudest = Math.max(loudest, Math.abs(v));
        }
        assertThat(loudest).as("the track is digital silence").isEqualTo(0f);
    }

    @Test
    void mixedClipsAreNormalisedOntoOneCanvas() throws Exception {
        List<ClipInfo> infos = merger.probe(mixed);
        assertThat(infos.get(3).rotation()).isEqualTo(90);
        assertThat(infos.get(3).width()).isEqualTo(240); // displayed size after rotation
        assertThat(infos.get(1).hasAudio()).isFalse();

        Path film = out.resolve("mixed.mp4");
        MergeResult r = merger.merge(mixed, MergeOptions.defaults(), film);

        assertThat(r.path()).isEqualTo("normalise");
        Mp4Checks.Report rep = Mp4Checks.inspect(film);
        // two of four clips show as 240x320 portrait: the majority decides the canvas; the fps is the highest (30)
        assertThat(rep.width()).isEqualTo(240);
        assertThat(rep.height()).isEqualTo(320);
        assertThat(rep.fps()).isCloseTo(30, within(0.01));
        assertThat(rep.pixelFormat()).isEqualTo("yuv420p");
        assertThat(rep.profile()).isEqualTo("High");
        assertThat(rep.frames()).isBetween(4L * 30 - 4, 4L * 30 + 4);
        assertThat(rep.videoSeconds()).isCloseTo(4.0, within(TOL));
        assertThat(rep.monotonicDts()).isTrue();
        assertThat(rep.audioSeconds()).isCloseTo(rep.videoSeconds(), within(MAX_DRIFT));
        assertThat(Mp4Checks.moovBeforeMdat(film)).isTrue();
        double[] drifts = Mp4Checks.joinDrifts(film, new double[]{1.0, 2.0, 3.0},
                new double[]{TestClips.toneOf(0), 0, TestClips.toneOf(2), TestClips.toneOf(3)});
        assertThat(java.util.Arrays.stream(drifts).map(Math::abs).max().orElseThrow()).as("worst join drift %s", java.util.Arrays.toString(drifts)).isLessThanOrEqualTo(MAX_DRIFT);
        // the 640x360 landscape clip is letterboxed, not stretched: black above it on the portrait canvas
        assertThat(Mp4Checks.lumaAt(film, 1.5, 110, 4, 8)).isLessThan(24);
        assertThat(Mp4Checks.lumaAt(film, 1.5, 110, 150, 8)).isGreaterThan(30);
    }
}
