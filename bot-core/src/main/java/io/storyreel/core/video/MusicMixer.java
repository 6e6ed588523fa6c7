package io.storyreel.core.video;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * The film's sound step, run on the merged film ({@link SoundPlan}): the picture's packets are copied unchanged and
 * the sound track is made again from the film's own sound (or none, when the clips' sound is off) with the music
 * under it ({@link BedMix}), encoded as one AAC track written in step with the picture, {@code moov} first. The film's
 * sound is decoded whole and the music only as far as the film lasts, so memory stays at about 1.2 MB per second of
 * film whatever the music file's length.
 */
public final class MusicMixer {
    /** The film's AAC rate when it had real sound; a silent film's track is a few kbit/s and gets this. */
    static final int MIN_BITRATE = 64_000;

    /** Writes {@code film} with its sound made by {@code plan} to {@code target}; returns the new film's size. */
    public long mix(Path film, SoundPlan plan, Path target) {
        VideoNatives.ensureLoaded();
        Probed probed = ClipProbe.probe(film);
        AVStreamTimes times = new AVStreamTimes(probed);
        int frames = (int) times.samples(probed.durationPts());
        float[] clip = plan.clipSound() ? decode(film, probed.info().hasAudio(), probed.startSeconds(), frames, false) : null;
        float[] music = plan.music() == null ? null : decode(plan.music(), true, 0, frames, plan.loop());
        float[] track = BedMix.mix(clip, music, frames, plan);
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            Files.createDirectories(dir);
            int bitrate = (int) Math.max(MIN_BITRATE, Math.min(CopyPath.AUDIO_BITRATE,
                    probed.audioBytes() * 8 / Math.max(0.1, probed.info().durationSeconds())));
            write(film, probed, times, track, frames, bitrate, temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return Files.size(target);
        } catch (VideoException e) {
            throw e;
        } catch (Exception e) {
            throw new VideoException("The film's sound could not be mixed: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a temp file; the OS cleans it eventually
            }
        }
    }

    /** {@code frames} stereo samples of {@code file}'s sound from {@code fromSeconds}, looped when asked. */
    private static float[] decode(Path file, boolean hasAudio, double fromSeconds, int frames, boolean loop) {
        float[] out = new float[2 * frames];
        int at = 0;
        while (at < frames) {
            int before = at;
            try (ClipAudio sound = new ClipAudio(file, hasAudio, fromSeconds)) {
                int k;
                while (at < frames && (k = sound.readSome(out, 2 * at, Math.min(8192, frames - at))) > 0) {
                    at += k;
                }
            }
            if (!loop || at == before) {
                break; // played once, or a file that decodes to nothing: silence rather than an endless loop
            }
        }
        return out;
    }

    private static void write(Path film, Probed probed, AVStreamTimes times, float[] track, int frames, int bitrate,
                              Path out) throws Exception {
        FFmpegFrameGrabber in = new FFmpegFrameGrabber(film.toFile());
        AVFormatContext fake = avformat.avformat_alloc_context();
        FFmpegFrameRecorder rec = null;
        AudioLane lane = null;
        try {
            in.start();
            AVFormatContext ctx = in.getFormatContext();
            int video = in.getVideoStream();
            AVStream vs = ctx.streams(video);
            AVStream fv = avformat.avformat_new_stream(fake, null);
            avcodec.avcodec_parameters_copy(fv.codecpar(), vs.codecpar());
            fv.time_base(vs.time_base());
            fv.r_frame_rate(vs.r_frame_rate());
            fv.avg_frame_rate(vs.avg_frame_rate());
            rec = new FFmpegFrameRecorder(out.toFile(), probed.info().width(), probed.info().height(), 2);
            rec.setFormat("mp4");
            rec.setOption("movflags", "+faststart");
            rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            rec.setSampleRate(ClipAudio.RATE);
            rec.setAudioChannels(2);
            rec.setAudioBitrate(bitrate);
            rec.start(fake);
            lane = new AudioLane(rec, null);
            AudioLane.Segment seg = lane.begin(new Track(track), 0, 0);
            AVPacket pkt;
            long lastDts = Long.MIN_VALUE;
            while ((pkt = in.grabPacket()) != null) {
                if (pkt.stream_index() != video) {
                    avcodec.av_packet_unref(pkt);
                    continue;
                }
                long pts = pkt.pts() == avutil.AV_NOPTS_VALUE ? pkt.dts() : pkt.pts();
                long dts = pkt.dts() == avutil.AV_NOPTS_VALUE ? pts : pkt.dts();
                pts -= probed.startPts();
                dts -= probed.startPts();
                if (dts <= lastDts) {
                    dts = lastDts + 1;
                    pts = Math.max(pts, dts);
                }
                lastDts = dts;
                // sound written in step with the picture, so the muxer interleaves without queueing
                lane.advanceTo(Math.max(0, Math.min(frames, times.samples(dts))));
                pkt.pts(pts);
                pkt.dts(dts);
                pkt.stream_index(0);
                pkt.pos(-1);
                rec.recordPacket(pkt);
            }
            lane.end(seg, frames, 0);
            lane.advanceTo(frames);
            lane.flush();
            rec.stop();
        } finally {
            if (lane != null) {
                lane.close();
            }
            if (rec != null) {
                rec.release();
            }
            avformat.avformat_free_context(fake);
            in.release();
        }
    }

    /** The video stream's clock turned into 48 kHz sample positions. */
    private record AVStreamTimes(int num, int den) {
        AVStreamTimes(Probed p) {
            this(p.timeBaseNum(), p.timeBaseDen());
        }

        long samples(long pts) {
            return Math.round(pts * (double) num / den * ClipAudio.RATE);
        }
    }

    /** The mixed track, read in order. */
    private static final class Track implements SoundSource {
        private final float[] samples;
        private int at;

        Track(float[] samples) {
            this.samples = samples;
        }

        @Override
        public int readSome(float[] dst, int off, int n) {
            int k = Math.min(n, (samples.length - at) / 2);
            System.arraycopy(samples, at, dst, off, 2 * k);
            at += 2 * k;
            return k;
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
