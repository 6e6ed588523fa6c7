package io.storyreel.core.video;

import io.storyreel.core.video.testing.Mp4Checks;
import io.storyreel.core.video.testing.TestClips;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The copy path's sound: the clips' own AAC frames are copied and only the frames around each join are encoded again
 * ({@link AacSplice}). Checked on the decoded film: where each clip's tone starts, and how clean the tone is right
 * up to the joins, where copied and re-encoded frames meet.
 */
class AacSpliceTest {
    private static final int RATE = 48000;
    /** The splice's own bound (half an AAC frame, 10.7 ms) plus the 5 ms resolution of {@link Mp4Checks#joinDrifts}. */
    private static final double SPLICE_DRIFT = 0.016;

    @TempDir
    Path dir;

    @Test
    void sameParameterClipsKeepTheirOwnSoundFramesAndStayInSync() throws Exception {
        // 2 s at 24 fps: the joins (96000 and 192000 samples) are not on the 1024-sample AAC grid
        List<Path> clips = TestClips.uniform(dir, 3, 320, 240, 24, 2.0);
        Path film = dir.resolve("film.mp4");
        MergeResult r = new JavacvMerger().merge(clips, MergeOptions.defaults(), film);

        assertThat(r.path()).isEqualTo("copy");
        List<ByteBuffer> out = audioPackets(film);
        Set<ByteBuffer> source = new HashSet<>();
        for (Path c : clips) {
            source.addAll(audioPackets(c));
        }
        long copied = out.stream().filter(source::contains).count();
        assertThat(copied).as("%d of %d frames copied from the clips", copied, out.size())
                .isGreaterThan(out.size() * 85L / 100);

        Mp4Checks.Report rep = Mp4Checks.inspect(film);
        assertThat(rep.videoSeconds()).isCloseTo(6.0, within(0.05));
        assertThat(rep.audioSeconds()).isCloseTo(rep.videoSeconds(), within(0.025));
        assertThat(rep.monotonicDts()).isTrue();
        assertThat(Mp4Checks.moovBeforeMdat(film)).isTrue();
        double[] drifts = Mp4Checks.joinDrifts(film, new double[]{2.0, 4.0},
                new double[]{TestClips.toneOf(0), TestClips.toneOf(1), TestClips.toneOf(2)});
        assertThat(Arrays.stream(drifts).map(Math::abs).max().orElseThrow())
                .as("join drifts %s", Arrays.toString(drifts)).isLessThanOrEqualTo(SPLICE_DRIFT);

        float[] pcm = Mp4Checks.decodeAudio(film);
        for (int k = 0; k < 3; k++) {
            // from 30 ms after the join (where the new tone's attack is) to 30 ms before the next one
            double[] snr = snrProfile(pcm, 2.0 * k + 0.03, 2.0 * k + 1.97, TestClips.toneOf(k));
            double worst = Arrays.stream(snr).min().orElseThrow();
            // right up to the picture's end: the encoder sees the cut coming and switches to short windows there;
            // seamed onto a copied long window, their overlap would not cancel (about 11 dB measured without the check)
            double tail = Arrays.stream(snrProfile(pcm, 2.0 * k + 1.9, 2.0 * k + 1.995, TestClips.toneOf(k)))
                    .min().orElseThrow();
            assertThat(tail).as("clip %d: worst tone-to-noise ratio in its last 100 ms, in dB", k).isGreaterThan(20);
            double median = median(snr);
            // a seam whose overlap did not cancel leaves an aliased copy of the tone: well under 20 dB
            assertThat(worst).as("clip %d: worst tone-to-noise ratio in dB", k).isGreaterThan(30);
            // the copied frames are the clip's own: inside the clip the film sounds as clean as the clip itself
            double own = median(snrProfile(Mp4Checks.decodeAudio(clips.get(k)), 0.03, 1.97, TestClips.toneOf(k)));
            assertThat(median).as("clip %d: median tone-to-noise ratio in dB (the clip's own: %.1f)", k, own)
                    .isGreaterThan(own - 1);
        }
    }

    @Test
    void aSilentClipAndASoundTrackShorterThanItsPictureAreFilledWithSilence() throws Exception {
        List<Path> clips = List.of(
                TestClips.write(dir, "a.mp4", SyntheticClip.of(320, 240, 25, 1.6).withTone(TestClips.toneOf(0))),
                TestClips.write(dir, "b.mp4", SyntheticClip.of(320, 240, 25, 1.6).withoutAudio()),
                // its sound stops 0.6 s before its picture does
                TestClips.write(dir, "c.mp4", SyntheticClip.of(320, 240, 25, 1.6).withAudio(48000, 2, 1.0)
                        .withTone(TestClips.toneOf(2))),
                TestClips.write(dir, "d.mp4", SyntheticClip.of(320, 240, 25, 1.6).withTone(TestClips.toneOf(3))));
        Path film = dir.resolve("film.mp4");
        MergeResult r = new JavacvMerger().merge(clips, MergeOptions.defaults(), film);

        assertThat(r.path()).isEqualTo("copy");
        Set<ByteBuffer> source = new HashSet<>();
        for (Path c : clips) {
            source.addAll(audioPackets(c));
        }
        assertThat(audioPackets(film).stream().filter(source::contains).count()).isGreaterThan(60);
        Mp4Checks.Report rep = Mp4Checks.inspect(film);
        assertThat(rep.audioSeconds()).isCloseTo(rep.videoSeconds(), within(0.025));
        double[] drifts = Mp4Checks.joinDrifts(film, new double[]{1.6, 3.2, 4.8},
                new double[]{TestClips.toneOf(0), 0, TestClips.toneOf(2), TestClips.toneOf(3)});
        assertThat(Arrays.stream(drifts).map(Math::abs).max().orElseThrow())
                .as("join drifts %s", Arrays.toString(drifts)).isLessThanOrEqualTo(SPLICE_DRIFT);
        float[] pcm = Mp4Checks.decodeAudio(film);
        assertThat(peak(pcm, 1.65, 3.15)).as("the silent clip").isLessThan(0.001f);
        assertThat(peak(pcm, 4.25, 4.75)).as("after the third clip's sound ends").isLessThan(0.001f);
        assertThat(peak(pcm, 3.3, 4.1)).as("the third clip's tone").isGreaterThan(0.2f);
    }

