package io.storyreel.core.video;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The music bed's arithmetic on tones made here: volume, fade-out and ducking, sample by sample. */
class BedMixTest {
    static final int RATE = ClipAudio.RATE;

    private static float[] tone(int frames, double hz, double amp, int from, int to) {
        float[] s = new float[2 * frames];
        for (int i = from; i < to; i++) {
            float v = (float) (amp * Math.sin(2 * Math.PI * hz * i / RATE));
            s[2 * i] = v;
            s[2 * i + 1] = v;
        }
        return s;
    }

    private static double peak(float[] s, int from, int to) {
        double p = 0;
        for (int i = from; i < to; i++) {
            p = Math.max(p, Math.abs(s[2 * i]));
        }
        return p;
    }

    @Test
    void volumeAndALinearFadeToSilenceAtTheVeryEnd() {
        int frames = 3 * RATE;
        float[] music = tone(frames, 100, 1.0, 0, frames);
        float[] out = BedMix.mix(null, music, frames, new SoundPlan(false, null, 0.4, 1.0, true, -12));
        assertThat(peak(out, 0, RATE)).isCloseTo(0.4, within(0.01));
        assertThat(peak(out, (int) (2.5 * RATE), (int) (2.6 * RATE))).isCloseTo(0.2, within(0.02));
        assertThat(peak(out, frames - RATE / 100, frames)).isLessThan(0.01);
    }

    @Test
    void theMusicDucksWhileTheClipsSoundAndComesBackAfter() {
        int frames = 4 * RATE;
        float[] clip = tone(frames, 1000, 0.3, RATE, 2 * RATE);
        float[] music = tone(frames, 100, 1.0, 0, frames);
        float[] gains = BedMix.duckGains(clip, frames, -12);
        assertThat(gains[50]).isEqualTo(1f);                             // 0.5 s: the clips are silent
        assertThat(gains[150]).isCloseTo(0.251f, within(0.01f));         // 1.5 s: -12 dB
        assertThat(gains[350]).isGreaterThan(0.95f);                     // 1.5 s after the clip sound ended
        float[] out = BedMix.mix(clip, music, frames, new SoundPlan(true, null, 1.0, 0, true, -12));
        // the clip's own tone passes untouched, the music under it at a quarter
        int at = RATE + RATE / 2 + 120; // a quarter period of 100 Hz in: the music at its peak
        assertThat(music[2 * at]).isCloseTo(1f, within(0.01f));
        assertThat(out[2 * at]).isCloseTo(clip[2 * at] + 0.251f * music[2 * at], within(0.01f));
    }

    @Test
    void noDuckingWhenAskedForNone() {
        int frames = RATE;
        float[] clip = tone(frames, 1000, 0.3, 0, frames);
        float[] music = tone(frames, 100, 0.5, 0, frames);
        float[] out = BedMix.mix(clip, music, frames, new SoundPlan(true, null, 1.0, 0, true, 0));
        for (int i = 0; i < frames; i += 997) {
            assertThat(out[2 * i]).isCloseTo(clip[2 * i] + music[2 * i], within(1e-5f));
        }
    }
}
