package io.storyreel.core.video;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;

/**
 * A generated clip like a provider's output: a moving test pattern (frame number visible as a sweeping bar) and a sine
 * tone, encoded with libx264 (or 10-bit HEVC). Drawn in Java and written with {@link FFmpegFrameRecorder}, so it needs
 * no libavdevice/lavfi (which needs libpulse). Used by tests, the simulators and {@code storyreel bench merge}.
 *
 * @param audioRate     0 for a clip without audio
 * @param audioSeconds  how long the tone lasts; real encoders give slightly longer audio than video
 * @param rotation      display rotation metadata in degrees clockwise (0, 90, 180, 270)
 * @param codec         {@code "h264"} or {@code "hevc10"}
 * @param crf           quality; lower gives bigger files (noise makes the pattern expensive to encode)
 * @param lavfi         pictures and tone from FFmpeg's lavfi sources ({@code testsrc2}, {@code sine}) instead of Java
 */
public record SyntheticClip(int width, int height, double fps, double seconds, int audioRate, int audioChannels,
                            double audioSeconds, double toneHz, int rotation, String codec, int crf, boolean noise,
                            boolean lavfi) {

    public static SyntheticClip of(int width, int height, double fps, double seconds) {
        return new SyntheticClip(width, height, fps, seconds, 48000, 2, seconds + 0.013, 440, 0, "h264", 23, false,
                false);
    }

    public SyntheticClip withoutAudio() {
        return new SyntheticClip(width, height, fps, seconds, 0, 0, 0, toneHz, rotation, codec, crf, noise, lavfi);
    }

    public SyntheticClip withAudio(int rate, int channels, double audioSecs) {
        return new SyntheticClip(width, height, fps, seconds, rate, channels, audioSecs, toneHz, rotation, codec, crf, noise, lavfi);
    }

    public SyntheticClip withTone(double hz) {
        return new SyntheticClip(width, height, fps, seconds, audioRate, audioChannels, audioSeconds, hz, rotation, codec, crf, noise, lavfi);
    }

    public SyntheticClip withRotation(int degrees) {
        return new SyntheticClip(width, height, fps, seconds, audioRate, audioChannels, audioSeconds, toneHz, degrees, codec, crf, noise, lavfi);
    }

    public SyntheticClip withCodec(String c) {
        return new SyntheticClip(width, height, fps, seconds, audioRate, audioChannels, audioSeconds, toneHz, rotation, c, crf, noise, lavfi);
    }

    /** Heavy content (per-frame noise, low CRF), about what providers deliver. */
    public SyntheticClip heavy() {
        return new SyntheticClip(width, height, fps, seconds, audioRate, audioChannels, audioSeconds, toneHz, rotation, codec, 20, true, lavfi);
    }

    /**
     * Pictures and tone from FFmpeg's lavfi sources instead of drawn in Java: {@code testsrc2} (with {@code noise}
     * when heavy) and {@code sine}, run as a libavfilter graph ({@link LavfiSource}).
     */
    public SyntheticClip fromLavfi() {
        return new SyntheticClip(width, height, fps, seconds, audioRate, audioChannels, audioSeconds, toneHz, rotation,
                codec, crf, noise, true);
    }

    public long frameCount() {
        return Math.round(seconds * fps);
    }

    /** Writes the clip to {@code out} (MP4, faststart). */
    public Path writeTo(Path out) {
        VideoNatives.ensureLoaded();
        int channels = audioRate > 0 ? Math.max(1, audioChannels) : 0;
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), width, height, channels)) {
            rec.setFormat("mp4");
            rec.setFrameRate(fps);
            rec.setGopSize((int) Math.round(2 * fps));
            rec.setOption("movflags", "+faststart");
            if ("hevc10".equals(codec)) {
                rec.setVideoCodec(avcodec.AV_CODEC_ID_HEVC);
                rec.setVideoCodecName("libx265");
                rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P10LE);
                rec.setVideoOption("preset", "ultrafast");
                rec.setVideoOption("x265-params", "log-level=error");
            } else {
                rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
                rec.setVideoCodecName("libx264");
                rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                rec.setVideoOption("preset", "veryfast");
                rec.setVideoOption("profile", "high");
            }
            rec.setVideoOption("crf", Integer.toString(crf));
            if (rotation != 0) {
                // JavaCV's angle comes back negated through the MP4 display matrix; write it so that players (and
                // ClipInfo.rotation) turn the picture clockwise by "rotation" degrees
                rec.setDisplayRotation(-rotation);
            }
            if (channels > 0) {
                rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                rec.setSampleRate(audioRate);
                rec.setAudioBitrate(128000);
            }
            rec.start();
            int frames = (int) frameCount();
            long samplesTotal = channels > 0 ? Math.round(audioSeconds * audioRate) : 0;
            long samplesDone = 0;
            ByteBuffer image = ByteBuffer.allocateDirect(Math.max(1, width * height * 3 / 2));
            FloatBuffer audio = ByteBuffer.allocateDirect(4 * channels * Math.max(1, audioRate))
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
            long seed = 1234567L;
            boolean picture = width > 0 && height > 0; // 0x0 writes an audio-only file
            LavfiSource pictures = lavfi && picture ? lavfiPictures() : null;
            float[] toneTable = lavfi && channels > 0 ? lavfiTone(channels, samplesTotal) : null;
            for (int i = 0; i < frames; i++) {
                if (pictures != null) {
                    copyPicture(pictures.next(), image);
                    rec.recordImage(width, height, Frame.DEPTH_UBYTE, 1, width, avutil.AV_PIX_FMT_YUV420P, image);
                } else if (picture) {
                    seed = drawFrame(image, i, seed);
                    rec.recordImage(width, height, Frame.DEPTH_UBYTE, 1, width, avutil.AV_PIX_FMT_YUV420P, image);
                }
                long until = Math.min(samplesTotal, Math.round((i + 1) / fps * audioRate));
                samplesDone = tone(rec, audio, channels, samplesDone, until, toneTable);
            }
            samplesDone = tone(rec, audio, channels, samplesDone, samplesTotal, toneTable);
            rec.stop();
            if (pictures != null) {
                pictures.close();
            }
            return out;
        } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
            throw new VideoException("Could not write a test clip to " + out + ": " + e.getMessage(), e);
        }
    }

    private long tone(FFmpegFrameRecorder rec, FloatBuffer buf, int channels, long from, long until, float[] lavfiTone)
            throws org.bytedeco.javacv.FrameRecorder.Exception {
        if (channels == 0 || until <= from) {
            return from;
        }
        buf.clear();
        for (long s = from; s < until; s++) {
            for (int c = 0; c < channels; c++) {
                buf.put(lavfiTone != null ? lavfiTone[(int) (s * channels + c)]
                        : (float) (0.3 * Math.sin(2 * Math.PI * toneHz * s / audioRate)));
            }
        }
        buf.flip();
        rec.recordSamples(audioRate, channels, buf);
        return until;
    }

    private LavfiSource lavfiPictures() {
        String rate = fps == Math.rint(fps) ? Integer.toString((int) fps) : Double.toString(fps);
        String[] source = {"testsrc2", "s=" + width + "x" + height + ":r=" + rate};
        String[] format = {"format", "pix_fmts=yuv420p"};
        return noise ? new LavfiSource(false, source, new String[]{"noise", "alls=12:allf=t"}, format)
                : new LavfiSource(false, source, format);
    }

    /** The whole tone from lavfi's sine source, interleaved float (a few seconds). */
    private float[] lavfiTone(int channels, long samples) {
        float[] out = new float[(int) (samples * channels)];
        // sine's amplitude is 1/8; the Java tone's is 0.3
        try (LavfiSource src = new LavfiSource(true,
                new String[]{"sine", "frequency=" + toneHz + ":sample_rate=" + audioRate},
                new String[]{"volume", "2.4"},
                new String[]{"aformat", "sample_fmts=flt:channel_layouts=" + (channels == 1 ? "mono" : "stereo")})) {
            int at = 0;
            while (at < out.length) {
                AVFrame f = src.next();
                if (f == null) {
                    break;
                }
                int n = Math.min(f.nb_samples() * channels, out.length - at);
                new FloatPointer(f.data(0)).get(out, at, n);
                at += n;
            }
        }
        return out;
    }

    private void copyPicture(AVFrame f, ByteBuffer img) {
        if (f == null) {
            throw new VideoException("lavfi: the picture source ended early");
        }
        int at = 0;
        for (int plane = 0; plane < 3; plane++) {
            int w = plane == 0 ? width : width / 2;
            int h = plane == 0 ? height : height / 2;
            BytePointer src = f.data(plane);
            int stride = f.linesize(plane);
            byte[] row = new byte[w];
            for (int y = 0; y < h; y++) {
                src.position((long) y * stride).get(row, 0, w);
                img.put(at, row);
                at += w;
            }
            src.position(0);
        }
    }

    /** A diagonal gradient that moves one step per frame, plus a white bar whose x position is the frame number. */
    private long drawFrame(ByteBuffer img, int frame, long seed) {
        int w = width;
        int h = height;
        int shift = frame * 4;
        int bar = (frame * 8) % w;
        long s = seed;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int v = ((x + y + shift) & 0xff) >> 1;
                v += 40;
                if (x >= bar && x < bar + 6) {
                    v = 235;
                }
                if (noise) {
                    s = s * 6364136223846793005L + 1442695040888963407L;
                    v += (int) ((s >>> 60) & 0x7) - 4;
                }
                img.put(row + x, (byte) v);
            }
        }
        int cw = w / 2;
        int ch = h / 2;
        int uBase = w * h;
        int vBase = uBase + cw * ch;
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                img.put(uBase + y * cw + x, (byte) (128 + ((x * 2 + frame) % 64) - 32));
                img.put(vBase + y * cw + x, (byte) (128 + ((y * 2 + frame) % 64) - 32));
            }
        }
        return s;
    }
}
