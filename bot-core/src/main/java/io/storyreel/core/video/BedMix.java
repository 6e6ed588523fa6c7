package io.storyreel.core.video;

/**
 * The sample arithmetic of a music bed, kept apart from any file so it can be checked with tones: the clips' sound
 * (or none) plus the music at its volume, faded out linearly over the film's last seconds and ducked wherever the
 * clips' sound is above {@link #DUCK_THRESHOLD}. The ducking gain follows the clips' sound in 10 ms windows, falling
 * within about {@link #ATTACK_MS} and rising back within about {@link #RELEASE_MS}, interpolated inside each window
 * so the gain never steps audibly. All arrays are 48 kHz interleaved stereo.
 */
final class BedMix {
    static final int WINDOW = ClipAudio.RATE / 100;
    /** RMS of the clips' sound (full scale 1) above which the music ducks: about -40 dBFS. */
    static final double DUCK_THRESHOLD = 0.01;
    static final double ATTACK_MS = 30;
    static final double RELEASE_MS = 300;

    private BedMix() {
    }

    /**
     * The film's track: {@code clip} (null = the clips' sound is off) with {@code music} (null = none) mixed under it.
     * Both hold {@code frames} stereo samples (shorter arrays read as silence past their end).
     */
    static float[] mix(float[] clip, float[] music, int frames, SoundPlan plan) {
        float[] out = new float[2 * frames];
        if (clip != null) {
            System.arraycopy(clip, 0, out, 0, Math.min(clip.length, out.length));
        }
        if (music == null) {
            return out;
        }
        float[] duck = clip == null || plan.duckDb() >= 0 ? null : duckGains(clip, frames, plan.duckDb());
        long fade = Math.round(plan.fadeSeconds() * ClipAudio.RATE);
        long fadeStart = Math.max(0, frames - fade);
        float volume = (float) plan.volume();
        int n = Math.min(frames, music.length / 2);
        for (int i = 0; i < n; i++) {
            float g = volume;
            if (i >= fadeStart && fade > 0) {
                g *= Math.max(0f, (float) (frames - i) / (frames - fadeStart));
            }
            if (duck != null) {
                int w = i / WINDOW;
                float from = w == 0 ? 1f : duck[w - 1];
                g *= from + (duck[w] - from) * ((i % WINDOW) + 1f) / WINDOW;
            }
            out[2 * i] += music[2 * i] * g;
            out[2 * i + 1] += music[2 * i + 1] * g;
        }
        for (int i = 0; i < out.length; i++) {
            float v = out[i];
            out[i] = v > 1f ? 1f : (v < -1f ? -1f : v);
        }
        return out;
    }

    /** One gain per 10 ms window: 1 where the clips are quiet, {@code duckDb} down where they are heard, smoothed. */
    static float[] duckGains(float[] clip, int frames, double duckDb) {
        int windows = (frames + WINDOW - 1) / WINDOW;
        float[] gains = new float[Math.max(1, windows)];
        float low = (float) Math.pow(10, duckDb / 20);
        double attack = 1 - Math.exp(-10 / ATTACK_MS);
        double release = 1 - Math.exp(-10 / RELEASE_MS);
        double g = 1;
        for (int w = 0; w < windows; w++) {
            int a = w * WINDOW;
            int b = Math.min(frames, a + WINDOW);
            double sum = 0;
            for (int i = 2 * a; i < 2 * b && i < clip.length; i++) {
                sum += clip[i] * clip[i];
            }
            double rms = Math.sqrt(sum / Math.max(1, 2 * (b - a)));
            double target = rms > DUCK_THRESHOLD ? low : 1;
            g += (target - g) * (target < g ? attack : release);
            gains[w] = (float) g;
        }
        return gains;
    }
}
