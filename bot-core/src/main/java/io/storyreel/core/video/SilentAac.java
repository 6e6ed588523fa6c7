package io.storyreel.core.video;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Pointer;

/**
 * A silent 48 kHz stereo AAC track made without encoding it: one frame of digital silence is encoded once, and that
 * frame's bytes are repeated. An AAC-LC frame depends on its neighbours only through the overlap of silence with
 * silence, so every repeat decodes to exact zeros. A film of silent clips (real Kling and MiniMax output has no sound)
 * thus costs a pure packet copy, yet still carries a sound track, so chat apps treat it as a video rather than a
 * GIF-like animation.
 */
final class SilentAac {
    static final int FRAME = 1024;

    private final byte[] frameBytes;

    private SilentAac(byte[] frameBytes) {
        this.frameBytes = frameBytes;
    }

    /** Encodes a few frames of silence, copies the encoder's stream parameters into {@code par}, keeps one frame. */
    static SilentAac create(AVCodecParameters par, int bitrate) {
        // the encoder is deterministic: made once per bitrate, its parameters and frame are reused by every merge
        synchronized (MADE) {
            SilentAac made = MADE.get(bitrate);
            if (made == null) {
                AVCodecParameters template = avcodec.avcodec_parameters_alloc(); // kept for the process's life
                made = make(template, bitrate);
                made.template = template;
                MADE.put(bitrate, made);
            }
            if (avcodec.avcodec_parameters_copy(par, made.template) < 0) {
                throw new VideoException("Out of memory for the sound's parameters.");
            }
            return made;
        }
    }

    private static final java.util.Map<Integer, SilentAac> MADE = new java.util.HashMap<>();
    private AVCodecParameters template;

    private static SilentAac make(AVCodecParameters par, int bitrate) {
        AVCodecContext c = openEncoder(bitrate);
        AVFrame f = newFrame();
        AVPacket pkt = avcodec.av_packet_alloc();
        try {
            for (int ch = 0; ch < 2; ch++) {
                Pointer.memset(f.data(ch), 0, 4L * FRAME);
            }
            byte[] last = null;
            // the first frames carry the encoder's start-up; a frame from the steady state is pure silence
            for (int i = 0; i < 6; i++) {
                f.pts((long) i * FRAME);
                avcodec.avcodec_send_frame(c, f);
                while (avcodec.avcodec_receive_packet(c, pkt) >= 0) {
                    byte[] b = new byte[pkt.size()];
                    pkt.data().get(b);
                    last = b;
                    avcodec.av_packet_unref(pkt);
                }
            }
            if (last == null || last.length == 0) {
                throw new VideoException("The AAC encoder gave no frame of silence.");
            }
            avcodec.avcodec_parameters_from_context(par, c);
            par.initial_padding(0); // the repeated frames need no priming to be trimmed
            return new SilentAac(last);
        } finally {
            avcodec.av_packet_free(pkt);
            avutil.av_frame_free(f);
            avcodec.avcodec_free_context(c);
        }
    }

    /** The film's AAC encoder: 48 kHz stereo planar float at {@code bitrate}, AudioSpecificConfig up front for MP4. */
    static AVCodecContext openEncoder(int bitrate) {
        AVCodec codec = avcodec.avcodec_find_encoder(avcodec.AV_CODEC_ID_AAC);
        AVCodecContext c = avcodec.avcodec_alloc_context3(codec);
        c.sample_fmt(avutil.AV_SAMPLE_FMT_FLTP);
        c.sample_rate(ClipAudio.RATE);
        avutil.av_channel_layout_default(c.ch_layout(), 2);
        c.bit_rate(bitrate);
        c.time_base(avutil.av_make_q(1, ClipAudio.RATE));
        c.flags(c.flags() | avcodec.AV_CODEC_FLAG_GLOBAL_HEADER);
        if (avcodec.avcodec_open2(c, codec, (AVDictionary) null) < 0) {
            avcodec.avcodec_free_context(c);
            throw new VideoException("The AAC encoder could not be opened.");
        }
        return c;
    }

    /** A writable frame of {@link #FRAME} samples in the encoder's format (48 kHz stereo planar float). */
    static AVFrame newFrame() {
        AVFrame f = avutil.av_frame_alloc();
        f.nb_samples(FRAME);
        f.format(avutil.AV_SAMPLE_FMT_FLTP);
        f.sample_rate(ClipAudio.RATE);
        avutil.av_channel_layout_default(f.ch_layout(), 2);
        if (avutil.av_frame_get_buffer(f, 0) < 0) {
            avutil.av_frame_free(f);
            throw new VideoException("Could not allocate an audio frame.");
        }
        return f;
    }

    /** The bytes of one silent frame (for a silent stretch inside a spliced track). */
    byte[] frameBytes() {
        return frameBytes.clone();
    }

    /** Fills {@code pkt} with one silent frame at sample {@code pts} (time base 1/48000), for stream {@code index}. */
    void fill(AVPacket pkt, long pts, int index) {
        fill(pkt, frameBytes, pts, FRAME, index);
    }

    /** Fills {@code pkt} with one AAC frame (every AAC frame is a key frame) at sample {@code pts}, time base 1/48000. */
    static void fill(AVPacket pkt, byte[] frame, long pts, long duration, int index) {
        if (avcodec.av_new_packet(pkt, frame.length) < 0) {
            throw new VideoException("Out of memory for an audio packet.");
        }
        pkt.data().put(frame);
        pkt.pts(pts);
        pkt.dts(pts);
        pkt.duration(duration);
        pkt.stream_index(index);
        pkt.flags(avcodec.AV_PKT_FLAG_KEY);
    }
}
