package io.storyreel.core.video;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The full path (spec 3.3): every clip decoded, cropped to its real stride (P5), rotated, scaled and padded onto one
 * canvas, one frame rate, captions drawn, then encoded once with libx264 veryfast High profile. Crossfades are blended
 * here in Java from a short delay line of frames, so clips are decoded one at a time (one filter graph with all inputs
 * would keep six decoders alive, spec 3.4). Sound follows the frames actually produced, so it stays in sync.
 */
final class NormalisePath {
    private final List<Probed> clips;
    private final List<ClipCut> cuts;
    private final List<String> captionFilters;
    private final EncodePlan plan;
    private final double crossfadeSeconds;
    private final MusicPlan music;

    private FFmpegFrameRecorder rec;
    private AudioLane lane;
    private final ArrayDeque<ByteBuffer> pool = new ArrayDeque<>();
    private ArrayDeque<ByteBuffer> delay = new ArrayDeque<>();
    private ArrayDeque<ByteBuffer> tail = new ArrayDeque<>();
    private int tailSize;
    private int tailUsed;
    private long recorded;
    private byte[] rowA;
    private byte[] rowB;

    /** @param captionFilters per clip, a ready drawtext filter or null */
    NormalisePath(List<Probed> clips, List<ClipCut> cuts, List<String> captionFilters, EncodePlan plan,
                  double crossfadeSeconds, MusicPlan music) {
        this.clips = clips;
        this.cuts = cuts;
        this.captionFilters = captionFilters;
        this.plan = plan;
        this.crossfadeSeconds = crossfadeSeconds;
        this.music = music;
    }

    /** Frames the film will have, by plan (the fps filter may differ by a frame per clip). */
    static long plannedFrames(List<Probed> clips, List<ClipCut> cuts, double fps, int crossfadeFrames) {
        long total = 0;
        for (int i = 0; i < clips.size(); i++) {
            total += Math.round(cuts.get(i).length(clips.get(i).info().durationSeconds()) * fps);
        }
        return total - (long) crossfadeFrames * (clips.size() - 1);
    }

    static int crossfadeFrames(List<Probed> clips, List<ClipCut> cuts, double fps, double seconds) {
        if (seconds <= 0 || clips.size() < 2) {
            return 0;
        }
        int x = (int) Math.round(seconds * fps);
        for (int i = 0; i < clips.size(); i++) {
            long n = Math.round(cuts.get(i).length(clips.get(i).info().durationSeconds()) * fps);
            x = (int) Math.min(x, n / 2 - 1);
        }
        return Math.max(0, x);
    }

