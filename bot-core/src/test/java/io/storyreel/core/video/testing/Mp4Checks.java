package io.storyreel.core.video.testing;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Independent checks of a merged MP4: atoms, frame count, timestamps, decoded sound length, sound at each join. */
public final class Mp4Checks {
    private static final int RATE = 48000;

    private Mp4Checks() {
    }

    /**
     * What a film contains.
     *
     * @param videoSeconds   from first pts to last pts + duration
     * @param monotonicDts   DTS strictly increasing in every stream
     * @param audioSeconds   decoded sound length (0 when there is no audio stream)
     */
    public record Report(String videoCodec, String pixelFormat, String profile, int width, int height, double fps,
                         long frames, double videoSeconds, boolean monotonicDts, boolean hasAudio,
                         double audioSeconds) {
    }

    /** Top-level box types in file order, e.g. [ftyp, moov, mdat]. */
    public static List<String> topLevelAtoms(Path file) throws IOException {
        List<String> atoms = new ArrayList<>();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long pos = 0;
            long len = f.length();
            byte[] type = new byte[4];
            while (pos + 8 <= len) {
                f.seek(pos);
                long size = f.readInt() & 0xffffffffL;
                f.readFully(type);
                if (size == 1) {
                    size = f.readLong();
                } else if (size == 0) {
                    size = len - pos;
                }
                atoms.add(new String(type, java.nio.charset.StandardCharsets.ISO_8859_1));
                if (size < 8) {
                    break;
                }
                pos += size;
            }
        }
        return atoms;
    }

    public static boolean moovBeforeMdat(Path file) throws IOException {
        List<String> atoms = topLevelAtoms(file);
        int moov = atoms.indexOf("moov");
        int mdat = atoms.indexOf("mdat");
        return moov >= 0 && mdat >= 0 && moov < mdat;
    }

    public static Report inspect(Path file) throws Exception {
        long frames = 0;
        long minPts = Long.MAX_VALUE;
        long maxEnd = Long.MIN_VALUE;
        boolean monotonic = true;
        Map<Integer, Long> lastDts = new HashMap<>();
        String codec;
        String pix;
        String profile;
        int w;
        int h;
        double fps;
        boolean hasAudio;
        double tb;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            AVFormatContext ctx = g.getFormatContext();
            int v = -1;
            int a = -1;
            for (int i = 0; i < ctx.nb_streams(); i++) {
                int type = ctx.streams(i).codecpar().codec_type();
                if (type == avutil.AVMEDIA_TYPE_VIDEO && v < 0) {
                    v = i;
                } else if (type == avutil.AVMEDIA_TYPE_AUDIO && a < 0) {
                    a = i;
                }
            }
            var cp = ctx.streams(v).codecpar();
            codec = avcodec.avcodec_get_name(cp.codec_id()).getString();
            pix = avutil.av_get_pix_fmt_name(cp.format()).getString();
            var prof = avcodec.avcodec_profile_name(cp.codec_id(), cp.profile());
            profile = prof == null ? "?" : prof.getString();
            w = cp.width();
            h = cp.height();
            fps = g.getFrameRate();
            hasAudio = a >= 0;
            tb = avutil.av_q2d(ctx.streams(v).time_base());
            AVPacket pkt;
            while ((pkt = g.grabPacket()) != null) {
                int s = pkt.stream_index();
                Long prev = lastDts.get(s);
                if (pkt.dts() != avutil.AV_NOPTS_VALUE) {
                    if (prev != null && pkt.dts() <= prev) {
                        monotonic = false;
                    }
                    lastDts.put(s, pkt.dts());
                }
                if (s == v) {
                    frames++;
                    minPts = Math.min(minPts, pkt.pts());
                    maxEnd = Math.max(maxEnd, pkt.pts() + pkt.duration());
                }
                avcodec.av_packet_unref(pkt);
            }
        }
        double audioSeconds = hasAudio ? decodeAudio(file).length / (double) RATE : 0;
        return new Report(codec, pix, profile, w, h, fps, frames, (maxEnd - minPts) * tb, monotonic, hasAudio,
                audioSeconds);
    }

    /** The whole sound track as 48 kHz mono (left channel). */
    public static float[] decodeAudio(Path file) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setSampleFormat(avutil.AV_SAMPLE_FMT_FLT);
            g.setSampleRate(RATE);
            g.setAudioChannels(2);
            g.start();
            float[] out = new float[RATE * 8];
            int n = 0;
            Frame f;
            while ((f = g.grabSamples()) != null) {
                if (f.samples == null) {
                    continue;
                }
                FloatBuffer b = (FloatBuffer) f.samples[0];
                while (b.remaining() >= 2) {
                    if (n == out.length) {
                        out = java.util.Arrays.copyOf(out, out.length * 2);
                    }
                    out[n++] = b.get();
                    b.get();
                }
            }
            return java.util.Arrays.copyOf(out, n);
        }
    }

    /**
     * For each join, how far (seconds, signed) the change of sound lies from the picture's join. Clip {@code i} is
     * expected to sound at {@code tones[i]} Hz, or to be silent when that is 0. The change is located with 5 ms
     * windows classified by loudness and zero-crossing rate.
     */
    public static double[] joinDrifts(Path file, double[] joinSeconds, double[] tones) throws Exception {
        float[] pcm = decodeAudio(file);
        int win = RATE / 200;
        double[] drifts = new double[joinSeconds.length];
        for (int j = 0; j < joinSeconds.length; j++) {
            double before = tones[j];
            double after = tones[j + 1];
            int from = (int) Math.max(0, (joinSeconds[j] - 0.3) * RATE);
            int to = (int) Math.min(pcm.length - win, (joinSeconds[j] + 0.3) * RATE);
            // the change point: the window boundary that best separates "before"-like from "after"-like windows
            List<Boolean> afterLike = new ArrayList<>();
            List<Integer> starts = new ArrayList<>();
            for (int s = from; s + win <= to; s += win) {
                double rms = 0;
                int zc = 0;
                for (int i = s; i < s + win; i++) {
                    rms += pcm[i] * pcm[i];
                    if (i > s && (pcm[i] >= 0) != (pcm[i - 1] >= 0)) {
                        zc++;
                    }
                }
                rms = Math.sqrt(rms / win);
                double hz = zc / 2.0 / (win / (double) RATE);
                afterLike.add(distance(rms, hz, after) < distance(rms, hz, before));
                starts.add(s);
            }
            int best = bestSplit(afterLike);
            int sample = best < starts.size() ? starts.get(best) : to;
            drifts[j] = sample / (double) RATE - joinSeconds[j];
        }
        return drifts;
    }

    /**
     * Where, within {@code [fromSeconds, toSeconds)}, the tone {@code hzB} becomes louder than {@code hzA}: the 10 ms
     * window boundary that best separates windows where A is louder from windows where B is (Goertzel power of each
     * tone). In a crossfade between two tones this is where their gains are equal, the crossfade's middle; unlike a
     * zero-crossing count, it is not pulled towards the higher tone.
     */
    public static double toneCrossover(float[] pcm, double fromSeconds, double toSeconds, double hzA, double hzB) {
        int win = RATE / 100;
        List<Boolean> bLouder = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        for (int s = (int) (fromSeconds * RATE); s + win <= Math.min(pcm.length, (int) (toSeconds * RATE)); s += win) {
            bLouder.add(goertzel(pcm, s, win, hzB) > goertzel(pcm, s, win, hzA));
            starts.add(s);
        }
        int best = bestSplit(bLouder);
        return (best < starts.size() ? starts.get(best) : (int) (toSeconds * RATE)) / (double) RATE;
    }

    /**
     * The index {@code c} that best separates the windows into "before" ({@code k < c}, expected false) and "after"
     * (expected true): the one with the most windows on their expected side; the first such on a tie.
     */
    private static int bestSplit(List<Boolean> after) {
        int best = 0;
        int bestScore = Integer.MIN_VALUE;
        for (int c = 0; c <= after.size(); c++) {
            int score = 0;
            for (int k = 0; k < after.size(); k++) {
                score += (k < c) != after.get(k) ? 1 : -1;
            }
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }

    private static double goertzel(float[] pcm, int from, int n, double hz) {
        double w = 2 * Math.PI * hz / RATE;
        double coeff = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < from + n; i++) {
            double s0 = pcm[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }

    private static double distance(double rms, double hz, double tone) {
        if (tone <= 0) {
            return rms < 0.02 ? 0 : 10 + rms;
        }
        if (rms < 0.02) {
            return 10;
        }
        return Math.abs(hz - tone) / tone;
    }

    /** Average luma of a small square of the frame shown at {@code seconds}. */
    public static double lumaAt(Path file, double seconds, int x, int y, int size) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_GRAY8);
            g.start();
            Frame f;
            long target = Math.round(seconds * 1_000_000);
            while ((f = g.grabImage()) != null) {
                if (f.timestamp + 1000 >= target) {
                    java.nio.ByteBuffer b = (java.nio.ByteBuffer) f.image[0];
                    double sum = 0;
                    for (int yy = y; yy < y + size; yy++) {
                        for (int xx = x; xx < x + size; xx++) {
                            sum += b.get(yy * f.imageStride + xx) & 0xff;
                        }
                    }
                    return sum / (size * size);
                }
            }
        }
        throw new IllegalArgumentException("no frame at " + seconds + " s");
    }
}
