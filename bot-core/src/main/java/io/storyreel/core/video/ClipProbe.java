package io.storyreel.core.video;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Reads one clip's streams and scans its video packets; every failure becomes a {@link VideoException} naming the clip. */
final class ClipProbe {
    private static final int MAX_W = 1920;
    private static final int MAX_H = 1080;

    /**
     * What the last probes found, by file: a clip normalised as it landed is probed when written and again at the
     * film's merge, a landed clip by the canvas check and again by its normalisation. An entry counts only while the
     * file is the same one (path, inode, size and modification time); failures are never kept.
     */
    private static final int REMEMBERED = 64;
    private static final Map<FileState, Probed> LAST = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<FileState, Probed> eldest) {
                    return size() > REMEMBERED;
                }
            });
    private static final AtomicLong SCANS = new AtomicLong();

    private record FileState(Path path, Object inode, long size, long modified) {
        static FileState of(Path clip) {
            try {
                BasicFileAttributes a = Files.readAttributes(clip, BasicFileAttributes.class);
                Object inode = a.fileKey();
                long modified = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
                return a.isRegularFile() && inode != null ? new FileState(clip, inode, a.size(), modified) : null;
            } catch (IOException | UnsupportedOperationException e) {
                return null;
            }
        }
    }

    private ClipProbe() {
    }

    /** How many files were actually opened and scanned (not answered from {@link #LAST}). */
    static long scans() {
        return SCANS.get();
    }

    static Probed probe(Path clip) {
        FileState state = FileState.of(clip);
        Probed known = state == null ? null : LAST.get(state);
        if (known != null) {
            return known;
        }
        Probed p = scan(clip);
        if (state != null && state.equals(FileState.of(clip))) {
            LAST.put(state, p);
        }
        return p;
    }

    private static Probed scan(Path clip) {
        SCANS.incrementAndGet();
        VideoNatives.ensureLoaded();
        String name = clip.getFileName().toString();
        long size;
        try {
            size = Files.size(clip);
        } catch (IOException e) {
            throw new VideoException("Clip " + name + " cannot be read: it does not exist or is not accessible.");
        }
        if (size == 0) {
            throw new VideoException("Clip " + name + " is empty (0 bytes).");
        }
        // Plain libavformat rather than FFmpegFrameGrabber: the grabber also opens decoders and picture buffers, which
        // made probing six 720p clips take about twice as long. find_stream_info is still needed (pixel format).
        AVFormatContext ctx = new AVFormatContext(null);
        AVPacket pkt = avcodec.av_packet_alloc();
        try {
            if (avformat.avformat_open_input(ctx, clip.toString(), null, (AVDictionary) null) < 0
                    || avformat.avformat_find_stream_info(ctx, (PointerPointer<?>) null) < 0) {
                throw new VideoException("Clip " + name + " is not a video we can read (damaged or not a video file).");
            }
            int vIdx = -1;
            int aIdx = -1;
            for (int i = 0; i < ctx.nb_streams(); i++) {
                AVStream st = ctx.streams(i);
                int type = st.codecpar().codec_type();
                if (type == avutil.AVMEDIA_TYPE_VIDEO && vIdx < 0
                        && (st.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) == 0) {
                    vIdx = i;
                } else if (type == avutil.AVMEDIA_TYPE_AUDIO && aIdx < 0) {
                    aIdx = i;
                }
            }
            if (vIdx < 0) {
                throw new VideoException(aIdx >= 0
                        ? "Clip " + name + " is audio-only: it has no picture."
                        : "Clip " + name + " has no video stream.");
            }
            AVStream vs = ctx.streams(vIdx);
            AVCodecParameters cp = vs.codecpar();
            if (avcodec.avcodec_find_decoder(cp.codec_id()) == null) {
                throw new VideoException("Clip " + name + " uses a video format we cannot decode.");
            }
            if (cp.width() <= 0 || cp.height() <= 0) {
                throw new VideoException("Clip " + name + " has a video stream without a picture size.");
            }
            long frames = 0;
            long minPts = Long.MAX_VALUE;
            long maxEnd = Long.MIN_VALUE;
            long bytes = 0;
            long audioBytes = 0;
            try {
                // any read error ends the scan, as in the grabber; a cut-off file is caught by its frame count below
                while (avformat.av_read_frame(ctx, pkt) >= 0) {
                    if (pkt.stream_index() == vIdx) {
                        long pts = pkt.pts() != avutil.AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
                        bytes += pkt.size();
                        if (pts != avutil.AV_NOPTS_VALUE) {
                            frames++;
                            minPts = Math.min(minPts, pts);
                            maxEnd = Math.max(maxEnd, pts + Math.max(0, pkt.duration()));
                        }
                    } else if (pkt.stream_index() == aIdx) {
                        audioBytes += pkt.size();
                    }
                    avcodec.av_packet_unref(pkt);
                }
            } catch (Exception e) {
                throw new VideoException("Clip " + name + " is damaged: its video could not be read to the end.", e);
            }
            if (frames == 0 || maxEnd <= minPts) {
                throw new VideoException("Clip " + name + " has no video frames (zero length).");
            }
            if (vs.nb_frames() > 0 && frames < vs.nb_frames()) {
                throw new VideoException("Clip " + name + " is truncated: " + frames + " of " + vs.nb_frames()
                        + " video frames are present.");
            }
            int tbNum = vs.time_base().num();
            int tbDen = vs.time_base().den();
            double duration = (maxEnd - minPts) * (double) tbNum / tbDen;
            double fps = fps(vs, frames, duration);
            int rotation = (int) (((-Math.round(displayRotation(cp))) % 360 + 360) % 360);
            rotation = (rotation + 45) / 90 * 90 % 360;
            boolean swap = rotation == 90 || rotation == 270;
            int dw = swap ? cp.height() : cp.width();
            int dh = swap ? cp.width() : cp.height();
            String codec = avcodec.avcodec_get_name(cp.codec_id()).getString();
            BytePointer pf = avutil.av_get_pix_fmt_name(cp.format());
            String pixFmt = pf == null ? "unknown" : pf.getString();
            int sarNum = cp.sample_aspect_ratio().num();
            int sarDen = cp.sample_aspect_ratio().den();
            boolean square = sarNum == 0 || sarNum == sarDen;
            int rate = 0;
            int channels = 0;
            if (aIdx >= 0) {
                AVCodecParameters ap = ctx.streams(aIdx).codecpar();
                rate = ap.sample_rate();
                channels = ap.ch_layout().nb_channels();
            }
            ClipInfo info = new ClipInfo(clip, codec, dw, dh, fps, pixFmt, rotation, duration, frames, aIdx >= 0,
                    rate, channels);
            String key = cp.codec_id() + "|" + cp.width() + "x" + cp.height() + "|" + cp.format() + "|" + cp.profile()
                    + "|" + cp.level() + "|" + sarNum + ":" + sarDen + "|" + vs.r_frame_rate().num() + "/"
                    + vs.r_frame_rate().den() + "|" + rotation + "|" + extradataHash(cp);
            boolean copyable = cp.codec_id() == avcodec.AV_CODEC_ID_H264 && cp.format() == avutil.AV_PIX_FMT_YUV420P
                    && square && Math.max(dw, dh) <= MAX_W && Math.min(dw, dh) <= MAX_H && cp.extradata_size() > 0;
            return new Probed(info, key, copyable, dw, dh, tbNum, tbDen, minPts, maxEnd - minPts, bytes,
                    audioBytes);
        } finally {
            avcodec.av_packet_free(pkt);
            avformat.avformat_close_input(ctx); // a no-op when opening failed (the context is NULL then)
        }
    }

    /** Counter-clockwise degrees from the display matrix, as {@code FFmpegFrameGrabber.getDisplayRotation()}. */
    private static double displayRotation(AVCodecParameters cp) {
        for (int i = 0; i < cp.nb_coded_side_data(); i++) {
            AVPacketSideData sd = cp.coded_side_data().position(i);
            if (sd.type() == avcodec.AV_PKT_DATA_DISPLAYMATRIX && sd.size() >= 36) {
                return avutil.av_display_rotation_get(new IntPointer(sd.data()));
            }
        }
        return 0;
    }

    private static double fps(AVStream vs, long frames, double duration) {
        int num = vs.avg_frame_rate().num();
        int den = vs.avg_frame_rate().den();
        if (num > 0 && den > 0) {
            return num / (double) den;
        }
        num = vs.r_frame_rate().num();
        den = vs.r_frame_rate().den();
        if (num > 0 && den > 0) {
            return num / (double) den;
        }
        return frames / duration;
    }

    private static String extradataHash(AVCodecParameters cp) {
        int n = cp.extradata_size();
        if (n <= 0 || cp.extradata() == null) {
            return "none";
        }
        byte[] bytes = new byte[n];
        cp.extradata().get(bytes);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