    void run(Path out) throws Exception {
        double fps = plan.fps();
        int xf = crossfadeFrames(clips, cuts, fps, crossfadeSeconds);
        long planned = plannedFrames(clips, cuts, fps, xf);
        MusicBed bed = null;
        try {
            rec = new FFmpegFrameRecorder(out.toFile(), plan.width(), plan.height(), 2);
            rec.setFormat("mp4");
            rec.setOption("movflags", "+faststart");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            rec.setVideoCodecName("libx264");
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(fps);
            rec.setGopSize((int) Math.round(2 * fps));
            rec.setVideoOption("preset", "veryfast");
            rec.setVideoOption("profile", "high"); // otherwise the recorder forces Constrained Baseline (spec P9)
            if (plan.x264Params() != null) {
                rec.setVideoOption("x264-params", plan.x264Params());
            }
            if (plan.crf() >= 0) {
                rec.setVideoOption("crf", Integer.toString(plan.crf()));
            } else {
                rec.setVideoBitrate((int) plan.bitrate());
            }
            if (plan.maxrate() > 0) {
                rec.setVideoOption("maxrate", Long.toString(plan.maxrate()));
                rec.setVideoOption("bufsize", Long.toString(plan.bufsize()));
            }
            rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            rec.setSampleRate(ClipAudio.RATE);
            rec.setAudioChannels(2);
            rec.setAudioBitrate(plan.audioBitrate());
            rec.start();
            bed = music == null ? null : music.open(samplesAtFrame(planned));
            lane = new AudioLane(rec, bed);
            for (int i = 0; i < clips.size(); i++) {
                boolean last = i == clips.size() - 1;
                clip(i, last ? 0 : xf);
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
        }
    }

    private long samplesAtFrame(long frame) {
        return Math.round(frame * (double) ClipAudio.RATE * plan.fpsDen() / plan.fpsNum());
    }

    private void clip(int index, int hold) throws Exception {
        Probed p = clips.get(index);
        ClipCut cut = cuts.get(index);
        // the previous clip's held tail is not written yet: this clip's first frame blends with its first frame
        long clipStart = recorded;
        AudioLane.Segment seg = lane.begin(new ClipAudio(p.info().path(), p.info().hasAudio(),
                p.startSeconds() + Math.max(0, cut.start())), samplesAtFrame(clipStart),
                samplesAtFrame(clipStart + tailSize) - samplesAtFrame(clipStart));
        long produced = 0;
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(p.info().path().toFile());
        g.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        FFmpegFrameFilter vf = null;
        try {
            try {
                g.start();
            } catch (Exception e) {
                throw new VideoException("Clip " + p.name() + " could not be opened again.", e);
            }
            int w = g.getImageWidth();
            int h = g.getImageHeight();
            int stride = (w + 63) & ~63; // the grabber pads the luma stride to 64 (spec P5)
            vf = new FFmpegFrameFilter(filterChain(p, w, h, stride, captionFilters.get(index)), stride, h);
            vf.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            vf.setFrameRate(p.info().fps());
            vf.start();
            long fromUs = Math.round((p.startSeconds() + Math.max(0, cut.start())) * 1_000_000);
            long toUs = cut.end() > 0 ? Math.round((p.startSeconds() + cut.end()) * 1_000_000) : Long.MAX_VALUE;
            Frame f;
            while (true) {
                try {
                    f = g.grabImage();
                } catch (Exception e) {
                    throw new VideoException("Clip " + p.name() + " is damaged: its picture could not be decoded.", e);
                }
                if (f == null) {
                    break;
                }
                if (f.image == null) {
                    continue;
                }
                if (f.timestamp < fromUs - 1000) {
                    continue;
                }
                if (f.timestamp >= toUs - 1000) {
                    break;
                }
                vf.pushImage(0, stride, h, f.imageDepth, f.imageChannels, f.imageStride,
                        avutil.AV_PIX_FMT_YUV420P, f.image);
                produced += drain(vf, hold);
            }
            vf.push(0, null);
            produced += drain(vf, hold);
        } finally {
            if (vf != null) {
                vf.release();
            }
            g.release();
        }
        if (produced == 0) {
            throw new VideoException("Clip " + p.name() + " gave no pictures when decoded.");
        }
        // leftover tail (clip shorter than the crossfade): show it rather than drop it
        while (tailUsed < tailSize) {
            tailUsed++;
            write(tail.poll());
        }
        long end = clipStart + produced;
        if (hold == 0) {
            while (!delay.isEmpty()) {
                write(delay.poll());
            }
        }
        tail = delay;
        delay = new ArrayDeque<>();
        tailSize = tail.size();
        tailUsed = 0;
        long next = end - tailSize;
        lane.end(seg, samplesAtFrame(end), samplesAtFrame(end) - samplesAtFrame(next));
        if (hold == 0) {
            lane.advanceTo(samplesAtFrame(end));
        }
    }

    private int drain(FFmpegFrameFilter vf, int hold) throws Exception {
        int n = 0;
        Frame o;
        while ((o = vf.pullImage()) != null) {
            n++;
            ByteBuffer src = ((ByteBuffer) o.image[0]).duplicate();
            src.position(0).limit(frameBytes());
            if (hold == 0 && tailUsed >= tailSize && delay.isEmpty()) {
                // nothing to blend with or hold back: the filter's frame goes to the encoder as it is, uncopied
                record(src);
                continue;
            }
            ByteBuffer buf = take();
            if (tailUsed < tailSize) {
                tailUsed++;
                ByteBuffer a = tail.poll();
                blend(a, src, buf, tailUsed / (double) (tailSize + 1));
                pool.add(a);
            } else {
                buf.clear();
                buf.put(src);
                buf.flip();
            }
            delay.add(buf);
            while (delay.size() > hold) {
                write(delay.poll());
            }
        }
        return n;
    }

    private void write(ByteBuffer frame) throws Exception {
        record(frame);
        pool.add(frame);
    }

    private void record(ByteBuffer frame) throws Exception {
        frame.position(0);
        rec.recordImage(plan.width(), plan.height(), Frame.DEPTH_UBYTE, 1, plan.width(), avutil.AV_PIX_FMT_YUV420P,
                frame);
        recorded++;
        lane.advanceTo(samplesAtFrame(recorded));
    }

    private int frameBytes() {
        return plan.width() * plan.height() * 3 / 2;
    }

    private ByteBuffer take() {
        ByteBuffer b = pool.poll();
        return b != null ? b : ByteBuffer.allocateDirect(frameBytes());
    }

    /** out = a + (b - a) * t over every plane; linear in Y and in chroma around 128 alike. */
    private void blend(ByteBuffer a, ByteBuffer b, ByteBuffer out, double t) {
        int size = out.capacity();
        if (rowA == null || rowA.length < size) {
            rowA = new byte[size];
            rowB = new byte[size];
        }
        a.position(0);
        a.get(rowA, 0, size);
        b.get(rowB, 0, size);
        int tt = (int) Math.round(t * 256);
        for (int i = 0; i < size; i++) {
            int va = rowA[i] & 0xff;
            int vb = rowB[i] & 0xff;
            rowA[i] = (byte) (va + (((vb - va) * tt) >> 8));
        }
        out.clear();
        out.put(rowA, 0, size);
        out.flip();
    }

    private String filterChain(Probed p, int w, int h, int stride, String caption) {
        StringBuilder sb = new StringBuilder();
        if (stride != w) {
            sb.append("crop=").append(w).append(':').append(h).append(":0:0,");
        }
        switch (p.info().rotation()) {
            case 90 -> sb.append("transpose=clock,");
            case 180 -> sb.append("hflip,vflip,");
            case 270 -> sb.append("transpose=cclock,");
            default -> { }
        }
        int cw = plan.width();
        int ch = plan.height();
        sb.append("scale=").append(cw).append(':').append(ch)
                .append(":force_original_aspect_ratio=decrease:force_divisible_by=2,")
                .append("pad=").append(cw).append(':').append(ch).append(":(ow-iw)/2:(oh-ih)/2:color=black,")
                .append("setsar=1,fps=").append(plan.fpsNum()).append('/').append(plan.fpsDen());
        if (caption != null) {
            sb.append(',').append(caption);
        }
        sb.append(",format=yuv420p"); // the buffersink accepts anything; pin 4:2:0 (spec P7)
        return sb.toString();
    }
}