    @Test
    void soundThatCannotBeSplicedIsEncodedWholeAndStillInSync() throws Exception {
        // same picture parameters (the copy path), but one clip's sound is 44.1 kHz mono: nothing to copy it onto
        List<Path> clips = List.of(
                TestClips.write(dir, "a.mp4", SyntheticClip.of(320, 240, 24, 1.5).withTone(TestClips.toneOf(0))),
                TestClips.write(dir, "b.mp4", SyntheticClip.of(320, 240, 24, 1.5).withAudio(44100, 1, 1.52)
                        .withTone(TestClips.toneOf(1))));
        Path film = dir.resolve("film.mp4");
        MergeResult r = new JavacvMerger().merge(clips, MergeOptions.defaults(), film);

        assertThat(r.path()).isEqualTo("copy");
        Set<ByteBuffer> source = new HashSet<>(audioPackets(clips.get(0)));
        assertThat(audioPackets(film).stream().filter(source::contains).count()).isLessThan(5);
        double[] drifts = Mp4Checks.joinDrifts(film, new double[]{1.5},
                new double[]{TestClips.toneOf(0), TestClips.toneOf(1)});
        assertThat(Math.abs(drifts[0])).isLessThanOrEqualTo(0.006);
    }

    @Test
    void readsTheWindowOfARawAacFrame() {
        // CPE (001), tag 0000, common_window 1 | reserved 0, EIGHT_SHORT (10), KBD (1)
        assertThat(AacSplice.windowOf(new byte[]{0x21, 0x50})).isEqualTo(2 << 1 | 1);
        // ONLY_LONG, sine
        assertThat(AacSplice.windowOf(new byte[]{0x21, 0x00})).isEqualTo(0);
        // no common window: the first channel's window is further on, not read
        assertThat(AacSplice.windowOf(new byte[]{0x20, 0x50})).isEqualTo(-1);
        // a single channel element
        assertThat(AacSplice.windowOf(new byte[]{0x01, 0x50})).isEqualTo(-1);
        assertThat(AacSplice.windowOf(new byte[]{0x21})).isEqualTo(-1);
    }

    private static float peak(float[] pcm, double from, double to) {
        float p = 0;
        for (int i = (int) (from * RATE); i < (int) (to * RATE); i++) {
            p = Math.max(p, Math.abs(pcm[i]));
        }
        return p;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Tone-to-residual ratio in 256-sample windows (every 128) over {@code [from, to)} seconds. */
    private static double[] snrProfile(float[] pcm, double from, double to, double hz) {
        List<Double> out = new ArrayList<>();
        for (int s = (int) (from * RATE); s + 256 <= (int) (to * RATE); s += 128) {
            out.add(snr(pcm, s, 256, hz));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Signal-to-residual ratio (dB) after a least-squares fit of a sine at {@code hz}, any phase, to the window. */
    private static double snr(float[] pcm, int from, int n, double hz) {
        double ss = 0;
        double sc = 0;
        double cc = 0;
        double ys = 0;
        double yc = 0;
        for (int i = from; i < from + n; i++) {
            double w = 2 * Math.PI * hz * i / RATE;
            double s = Math.sin(w);
            double c = Math.cos(w);
            ss += s * s;
            sc += s * c;
            cc += c * c;
            ys += pcm[i] * s;
            yc += pcm[i] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (ys * cc - yc * sc) / det;
        double b = (yc * ss - ys * sc) / det;
        double sig = 0;
        double res = 0;
        for (int i = from; i < from + n; i++) {
            double w = 2 * Math.PI * hz * i / RATE;
            double fit = a * Math.sin(w) + b * Math.cos(w);
            sig += fit * fit;
            res += (pcm[i] - fit) * (pcm[i] - fit);
        }
        return 10 * Math.log10(sig / Math.max(res, 1e-20));
    }

    private static List<ByteBuffer> audioPackets(Path file) throws Exception {
        List<ByteBuffer> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            AVPacket p;
            while ((p = g.grabPacket()) != null) {
                if (g.getFormatContext().streams(p.stream_index()).codecpar().codec_type()
                        == avutil.AVMEDIA_TYPE_AUDIO) {
                    byte[] b = new byte[p.size()];
                    p.data().get(b);
                    out.add(ByteBuffer.wrap(b));
                }
                avcodec.av_packet_unref(p);
            }
        }
        return out;
    }
}
