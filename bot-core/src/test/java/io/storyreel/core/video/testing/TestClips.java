package io.storyreel.core.video.testing;

import io.storyreel.core.video.SyntheticClip;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Clips generated inside a test from FFmpeg's lavfi sources ({@code testsrc2} and {@code sine}, run as a libavfilter
 * graph), encoded like provider output. Keep them tiny: 1-2 s, 320x240 or 640x360. Each clip in a set gets its own
 * tone so {@link Mp4Checks#joinDrifts} can find where its sound starts.
 */
public final class TestClips {
    private TestClips() {
    }

    /** Tone of the clip at {@code index} in a set: 300, 550, 800, ... Hz. */
    public static double toneOf(int index) {
        return 300 + 250 * index;
    }

    public static Path write(Path dir, String name, SyntheticClip spec) {
        return spec.fromLavfi().writeTo(dir.resolve(name));
    }

    /** {@code n} clips with identical video parameters (the copy path's input), each with its own tone. */
    public static List<Path> uniform(Path dir, int n, int width, int height, double fps, double seconds) {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(write(dir, "u" + i + ".mp4", SyntheticClip.of(width, height, fps, seconds).withTone(toneOf(i))));
        }
        return out;
    }

    /**
     * A mixed set: 320x240@24 with sound; 640x360@30 without sound; 240x320 portrait @25 with 44.1 kHz mono; a
     * 320x240@24 clip with 90 degree rotation metadata (displayed portrait).
     */
    public static List<SyntheticClip> mixedSpecs(double seconds) {
        return List.of(
                SyntheticClip.of(320, 240, 24, seconds).withTone(toneOf(0)),
                SyntheticClip.of(640, 360, 30, seconds).withoutAudio(),
                SyntheticClip.of(240, 320, 25, seconds).withAudio(44100, 1, seconds + 0.02).withTone(toneOf(2)),
                SyntheticClip.of(320, 240, 24, seconds).withTone(toneOf(3)).withRotation(90));
    }

    public static List<Path> mixed(Path dir, double seconds) {
        List<Path> out = new ArrayList<>();
        List<SyntheticClip> specs = mixedSpecs(seconds);
        for (int i = 0; i < specs.size(); i++) {
            out.add(write(dir, "m" + i + ".mp4", specs.get(i)));
        }
        return out;
    }
}
