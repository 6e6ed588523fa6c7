package io.storyreel.core.video;

import org.bytedeco.javacv.FFmpegFrameRecorder;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The film's one AAC track, written in step with the picture. Each clip's sound is a segment placed at the sample where
 * its picture starts and cut where its picture ends, so sound never drifts from picture at a join (spec P12);
 * overlapping segments (crossfades) are mixed with linear fades, music is added under everything.
 */
final class AudioLane implements AutoCloseable {
    private static final int CHUNK = 4096;

    private final FFmpegFrameRecorder rec;
    private final MusicBed music;
    private final List<Segment> segments = new ArrayList<>();
    private final float[] mix = new float[2 * CHUNK];
    private final float[] tmp = new float[2 * CHUNK];
    // direct: a heap buffer makes recordSamples reuse a stale native pointer (spec P10)
    private final FloatBuffer out = ByteBuffer.allocateDirect(4 * 2 * CHUNK).order(ByteOrder.nativeOrder()).asFloatBuffer();
    private long written;

    AudioLane(FFmpegFrameRecorder rec, MusicBed music) {
        this.rec = rec;
        this.music = music;
    }

    static final class Segment {
        private final SoundSource source;
        private final long start;
        private final long fadeIn;
        private long end = Long.MAX_VALUE;
        private long fadeOut;

        private Segment(SoundSource source, long start, long fadeIn) {
            this.source = source;
            this.start = start;
            this.fadeIn = fadeIn;
        }
    }

    static long samplesAt(double seconds) {
        return Math.round(seconds * ClipAudio.RATE);
    }

    Segment begin(SoundSource source, long start, long fadeIn) {
        Segment s = new Segment(source, start, fadeIn);
        segments.add(s);
        return s;
    }

    void end(Segment s, long end, long fadeOut) {
        s.end = end;
        s.fadeOut = fadeOut;
    }

    long written() {
        return written;
    }

    /** Writes the track up to (not including) global sample {@code target}. */
    void advanceTo(long target) throws Exception {
        while (written < target) {
            int n = (int) Math.min(CHUNK, target - written);
            long a = written;
            long b = a + n;
            java.util.Arrays.fill(mix, 0, 2 * n, 0f);
            for (Segment s : segments) {
                long from = Math.max(a, s.start);
                long to = Math.min(b, s.end);
                if (from >= to) {
                    continue;
                }
                int k = (int) (to - from);
                s.source.read(tmp, 0, k);
                int base = (int) (from - a);
                for (int i = 0; i < k; i++) {
                    long pos = from + i;
                    float gain = 1f;
                    if (s.fadeIn > 0 && pos - s.start < s.fadeIn) {
                        gain *= (pos - s.start + 0.5f) / s.fadeIn;
                    }
                    if (s.fadeOut > 0 && s.end - pos <= s.fadeOut) {
                        gain *= (s.end - pos - 0.5f) / s.fadeOut;
                    }
                    mix[2 * (base + i)] += tmp[2 * i] * gain;
                    mix[2 * (base + i) + 1] += tmp[2 * i + 1] * gain;
                }
            }
            for (Iterator<Segment> it = segments.iterator(); it.hasNext(); ) {
                Segment s = it.next();
                if (s.end <= b) {
                    s.source.close();
                    it.remove();
                }
            }
            if (music != null) {
                music.mixInto(mix, a, n);
            }
            out.clear();
            for (int i = 0; i < 2 * n; i++) {
                float v = mix[i];
                out.put(v > 1f ? 1f : (v < -1f ? -1f : v));
            }
            out.flip();
            rec.recordSamples(ClipAudio.RATE, 2, out);
            written = b;
        }
    }

    /** Flushes the AAC encoder by hand: stop() skips it when the recorder was started with a copy context (spec P4). */
    void flush() throws Exception {
        while (rec.recordSamples(0, 0, (Buffer[]) null)) {
            // drain
        }
    }

    @Override
    public void close() {
        for (Segment s : segments) {
            s.source.close();
        }
        segments.clear();
    }
}
