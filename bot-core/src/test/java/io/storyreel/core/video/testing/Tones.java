package io.storyreel.core.video.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sound made and measured in tests: a WAV file holding a sine tone (the music a user might send), and a tone's
 * amplitude in a stretch of decoded sound (Goertzel), so one sound can be measured under another.
 */
public final class Tones {
    public static final int RATE = 48000;

    private Tones() {
    }

    /** A 16-bit stereo 48 kHz WAV of {@code seconds} of a {@code hz} sine at {@code amplitude} (full scale 1). */
    public static Path writeWav(Path file, double seconds, double hz, double amplitude) throws IOException {
        int frames = (int) Math.round(seconds * RATE);
        ByteBuffer b = ByteBuffer.allocate(44 + frames * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + frames * 4).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2).putInt(RATE).putInt(RATE * 4)
                .putShort((short) 4).putShort((short) 16);
        b.put("data".getBytes()).putInt(frames * 4);
        for (int i = 0; i < frames; i++) {
            short v = (short) Math.round(Math.sin(2 * Math.PI * hz * i / RATE) * amplitude * 32767);
            b.putShort(v).putShort(v);
        }
        Files.write(file, b.array());
        return file;
    }

    /** The amplitude of the {@code hz} component of mono {@code pcm} over [fromSeconds, toSeconds). */
    public static double amplitude(float[] pcm, double fromSeconds, double toSeconds, double hz) {
        int from = (int) Math.round(fromSeconds * RATE);
        int to = Math.min(pcm.length, (int) Math.round(toSeconds * RATE));
        int n = to - from;
        double w = 2 * Math.PI * hz / RATE;
        double coeff = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s0 = pcm[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return 2 * Math.sqrt(Math.max(0, power)) / Math.max(1, n);
    }

    /** RMS of mono {@code pcm} over [fromSeconds, toSeconds). */
    public static double rms(float[] pcm, double fromSeconds, double toSeconds) {
        int from = (int) Math.round(fromSeconds * RATE);
        int to = Math.min(pcm.length, (int) Math.round(toSeconds * RATE));
        double s = 0;
        for (int i = from; i < to; i++) {
            s += pcm[i] * pcm[i];
        }
        return Math.sqrt(s / Math.max(1, to - from));
    }
}
