package io.storyreel.core.video;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;

import java.nio.file.Path;
import java.util.List;

/**
 * The cheap path (spec 3.2, "hybrid"): video packets copied unchanged from clips with identical video parameters,
 * timestamps offset per clip; the sound of every clip decoded, cut or padded to its picture and encoded as one AAC track.
 */
final class CopyPath {
    private CopyPath() {
    }

    static void run(List<Probed> clips, MusicPlan music, Path out) throws Exception {
        Probed ref = clips.get(0);
        AVRational rtb = avutil.av_make_q(ref.timeBaseNum(), ref.timeBaseDen());
        AVRational us = avutil.av_make_q(1, 1_000_000);
        FFmpegFrameGrabber refGrabber = open(ref);
        // A context holding only the reference video stream: start() copies its codec parameters (avcC) and still
        // opens a real AAC encoder for the sound. It must outlive the recorder (spec P3).
        AVFormatContext fake = avformat.avformat_alloc_context();
        FFmpegFrameRecorder rec = null;
        AudioLane lane = null;
        MusicBed bed = null;
        try {
            AVStream refStream = refGrabber.getFormatContext().streams(videoIndex(refGrabber));
            AVStream fv = avformat.avformat_new_stream(fake, null);
            avcodec.avcodec_parameters_copy(fv.codecpar(), refStream.codecpar());
            fv.time_base(refStream.time_base());
            fv.r_frame_rate(refStream.r_frame_rate());
            fv.avg_frame_rate(refStream.avg_frame_rate());
            refGrabber.release();
            refGrabber = null;

            rec = new FFmpegFrameRecorder(out.toFile(), ref.info().width(), ref.info().height(), 2);
            rec.setFormat("mp4");
            rec.setOption("movflags", "+faststart");
            rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            rec.setSampleRate(ClipAudio.RATE);
            rec.setAudioChannels(2);
            rec.setAudioBitrate(128000);
            // rotation travels with the copied codec parameters (coded side data)
            rec.start(fake);

            long totalPts = 0;
            for (Probed p : clips) {
                totalPts += avutil.av_rescale_q(p.durationPts(), avutil.av_make_q(p.timeBaseNum(), p.timeBaseDen()), rtb);
            }
            double totalSeconds = totalPts * (double) rtb.num() / rtb.den();
            bed = music == null ? null : music.open(AudioLane.samplesAt(totalSeconds));
            lane = new AudioLane(rec, bed);

            long offset = 0;
            long lastDts = Long.MIN_VALUE;
            for (Probed p : clips) {
                FFmpegFrameGrabber g = open(p);
                try {
                    int vIdx = videoIndex(g);
                    AVRational itb = g.getFormatContext().streams(vIdx).time_base();
                    AudioLane.Segment seg = lane.begin(new ClipAudio(p.info().path(), p.info().hasAudio(),
                            p.startSeconds()), samples(offset, rtb), 0);
                    AVPacket pkt;
                    while ((pkt = g.grabPacket()) != null) {
                        if (pkt.stream_index() != vIdx) {
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
                        lane.advanceTo(Math.max(lane.written(), samples(dts, rtb)));
                        pkt.pts(pts);
                        pkt.dts(dts);
                        pkt.duration(avutil.av_rescale_q(pkt.duration(), itb, rtb));
                        pkt.stream_index(0);
                        rec.recordPacket(pkt); // unrefs the packet
                    }
                    long clipEnd = offset + avutil.av_rescale_q(p.durationPts(),
                            avutil.av_make_q(p.timeBaseNum(), p.timeBaseDen()), rtb);
                    lane.end(seg, samples(clipEnd, rtb), 0);
                    lane.advanceTo(samples(clipEnd, rtb));
                    offset = clipEnd;
                } finally {
                    g.release();
                }
            }
            lane.flush();
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
            if (refGrabber != null) {
                refGrabber.release();
            }
            avformat.avformat_free_context(fake);
        }
    }

    private static long samples(long t, AVRational tb) {
        return Math.round(t * (double) tb.num() / tb.den() * ClipAudio.RATE);
    }

    private static FFmpegFrameGrabber open(Probed p) throws Exception {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(p.info().path().toFile());
        try {
            g.start();
        } catch (Exception e) {
            g.release();
            throw new VideoException("Clip " + p.name() + " could not be opened again.", e);
        }
        return g;
    }

    private static int videoIndex(FFmpegFrameGrabber g) {
        AVFormatContext c = g.getFormatContext();
        for (int i = 0; i < c.nb_streams(); i++) {
            AVStream st = c.streams(i);
            if (st.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO
                    && (st.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) == 0) {
                return i;
            }
        }
        throw new IllegalStateException("no video stream");
    }
}
