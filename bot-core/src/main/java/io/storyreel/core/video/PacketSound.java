package io.storyreel.core.video;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.ByteOrder;

/**
 * A clip's sound decoded from the audio packets the copy path already reads for the picture, so each clip is opened
 * once (a second grabber per clip cost a second {@code avformat_find_stream_info}). Packets are pushed in with
 * {@link #feed}; the lane pulls 48 kHz stereo float, never further than {@link #readable()} while the clip is being
 * read. Placement matches {@link ClipAudio}: the first decoded sample sits at its timestamp relative to the picture
 * start (lead silence or a skip), and the sound stops where the picture stops.
 */
final class PacketSound implements SoundSource {
    private final String name;
    private final long startUs;
    private final double tbSeconds;
    private final AVCodecContext dec;
    private final AVFrame frame;
    private SwrContext swr;
    private final AVChannelLayout stereo = new AVChannelLayout();
    private BytePointer outBuf;
    private int outCapacity;
    private final PointerPointer<BytePointer> outPlanes = new PointerPointer<>(1);
    private float[] queue = new float[2 * 8192];
    private int head;
    private int tail;
    private long leadSilence;
    private long toSkip;
    private boolean started;
    private boolean finished;
    private boolean broken;
    private boolean closed;

    /** @param startUs where the picture starts (plus any trim), in the stream's clock, microseconds */
    PacketSound(String name, AVStream stream, long startUs) {
        this.name = name;
        this.startUs = startUs;
        this.tbSeconds = avutil.av_q2d(stream.time_base());
        AVCodec codec = avcodec.avcodec_find_decoder(stream.codecpar().codec_id());
        if (codec == null) {
            throw new VideoException("Clip " + name + ": its sound is in a format we cannot decode.");
        }
        dec = avcodec.avcodec_alloc_context3(codec);
        frame = avutil.av_frame_alloc();
        avutil.av_channel_layout_default(stereo, 2);
        if (avcodec.avcodec_parameters_to_context(dec, stream.codecpar()) < 0
                || avcodec.avcodec_open2(dec, codec, (AVDictionary) null) < 0) {
            close();
            throw new VideoException("Clip " + name + ": its sound could not be read.");
        }
        dec.pkt_timebase(stream.time_base());
    }

    /** Decodes one audio packet of this clip (the caller still owns and unrefs it). */
    void feed(AVPacket pkt) {
        if (broken || finished) {
            return;
        }
        // a damaged packet costs its few milliseconds of sound, not the film
        avcodec.avcodec_send_packet(dec, pkt);
        drain();
    }

    /** The clip's packets are all read: flush decoder and resampler; from now on, silence after what is queued. */
    void finish() {
        if (!finished && !broken) {
            avcodec.avcodec_send_packet(dec, (AVPacket) null);
            drain();
            if (swr != null) {
                convert(null, 0);
            }
        }
        finished = true;
    }

    /** Samples that can be read now without guessing: everything once finished. */
    long readable() {
        return finished ? Long.MAX_VALUE : leadSilence + (tail - head) / 2;
    }

    private void drain() {
        while (avcodec.avcodec_receive_frame(dec, frame) >= 0) {
            if (!started) {
                started = true;
                long ts = frame.best_effort_timestamp();
                if (ts != avutil.AV_NOPTS_VALUE) {
                    long tsUs = Math.round(ts * tbSeconds * 1_000_000);
                    long lead = Math.round((tsUs - startUs) * (double) ClipAudio.RATE / 1_000_000);
                    if (lead > 0) {
                        leadSilence = lead;
                    } else {
                        toSkip = -lead;
                    }
                }
            }
            if (swr == null && !openResampler()) {
                broken = true;
                avutil.av_frame_unref(frame);
                return;
            }
            convert(frame.extended_data(), frame.nb_samples());
            avutil.av_frame_unref(frame);
        }
    }

    private boolean openResampler() {
        SwrContext s = new SwrContext(null); // by pointer-to-pointer: must start NULL so a new context is allocated
        int ret = swresample.swr_alloc_set_opts2(s, stereo, avutil.AV_SAMPLE_FMT_FLT, ClipAudio.RATE,
                frame.ch_layout(), frame.format(), frame.sample_rate(), 0, null);
        swr = ret < 0 || s.isNull() ? null : s;
        if (swr == null || swresample.swr_init(swr) < 0) {
            return false;
        }
        return true;
    }

    private void convert(PointerPointer<?> in, int n) {
        int max = swresample.swr_get_out_samples(swr, n);
        if (max <= 0) {
            return;
        }
        if (outCapacity < max) {
            if (outBuf != null) {
                outBuf.close();
            }
            outCapacity = Math.max(max, 4096);
            outBuf = new BytePointer(8L * outCapacity);
            outPlanes.put(0, outBuf);
        }
        int got = swresample.swr_convert(swr, outPlanes, outCapacity, in, n);
        if (got <= 0) {
            return;
        }
        int floats = 2 * got;
        int skip = (int) Math.min(toSkip, got);
        toSkip -= skip;
        ensureRoom(floats);
        outBuf.position(0).limit(8L * got);
        outBuf.asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer()
                .position(2 * skip).get(queue, tail, floats - 2 * skip);
        tail += floats - 2 * skip;
    }

    private void ensureRoom(int floats) {
        if (queue.length - tail >= floats) {
            return;
        }
        int live = tail - head;
        if (queue.length - live < floats) {
            float[] bigger = new float[Math.max(2 * queue.length, live + floats)];
            System.arraycopy(queue, head, bigger, 0, live);
            queue = bigger;
        } else {
            System.arraycopy(queue, head, queue, 0, live);
        }
        head = 0;
        tail = live;
    }

    @Override
    public int readSome(float[] dst, int off, int n) {
        int i = 0;
        if (leadSilence > 0) {
            int k = (int) Math.min(leadSilence, n);
            java.util.Arrays.fill(dst, off, off + 2 * k, 0f);
            leadSilence -= k;
            i = k;
        }
        int k = Math.min((tail - head) / 2, n - i);
        System.arraycopy(queue, head, dst, off + 2 * i, 2 * k);
        head += 2 * k;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
        return i + k;
    }

    @Override
    public void close() {
        if (closed) {
            return; // the lane closes a finished segment, and closes whatever is left at the end
        }
        closed = true;
        if (swr != null) {
            swresample.swr_free(swr);
            swr = null;
        }
        avutil.av_frame_free(frame);
        avcodec.avcodec_free_context(dec);
        avutil.av_channel_layout_uninit(stereo);
        if (outBuf != null) {
            outBuf.close();
            outBuf = null;
        }
    }

    @Override
    public String toString() {
        return "sound of " + name;
    }
}
