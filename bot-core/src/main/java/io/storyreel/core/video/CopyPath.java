package io.storyreel.core.video;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cheap path (spec 3.2, "hybrid"): video packets copied unchanged from clips with identical video parameters,
 * timestamps offset per clip. The sound is spliced when every clip's sound allows it ({@link AacSplice}): the clips'
 * own AAC frames copied, the frames around each join decoded, cut to the picture and encoded again, each clip's sound at
 * most half a frame (10.7 ms) from its picture. Otherwise (sound in another format, or music to mix in) every clip's
 * sound is decoded, cut or padded to its picture and encoded as one AAC track. Each clip is opened once for the picture,
 * with plain libavformat (the probe has already checked it, so no second {@code avformat_find_stream_info}), and its
 * audio packets are decoded from that same demuxer. When no clip has sound and no music is wanted, the track is
 * {@link SilentAac}: repeated silent frames, no encoder at all.
 */
final class CopyPath {
    private static final Logger log = LoggerFactory.getLogger(CopyPath.class);
    static final int AUDIO_BITRATE = 128000;

    private CopyPath() {
    }

    static void run(List<Probed> clips, MusicPlan music, Path out) throws Exception {
        boolean anySound = music != null || clips.stream().anyMatch(p -> p.info().hasAudio());
        Probed ref = clips.get(0);
        AVRational rtb = avutil.av_make_q(ref.timeBaseNum(), ref.timeBaseDen());
        // A context holding the reference video stream (and, for a silent film, the silent AAC stream): start()
        // copies its codec parameters (avcC). It must outlive the recorder (spec P3).
        AVFormatContext fake = avformat.avformat_alloc_context();
        FFmpegFrameRecorder rec = null;
        AudioLane lane = null;
        AacSplice.Plan splice = null;
        int spliced = 0;
        MusicBed bed = null;
        SilentAac silence = null;
        AVPacket pkt = avcodec.av_packet_alloc();
        AVPacket silent = avcodec.av_packet_alloc(); // never the packet that holds the picture being copied
        try {
            try (PacketReader in = PacketReader.open(ref)) {
                AVStream refStream = in.ctx.streams(in.video);
                AVStream fv = avformat.avformat_new_stream(fake, null);
                avcodec.avcodec_parameters_copy(fv.codecpar(), refStream.codecpar());
                fv.time_base(refStream.time_base());
                fv.r_frame_rate(refStream.r_frame_rate());
                fv.avg_frame_rate(refStream.avg_frame_rate());
            }
            if (!anySound) {
                AVStream fa = avformat.avformat_new_stream(fake, null);
                silence = SilentAac.create(fa.codecpar(), AUDIO_BITRATE);
                fa.time_base(avutil.av_make_q(1, ClipAudio.RATE));
            } else if (music == null) {
                AVCodecParameters ours = avcodec.avcodec_parameters_alloc();
                try {
                    SilentAac silentFrames = SilentAac.create(ours, AUDIO_BITRATE);
                    splice = splice(clips, rtb, ours, silentFrames.frameBytes());
                    if (splice != null) {
                        AVStream fa = avformat.avformat_new_stream(fake, null);
                        avcodec.avcodec_parameters_copy(fa.codecpar(), ours);
                        fa.time_base(avutil.av_make_q(1, ClipAudio.RATE));
                    }
                } finally {
                    avcodec.avcodec_parameters_free(ours);
                }
            }

            rec = new FFmpegFrameRecorder(out.toFile(), ref.info().width(), ref.info().height(), 2);
            rec.setFormat("mp4");
            rec.setOption("movflags", "+faststart");
            rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            rec.setSampleRate(ClipAudio.RATE);
            rec.setAudioChannels(2);
            rec.setAudioBitrate(AUDIO_BITRATE);
            // rotation travels with the copied codec parameters (coded side data)
            rec.start(fake);

            long totalPts = 0;
            for (Probed p : clips) {
                totalPts += avutil.av_rescale_q(p.durationPts(), avutil.av_make_q(p.timeBaseNum(), p.timeBaseDen()), rtb);
            }
            long totalSamples = samples(totalPts, rtb);
            if (anySound && splice == null) {
                bed = music == null ? null : music.open(totalSamples);
                lane = new AudioLane(rec, bed);
            }

            long offset = 0;
            long lastDts = Long.MIN_VALUE;
            long silentAt = 0;
            for (Probed p : clips) {
                try (PacketReader in = PacketReader.open(p)) {
                    AVRational itb = in.ctx.streams(in.video).time_base();
                    PacketSound sound = lane != null && in.audio >= 0
                            ? new PacketSound(p.name(), in.ctx.streams(in.audio), Math.round(p.startSeconds() * 1e6))
                            : null;
                    AudioLane.Segment seg = lane == null ? null
                            : lane.begin(sound != null ? sound : NoSound.INSTANCE, samples(offset, rtb), 0);
                    while (in.read(pkt)) {
                        if (pkt.stream_index() == in.audio && sound != null) {
                            sound.feed(pkt);
                            avcodec.av_packet_unref(pkt);
                            continue;
                        }
                        if (pkt.stream_index() != in.video) {
                            avcodec.av_packet_unref(pkt);
                            continue;
                        }
                        long pts = pkt.pts() == avutil.AV_NOPTS_VALUE ? pkt.dts() : pkt.pts();
                        long dts = pkt.dts() == avutil.AV_NOPTS_VALUE ? pts : pkt.dts();
                        pts = avutil.av_rescale_q(pts - p.startPts(), itb, rtb) + offset;
                        dts = avutil.av_rescale_q(dts - p.startPts(), itb, rtb) + offset;
                        if (dts <= lastDts) {
                            dts = lastDts + 1;
                            if (pts < dts) {
                                pts = dts;
                            }
                        }
                        lastDts = dts;
                        // sound is written in step with the picture, so the muxer interleaves without queueing
                        long want = samples(dts, rtb);
                        if (splice != null) {
                            spliced = writePlanned(rec, splice.packets(), spliced, want, silent);
                        } else if (lane != null) {
                            long horizon = sound == null ? Long.MAX_VALUE : lane.written() + sound.readable();
                            lane.advanceTo(Math.min(want, horizon));
                        } else {
                            silentAt = writeSilence(rec, silence, silent, silentAt, want, Long.MAX_VALUE);
                        }
                        pkt.pts(pts);
                        pkt.dts(dts);
                        pkt.duration(avutil.av_rescale_q(pkt.duration(), itb, rtb));
                        pkt.stream_index(0);
                        pkt.pos(-1);
                        rec.recordPacket(pkt); // unrefs the packet
                    }
                    long clipEnd = offset + avutil.av_rescale_q(p.durationPts(),
                            avutil.av_make_q(p.timeBaseNum(), p.timeBaseDen()), rtb);
                    if (lane != null) {
                        if (sound != null) {
                            sound.finish();
                        }
                        lane.end(seg, samples(clipEnd, rtb), 0);
                        lane.advanceTo(samples(clipEnd, rtb));
                    }
                    offset = clipEnd;
                }
            }
            if (splice != null) {
                writePlanned(rec, splice.packets(), spliced, Long.MAX_VALUE, silent);
            } else if (lane != null) {
                lane.flush();
            } else {
                writeSilence(rec, silence, silent, silentAt, totalSamples, totalSamples);
            }
            rec.stop();
        } finally {
            if (lane != null) {
                lane.close();
            }
            if (bed != null) {
                bed.close();
            }
            if (rec != null) {
                rec.release();
            }
            avcodec.av_packet_free(pkt);
            avcodec.av_packet_free(silent);
            avformat.avformat_free_context(fake);
        }
    }

