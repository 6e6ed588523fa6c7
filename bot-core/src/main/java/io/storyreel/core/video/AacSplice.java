package io.storyreel.core.video;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.FloatPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The copy path's AAC track made by splicing: each clip's own AAC frames are copied where they lie wholly inside its
 * picture, and only the few frames around each join (and the clip's cut-off tail) are decoded and encoded again.
 * Encoding the whole track cost about 0.3 s per 30 s of film, five times the packet copy itself; the splice costs a
 * few dozen frames, and the sound inside each clip keeps its original quality instead of losing a generation.
 *
 * <p>How it stays correct. An AAC frame at output time {@code T} is the MDCT of the signal on {@code [T, T+2048)};
 * the decoder overlaps each frame's first half with the previous frame's second half. Output frames sit on a fixed
 * 1024-sample grid, so a clip's frames can land on it only whole: each clip's sound is placed at the grid position
 * nearest to its picture's start, at most 512 samples (10.7 ms, a quarter of a frame at 24 fps) away, and never
 * further however many clips there are (the drift of a plain AAC copy, spec P12, grows at every join). The signal
 * around a join is then exactly what those frames carry, and the re-encoded frames are made from it by a fresh encoder
 * started two frames early, so its frames line up with the copied ones and their overlaps cancel. A seam is only made
 * between long windows of the same shape; where the copied frames have short windows (a transient), the re-encoded
 * stretch grows until it reaches a frame where they are long. A clip's sound that cannot be spliced (not 48 kHz stereo
 * AAC-LC with the same AudioSpecificConfig, or off a 1024-sample grid) makes {@link #plan} give up, and the caller
 * encodes the whole track as before.
 */
final class AacSplice {
    private static final Logger log = LoggerFactory.getLogger(AacSplice.class);
    static final int FRAME = 1024;
    private static final int WINDOW = 2 * FRAME;
    private static final int PREROLL = 4;
    private static final int MIN_COPY_RUN = PREROLL + 4;
    private static final int MAX_ROUNDS = 64;

    private static final int ONLY_LONG = 0;
    private static final int LONG_START = 1;
    private static final int LONG_STOP = 3;

    private static final int ENCODE = -1;
    private static final int SILENT = -2;

    /** One packet of the film's audio track, time base 1/48000. */
    record Packet(byte[] data, long pts, long duration) {
    }

    /** What the splice made: the packets, and how many of them were copied, silent or encoded. */
    record Plan(List<Packet> packets, int copied, int silent, int encoded) {
    }

    private AacSplice() {
    }

    /**
     * Whether a clip's audio stream can be spliced into a track made by {@code ours}: the same codec configuration
     * (AudioSpecificConfig), 48 kHz, two channels.
     */
    static boolean compatible(AVCodecParameters clip, AVCodecParameters ours) {
        if (clip.codec_id() != avcodec.AV_CODEC_ID_AAC || clip.sample_rate() != ClipAudio.RATE
                || clip.ch_layout().nb_channels() != 2 || clip.extradata_size() != ours.extradata_size()
                || clip.extradata_size() <= 0) {
            return false;
        }
        byte[] a = new byte[clip.extradata_size()];
        byte[] b = new byte[ours.extradata_size()];
        clip.extradata().get(a);
        ours.extradata().get(b);
        return Arrays.equals(a, b);
    }

    /**
     * A clip's sound as its AAC frames, in clip time (samples from the picture's start), with a decoder to turn any
     * stretch of them back into sound.
     */
    static final class ClipSound implements AutoCloseable {
        private final String name;
        private final long[] pts;
        private final byte[][] data;
        private final long realStart;
        private final long realEnd;
        private final AVCodecContext dec;
        private final AVPacket pkt = avcodec.av_packet_alloc();
        private final AVFrame frame = avutil.av_frame_alloc();

        private ClipSound(String name, long[] pts, byte[][] data, long realEnd, AVCodecParameters par) {
            this.name = name;
            this.pts = pts;
            this.data = data;
            // the first frame only primes the decoder (its half of the overlap before the sound starts)
            this.realStart = Math.max(0, pts[0] + FRAME);
            this.realEnd = realEnd;
            AVCodec codec = avcodec.avcodec_find_decoder(avcodec.AV_CODEC_ID_AAC);
            dec = avcodec.avcodec_alloc_context3(codec);
            if (avcodec.avcodec_parameters_to_context(dec, par) < 0
                    || avcodec.avcodec_open2(dec, codec, (AVDictionary) null) < 0) {
                close();
                throw new VideoException("Clip " + name + ": its sound could not be read.");
            }
            dec.pkt_timebase(avutil.av_make_q(1, ClipAudio.RATE));
        }

        /**
         * Reads the audio packets of stream {@code audio} (the other streams are discarded by the demuxer). Returns
         * null when they are not on one gapless 1024-sample grid, or are too few to be worth splicing.
         *
         * @param pictureStart the picture's first timestamp, in samples of the audio clock
         */
        static ClipSound read(String name, AVFormatContext ctx, int audio, long pictureStart) {
            for (int i = 0; i < ctx.nb_streams(); i++) {
                ctx.streams(i).discard(i == audio ? avcodec.AVDISCARD_DEFAULT : avcodec.AVDISCARD_ALL);
            }
            AVStream st = ctx.streams(audio);
            AVRational tb = st.time_base();
            AVRational samples = avutil.av_make_q(1, ClipAudio.RATE);
            List<Long> times = new ArrayList<>();
            List<byte[]> bytes = new ArrayList<>();
            long end = Long.MIN_VALUE;
            AVPacket p = avcodec.av_packet_alloc();
            try {
                while (true) {
                    int ret = avformat.av_read_frame(ctx, p);
                    if (ret < 0) {
                        if (ret != avutil.AVERROR_EOF) {
                            return null; // unreadable: let the full decode path deal with it
                        }
                        break;
                    }
                    if (p.stream_index() == audio && p.size() > 0) {
                        if (p.pts() == avutil.AV_NOPTS_VALUE) {
                            return null;
                        }
                        long t = avutil.av_rescale_q(p.pts(), tb, samples) - pictureStart;
                        long d = avutil.av_rescale_q(p.duration(), tb, samples);
                        if (!times.isEmpty() && t != times.get(times.size() - 1) + FRAME) {
                            return null; // a gap or an overlap: not a single gapless stream of frames
                        }
                        byte[] b = new byte[p.size()];
                        p.data().get(b);
                        times.add(t);
                        bytes.add(b);
                        end = t + (d > 0 ? Math.min(d, FRAME) : FRAME);
                    }
                    avcodec.av_packet_unref(p);
                }
            } finally {
                avcodec.av_packet_free(p);
            }
            if (times.size() < 4) {
                return null;
            }
            long[] pts = times.stream().mapToLong(Long::longValue).toArray();
            return new ClipSound(name, pts, bytes.toArray(new byte[0][]), end, st.codecpar());
        }

        private long grid() {
            return Math.floorMod(pts[0], FRAME);
        }

        /** Index of the frame at clip time {@code t} (on this clip's grid), or -1. */
        private int indexAt(long t) {
            long d = t - pts[0];
            if (d < 0 || d % FRAME != 0 || d / FRAME >= pts.length) {
                return -1;
            }
            return (int) (d / FRAME);
        }

        /** Adds this clip's decoded sound for clip times {@code [t0, t1)} into {@code dst} (interleaved stereo). */
        void decodeInto(long t0, long t1, float[] dst, int dstOffset) {
            long from = Math.max(t0, realStart);
            long to = Math.min(t1, realEnd);
            if (from >= to) {
                return;
            }
            // from two frames early: the first decoded frame lacks its overlap and is thrown away
            int i0 = (int) Math.max(0, Math.floorDiv(from - pts[0], FRAME) - 2);
            int i1 = (int) Math.min(pts.length - 1, Math.floorDiv(to - 1 - pts[0], FRAME) + 1);
            avcodec.avcodec_flush_buffers(dec);
            for (int i = i0; i <= i1; i++) {
                SilentAac.fill(pkt, data[i], pts[i], FRAME, 0);
                int sent = avcodec.avcodec_send_packet(dec, pkt);
                avcodec.av_packet_unref(pkt);
                if (sent < 0) {
                    throw new VideoException("Clip " + name + ": its sound could not be decoded.");
                }
                while (avcodec.avcodec_receive_frame(dec, frame) >= 0) {
                    long fp = frame.pts() == avutil.AV_NOPTS_VALUE ? pts[i] : frame.pts();
                    int n = frame.nb_samples();
                    if (i > i0 || i0 == 0) {
                        long a = Math.max(fp, from);
                        long b = Math.min(fp + n, to);
                        if (a < b) {
                            FloatPointer l = new FloatPointer(frame.data(0));
                            FloatPointer r = new FloatPointer(frame.data(1));
                            for (long s = a; s < b; s++) {
                                int o = dstOffset + 2 * (int) (s - t0);
                                dst[o] += l.get(s - fp);
                                dst[o + 1] += r.get(s - fp);
                            }
                        }
                    }
                    avutil.av_frame_unref(frame);
                }
            }
        }

        /** The frame's window: {@code sequence << 1 | shape}, or -1 when its first element is not a common-window pair. */
        int window(int index) {
            return index < 0 || index >= data.length ? -1 : windowOf(data[index]);
        }

        @Override
        public void close() {
            avcodec.av_packet_free(pkt);
            avutil.av_frame_free(frame);
            avcodec.avcodec_free_context(dec);
        }

        @Override
        public String toString() {
            return "sound of " + name;
        }
    }

    /**
     * Reads {@code window_sequence} and {@code window_shape} of a raw AAC frame whose first element is a channel pair
     * with a common window (ISO 14496-3 4.4.2): id_syn_ele (3 bits), element_instance_tag (4), common_window (1), then
     * ics_info: ics_reserved_bit (1), window_sequence (2), window_shape (1).
     */
    static int windowOf(byte[] frame) {
        if (frame.length < 2) {
            return -1;
        }
        int bits = ((frame[0] & 0xff) << 8) | (frame[1] & 0xff);
        int id = bits >>> 13;
        boolean common = ((bits >>> 8) & 1) == 1;
        if (id != 1 || !common) {
            return -1;
        }
        return (bits >>> 4) & 0x7; // bits 9-11: sequence (2) and shape (1)
    }

    private static int sequence(int window) {
        return window >>> 1;
    }

    private static int shape(int window) {
        return window & 1;
    }

    /**
     * Plans the track for clips whose pictures occupy {@code [start[k], end[k])} samples of the film ({@code sounds[k]}
     * null for a clip without sound). Returns null when the seams would not settle or a stretch could not be encoded;
     * the caller then encodes the whole track.
     */
    static Plan plan(List<ClipSound> sounds, long[] start, long[] end, long total, byte[] silentFrame) {
        int clips = sounds.size();
        long[] shift = new long[clips];
        for (int k = 0; k < clips; k++) {
            ClipSound s = sounds.get(k);
            if (s != null) {
                long d = Math.floorMod(-(start[k] + s.grid()), FRAME);
                shift[k] = d > FRAME / 2 ? d - FRAME : d;
            }
        }
        int n = (int) ((total + FRAME - 1) / FRAME + 1);
        int[] source = new int[n];
        int[] index = new int[n];
        int k = 0;
        for (int c = 0; c < n; c++) {
            long t = (c - 1L) * FRAME;
            source[c] = ENCODE;
            while (k < clips && end[k] <= t) {
                k++;
            }
            if (k >= clips || t < start[k] || t + WINDOW > end[k]) {
                continue;
            }
            ClipSound s = sounds.get(k);
            if (s == null) {
                source[c] = SILENT;
                continue;
            }
            long ct = t - start[k] - shift[k];
            int i = s.indexAt(ct);
            if (i >= 0 && ct >= s.realStart && ct + WINDOW <= s.realEnd) {
                source[c] = k;
                index[c] = i;
            }
        }
        try {
            return new Track(sounds, start, end, shift, total, source, index, silentFrame).settle();
        } catch (VideoException e) {
            log.warn("The sound could not be spliced ({}); encoding all of it instead", e.getMessage());
            return null;
        }
    }

    /** The plan being settled: which frame comes from where, and the encoded stretches made so far. */
    private static final class Track {
        private final List<ClipSound> sounds;
        private final long[] start;
        private final long[] end;
        private final long[] shift;
        private final long total;
        private final int[] source;
        private final int[] index;
        private final byte[] silentFrame;
        private final Map<Long, Map<Integer, byte[]>> encoded = new HashMap<>();
        /** Frames whose window reaches past the end of a clip's picture. */
        private final boolean[] nearJoin;
        /** Copied stretches already ended one frame early before a join. */
        private final boolean[] trimmed;

        Track(List<ClipSound> sounds, long[] start, long[] end, long[] shift, long total, int[] source, int[] index,
              byte[] silentFrame) {
            this.sounds = sounds;
            this.start = start;
            this.end = end;
            this.shift = shift;
            this.total = total;
            this.source = source;
            this.index = index;
            this.silentFrame = silentFrame;
            this.nearJoin = new boolean[source.length];
            this.trimmed = new boolean[source.length];
            for (int c = 0; c < source.length; c++) {
                long t = (c - 1L) * FRAME;
                for (int k = 0; k < start.length; k++) {
                    if (t < end[k] && t + WINDOW > end[k]) {
                        nearJoin[c] = true;
                    }
                }
            }
        }

        private boolean copied(int c) {
            return c >= 0 && c < source.length && source[c] >= 0;
        }

        Plan settle() {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                boolean changed = trimToClipSeams();
                changed |= dropShortCopies();
                if (changed) {
                    continue; // the clip's own frames decide these without encoding anything
                }
                List<int[]> runs = encodeRuns();
                for (int[] r : runs) {
                    Map<Integer, byte[]> run = encoded.get(key(r[0], r[1]));
                    if (copied(r[0] - 1) && !leftSeamOk(run, r[0])) {
                        source[r[0] - 1] = ENCODE;
                        changed = true;
                    }
                    if (copied(r[1]) && !rightSeamOk(run, r[1])) {
                        source[r[1]] = ENCODE;
                        changed = true;
                    }
                }
                if (!changed) {
                    return assemble(runs);
                }
            }
            return null;
        }

        /**
         * Shrinks each copied stretch until the clip's own frames allow its seams: where encoding resumes, the copied
         * frame's second half must be a long window; where copying resumes, the copied frame's first half must be one,
         * and the frame before it must be readable (its window shape is what the decoder will assume). One more frame
         * is encoded before a join than strictly needed: there the encoder sees the cut coming and switches to short
         * windows, which would cost another round.
         */
        private boolean trimToClipSeams() {
            boolean changed = false;
            for (int a = 0; a < source.length; ) {
                if (!copied(a)) {
                    a++;
                    continue;
                }
                int b = a;
                while (copied(b)) {
                    b++;
                }
                ClipSound s = sounds.get(source[a]);
                if (a > 0 && source[a - 1] == ENCODE) {
                    int w = s.window(index[a]);
                    if (w < 0 || s.window(index[a] - 1) < 0
                            || (sequence(w) != ONLY_LONG && sequence(w) != LONG_START)) {
                        source[a] = ENCODE;
                        changed = true;
                    }
                }
                if (b < source.length && source[b] == ENCODE && b - 1 > a) {
                    int w = s.window(index[b - 1]);
                    boolean beforeJoin = !trimmed[b - 1] && nearJoin[b];
                    if (beforeJoin || w < 0 || (sequence(w) != ONLY_LONG && sequence(w) != LONG_STOP)) {
                        source[b - 1] = ENCODE;
                        trimmed[b - 2] = true;
                        changed = true;
                    }
                }
                a = b;
            }
            return changed;
        }

        /**
         * A copied stretch shorter than a few frames saves little and adds two seams, and a silent stretch that short
         * between encoded ones is as cheap to encode: encode both.
         */
        private boolean dropShortCopies() {
            boolean changed = false;
            for (int a = 0; a < source.length; ) {
                if (source[a] == ENCODE) {
                    a++;
                    continue;
                }
                int b = a;
                boolean copy = copied(a);
                while (b < source.length && source[b] != ENCODE && copied(b) == copy) {
                    b++;
                }
                if (!copy && (a == 0 || b == source.length || source[a - 1] != ENCODE || source[b] != ENCODE)) {
                    a = b;
                    continue;
                }
                if (b - a < MIN_COPY_RUN) {
                    Arrays.fill(source, a, b, ENCODE);
                    changed = true;
                }
                a = b;
            }
            return changed;
        }

        /** Copied a-1, then encoded a: a's left half was made with the pre-roll frame a-1's window shape. */
        private boolean leftSeamOk(Map<Integer, byte[]> run, int a) {
            int copiedWin = sounds.get(source[a - 1]).window(index[a - 1]);
            int pre = windowOf(run.get(a - 1));
            int first = windowOf(run.get(a));
            return copiedWin >= 0 && pre >= 0 && first >= 0
                    && (sequence(copiedWin) == ONLY_LONG || sequence(copiedWin) == LONG_STOP)
                    && (sequence(first) == ONLY_LONG || sequence(first) == LONG_START)
                    && shape(pre) == shape(copiedWin);
        }

        /** Encoded b-1, then copied b: b's left half was made with the clip's own frame before it. */
        private boolean rightSeamOk(Map<Integer, byte[]> run, int b) {
            ClipSound s = sounds.get(source[b]);
            int copiedWin = s.window(index[b]);
            int before = s.window(index[b] - 1);
            int last = windowOf(run.get(b - 1));
            return copiedWin >= 0 && before >= 0 && last >= 0
                    && (sequence(last) == ONLY_LONG || sequence(last) == LONG_STOP)
                    && (sequence(copiedWin) == ONLY_LONG || sequence(copiedWin) == LONG_START)
                    && shape(last) == shape(before);
        }

        private static long key(int a, int b) {
            return ((long) a << 32) | b;
        }

        /** The maximal stretches of frames to encode, each encoded (once: results are kept by stretch). */
        private List<int[]> encodeRuns() {
            int n = source.length;
            List<int[]> runs = new ArrayList<>();
            List<int[]> missing = new ArrayList<>();
            for (int a = 0; a < n; ) {
                if (source[a] != ENCODE) {
                    a++;
                    continue;
                }
                int b = a;
                while (b < n && source[b] == ENCODE) {
                    b++;
                }
                runs.add(new int[]{a, b});
                if (!encoded.containsKey(key(a, b))) {
                    missing.add(new int[]{a, b});
                }
                a = b;
            }
            if (!missing.isEmpty()) {
                encode(missing);
            }
            return runs;
        }

        /**
         * Encodes the given stretches. For each stretch {@code [a, b)} an encoder is fed the film's sound from
         * {@link #PREROLL} frames before {@code a} (frame {@code a - 1} is kept for the seam check) until it has given
         * frame {@code b - 1}, which it does one input frame later. An encoder is reused from stretch to stretch (a
         * fresh AAC encoder's first frames cost about 3 ms, ten steady frames); the frames made from the jump between
         * stretches are thrown away with the pre-roll. The sound is decoded first, here; the stretches are then
         * encoded in two halves at once, one on a helper thread.
         */
        private void encode(List<int[]> runs) {
            int n = source.length;
            List<Stretch> todo = new ArrayList<>();
            for (int[] r : runs) {
                long s0 = r[0] == 0 ? 0 : Math.max(0, (r[0] - 1L - PREROLL) * FRAME);
                boolean toEnd = r[1] == n;
                long until = toEnd ? total : (r[1] + 2L) * FRAME;
                int frames = (int) ((until - s0 + FRAME - 1) / FRAME);
                float[][] pcm = new float[frames][];
                float[] mix = new float[2 * FRAME];
                for (int i = 0; i < frames; i++) {
                    Arrays.fill(mix, 0f);
                    sound(s0 + (long) i * FRAME, mix);
                    float[] planar = new float[2 * FRAME];
                    for (int j = 0; j < FRAME; j++) {
                        planar[j] = mix[2 * j];
                        planar[FRAME + j] = mix[2 * j + 1];
                    }
                    pcm[i] = planar;
                }
                todo.add(new Stretch(r[0], r[1], s0, toEnd, pcm));
            }
            List<Map<Integer, byte[]>> done;
            if (todo.size() < 2) {
                done = encodeAll(todo);
            } else {
                int half = (todo.size() + 1) / 2;
                Future<List<Map<Integer, byte[]>>> second = HELPER.submit(() -> encodeAll(todo.subList(half,
                        todo.size())));
                done = new ArrayList<>(encodeAll(todo.subList(0, half)));
                try {
                    done.addAll(second.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new VideoException("The merge was interrupted.", e);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof VideoException v ? v
                            : new VideoException("The sound could not be spliced.", e.getCause());
                }
            }
            for (int i = 0; i < todo.size(); i++) {
                Stretch st = todo.get(i);
                Map<Integer, byte[]> out = done.get(i);
                for (int c = st.a; c < st.b; c++) {
                    if (!out.containsKey(c)) {
                        throw new VideoException("The sound could not be spliced: frame " + c + " was not encoded.");
                    }
                }
                encoded.put(key(st.a, st.b), out);
            }
        }

        /** One stretch to encode: output frames {@code [a, b)}, and the film's sound (planar) from sample s0 on. */
        private record Stretch(int a, int b, long s0, boolean toEnd, float[][] pcm) {
        }

        /** Encodes stretches in order with one encoder, a fresh one only where a stretch begins inside the last. */
        private static List<Map<Integer, byte[]>> encodeAll(List<Stretch> stretches) {
            List<Map<Integer, byte[]>> results = new ArrayList<>();
            AVCodecContext enc = SilentAac.openEncoder(CopyPath.AUDIO_BITRATE);
            AVFrame f = SilentAac.newFrame();
            AVPacket p = avcodec.av_packet_alloc();
            Map<Integer, byte[]> got = new HashMap<>();
            try {
                long fed = Long.MIN_VALUE;
                for (Stretch st : stretches) {
                    if (st.s0 <= fed) {
                        avcodec.avcodec_free_context(enc);
                        enc = SilentAac.openEncoder(CopyPath.AUDIO_BITRATE);
                    }
                    got.clear();
                    Map<Integer, byte[]> out = new HashMap<>();
                    int lo = st.a == 0 ? 0 : st.a - 1;
                    for (int i = 0; i < st.pcm.length; i++) {
                        if (!st.toEnd && got.containsKey(st.b - 1)) {
                            break;
                        }
                        if (avutil.av_frame_make_writable(f) < 0) {
                            throw new VideoException("Could not write an audio frame.");
                        }
                        new FloatPointer(f.data(0)).put(st.pcm[i], 0, FRAME);
                        new FloatPointer(f.data(1)).put(st.pcm[i], FRAME, FRAME);
                        fed = st.s0 + (long) i * FRAME;
                        f.pts(fed);
                        drain(enc, f, p, got);
                    }
                    if (st.toEnd) {
                        drain(enc, null, p, got);
                    }
                    for (Map.Entry<Integer, byte[]> e : got.entrySet()) {
                        if (e.getKey() >= lo && e.getKey() < st.b) {
                            out.put(e.getKey(), e.getValue());
                        }
                    }
                    results.add(out);
                }
            } finally {
                avcodec.av_packet_free(p);
                avutil.av_frame_free(f);
                avcodec.avcodec_free_context(enc);
            }
            return results;
        }

        private static final ExecutorService HELPER = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "storyreel-aac-splice");
            t.setDaemon(true);
            return t;
        });

        private static void drain(AVCodecContext enc, AVFrame f, AVPacket p, Map<Integer, byte[]> out) {
            if (avcodec.avcodec_send_frame(enc, f) < 0) {
                throw new VideoException("The sound could not be encoded.");
            }
            while (avcodec.avcodec_receive_packet(enc, p) >= 0) {
                byte[] b = new byte[p.size()];
                p.data().get(b);
                out.put((int) Math.floorDiv(p.pts(), FRAME) + 1, b);
                avcodec.av_packet_unref(p);
            }
        }

        /** The film's sound for {@code [at, at + FRAME)}: each clip's sound where its picture is, moved by its shift. */
        private void sound(long at, float[] pcm) {
            long until = Math.min(at + FRAME, total);
            for (int k = 0; k < sounds.size(); k++) {
                ClipSound s = sounds.get(k);
                long a = Math.max(at, start[k]);
                long b = Math.min(until, end[k]);
                if (s == null || a >= b) {
                    continue;
                }
                long offset = start[k] + shift[k];
                s.decodeInto(a - offset, b - offset, pcm, (int) (2 * (a - at)));
            }
        }

        private Plan assemble(List<int[]> runs) {
            int n = source.length;
            List<Packet> packets = new ArrayList<>(n);
            int copied = 0;
            int silent = 0;
            int enc = 0;
            Map<Integer, byte[]> runOf = new HashMap<>();
            for (int[] r : runs) {
                runOf.putAll(encoded.get(key(r[0], r[1])));
            }
            for (int c = 0; c < n; c++) {
                byte[] bytes;
                if (source[c] >= 0) {
                    bytes = sounds.get(source[c]).data[index[c]];
                    copied++;
                } else if (source[c] == SILENT) {
                    bytes = silentFrame;
                    silent++;
                } else {
                    bytes = runOf.get(c);
                    enc++;
                }
                long pts = (c - 1L) * FRAME;
                long duration = Math.min(FRAME, total - pts);
                packets.add(new Packet(bytes, pts, duration));
            }
            return new Plan(packets, copied, silent, enc);
        }
    }
}