    /** Writes the planned audio packets that start before sample {@code until}; returns the next one's index. */
    private static int writePlanned(FFmpegFrameRecorder rec, List<AacSplice.Packet> packets, int next, long until,
                                    AVPacket pkt) throws Exception {
        while (next < packets.size() && packets.get(next).pts() < until) {
            AacSplice.Packet a = packets.get(next++);
            SilentAac.fill(pkt, a.data(), a.pts(), a.duration(), 1);
            rec.recordPacket(pkt);
        }
        return next;
    }

    /**
     * The film's sound spliced from the clips' own AAC frames ({@link AacSplice}), or null when some clip's sound is
     * not fit for it; then the whole track is encoded.
     */
    private static AacSplice.Plan splice(List<Probed> clips, AVRational rtb, AVCodecParameters ours,
                                         byte[] silentFrame) {
        int n = clips.size();
        long[] start = new long[n];
        long[] end = new long[n];
        List<AacSplice.ClipSound> sounds = new ArrayList<>();
        AVRational samples = avutil.av_make_q(1, ClipAudio.RATE);
        try {
            long offset = 0;
            for (int k = 0; k < n; k++) {
                Probed p = clips.get(k);
                long clipEnd = offset + avutil.av_rescale_q(p.durationPts(),
                        avutil.av_make_q(p.timeBaseNum(), p.timeBaseDen()), rtb);
                start[k] = samples(offset, rtb);
                end[k] = samples(clipEnd, rtb);
                offset = clipEnd;
                AacSplice.ClipSound sound = null;
                if (p.info().hasAudio()) {
                    try (PacketReader in = PacketReader.open(p)) {
                        if (in.audio < 0 || !AacSplice.compatible(in.ctx.streams(in.audio).codecpar(), ours)) {
                            return null;
                        }
                        long pictureStart = avutil.av_rescale_q(p.startPts(),
                                avutil.av_make_q(p.timeBaseNum(), p.timeBaseDen()), samples);
                        sound = AacSplice.ClipSound.read(p.name(), in.ctx, in.audio, pictureStart);
                    }
                    if (sound == null) {
                        return null;
                    }
                }
                sounds.add(sound);
            }
            AacSplice.Plan plan = AacSplice.plan(sounds, start, end, end[n - 1], silentFrame);
            if (plan != null) {
                log.debug("Sound spliced: {} frames copied, {} silent, {} encoded", plan.copied(), plan.silent(),
                        plan.encoded());
            }
            return plan;
        } finally {
            for (AacSplice.ClipSound s : sounds) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    /**
     * Writes silent frames from sample {@code at} up to {@code until}; the frame crossing {@code end} is cut there, so
     * the track is exactly as long as the picture. Returns the next frame's start.
     */
    private static long writeSilence(FFmpegFrameRecorder rec, SilentAac silence, AVPacket pkt, long at, long until,
                                     long end) throws Exception {
        while (at < until) {
            silence.fill(pkt, at, 1);
            if (at + SilentAac.FRAME > end) {
                pkt.duration(end - at);
            }
            rec.recordPacket(pkt);
            at += SilentAac.FRAME;
        }
        return at;
    }

    private static long samples(long t, AVRational tb) {
        return Math.round(t * (double) tb.num() / tb.den() * ClipAudio.RATE);
    }

    /** A clip without sound among clips with sound: silence in its place. */
    private static final class NoSound implements SoundSource {
        static final NoSound INSTANCE = new NoSound();

        @Override
        public int readSome(float[] dst, int off, int n) {
            return 0;
        }

        @Override
        public void close() {
            // nothing held
        }
    }

    /** One clip opened with plain libavformat: its packets in file order, its video and first audio stream. */
    private static final class PacketReader implements AutoCloseable {
        final AVFormatContext ctx;
        final int video;
        final int audio;

        private PacketReader(AVFormatContext ctx, int video, int audio) {
            this.ctx = ctx;
            this.video = video;
            this.audio = audio;
        }

        static PacketReader open(Probed p) {
            AVFormatContext ctx = new AVFormatContext(null);
            if (avformat.avformat_open_input(ctx, p.info().path().toString(), null, (AVDictionary) null) < 0) {
                throw new VideoException("Clip " + p.name() + " could not be opened again.");
            }
            int v = -1;
            int a = -1;
            for (int i = 0; i < ctx.nb_streams(); i++) {
                AVStream st = ctx.streams(i);
                int type = st.codecpar().codec_type();
                if (type == avutil.AVMEDIA_TYPE_VIDEO && v < 0
                        && (st.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) == 0) {
                    v = i;
                } else if (type == avutil.AVMEDIA_TYPE_AUDIO && a < 0) {
                    a = i;
                }
            }
            if (v < 0) {
                avformat.avformat_close_input(ctx);
                throw new VideoException("Clip " + p.name() + " has no video stream.");
            }
            return new PacketReader(ctx, v, a);
        }

        boolean read(AVPacket pkt) {
            int ret = avformat.av_read_frame(ctx, pkt);
            if (ret == avutil.AVERROR_EOF || ret >= 0) {
                return ret >= 0;
            }
            throw new VideoException("A clip became unreadable while it was merged (error " + ret + ").");
        }

        @Override
        public void close() {
            avformat.avformat_close_input(ctx);
        }
    }
}
