package io.storyreel.sim.render;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders the clip a provider would return for an image: a slow centred zoom (Ken Burns) over the picture, H.264
 * (libx264, yuv420p) in an MP4 with {@code moov} first ({@code +faststart}), with a quiet AAC tone only when the model
 * would have produced sound.
 *
 * <p>Output size: the spec's resolutions ("720p", "768P", "1080p") name the short side; the long side follows the
 * input image's aspect ratio, rounded to an even number, as the providers' outputs follow the input image. Renders
 * are cached on disk by (image hash, size, fps, length, audio), so repeated tests pay for each clip once.
 */
public final class ClipRenderer {

    /**
     * What to render.
     *
     * @param shortSide output short side in pixels (720 for "720p")
     * @param fps       frames per second
     * @param seconds   clip length; rounded to whole frames
     * @param audio     add an AAC audio track
     */
    public record ClipSpec(int shortSide, int fps, double seconds, boolean audio) {
        public ClipSpec {
            if (shortSide < 16 || fps < 1 || seconds <= 0) {
                throw new IllegalArgumentException("bad clip spec " + shortSide + "/" + fps + "/" + seconds);
            }
        }
    }

    /** A rendered MP4 and what it really is. */
    public record RenderedClip(Path file, int width, int height, int fps, double seconds, boolean audio, long bytes) {
    }

    static {
        // FFmpeg logs every encode at INFO to stderr; keep only real errors in test and simulator output
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private static final int SAMPLE_RATE = 44_100;
    private static final double ZOOM = 0.12;

    private final Path cacheDir;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public ClipRenderer(Path cacheDir) {
        this.cacheDir = Objects.requireNonNull(cacheDir);
    }

    /** A renderer caching under {@code <java.io.tmpdir>/storyreel-sim-clips}, shared by every simulator run. */
    public static ClipRenderer inTempDir() {
        return new ClipRenderer(Path.of(System.getProperty("java.io.tmpdir"), "storyreel-sim-clips"));
    }

    /** Output width and height for an image of {@code w}×{@code h} at the given short side: aspect kept, both even. */
    public static int[] outputSize(int w, int h, int shortSide) {
        if (w >= h) {
            return new int[] {even(shortSide * (double) w / h), even(shortSide)};
        }
        return new int[] {even(shortSide), even(shortSide * (double) h / w)};
    }

    /** Number of frames a clip of {@code seconds} has at {@code fps}. */
    public static int frameCount(double seconds, int fps) {
        return Math.max(1, (int) Math.round(seconds * fps));
    }

    public RenderedClip render(byte[] image, ClipSpec spec) throws IOException {
        BufferedImage source = decode(image);
        int[] size = outputSize(source.getWidth(), source.getHeight(), spec.shortSide());
        int frames = frameCount(spec.seconds(), spec.fps());
        String key = String.format(Locale.ROOT, "%s-%dx%d-%dfps-%df-%s", sha256(image).substring(0, 24), size[0],
                size[1], spec.fps(), frames, spec.audio() ? "aac" : "silent");
        Path target = cacheDir.resolve(key + ".mp4");
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            if (!Files.isRegularFile(target) || Files.size(target) == 0) {
                Files.createDirectories(cacheDir);
                Path tmp = Files.createTempFile(cacheDir, key, ".part.mp4");
                try {
                    encode(source, size[0], size[1], spec.fps(), frames, spec.audio(), tmp);
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        }
        return new RenderedClip(target, size[0], size[1], spec.fps(), frames / (double) spec.fps(), spec.audio(),
                Files.size(target));
    }

    private static void encode(BufferedImage source, int width, int height, int fps, int frames, boolean audio,
                               Path out) throws IOException {
        BufferedImage cover = cover(source, (int) Math.ceil(width * (1 + ZOOM)), (int) Math.ceil(height * (1 + ZOOM)));
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), width, height, audio ? 1 : 0);
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setVideoCodecName("libx264");
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setGopSize(fps * 2);
            recorder.setVideoOption("preset", "ultrafast");
            recorder.setVideoOption("crf", "26");
            recorder.setOption("movflags", "+faststart");
            if (audio) {
                recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                recorder.setSampleRate(SAMPLE_RATE);
                recorder.setAudioChannels(1);
                recorder.setAudioBitrate(64_000);
            }
            recorder.start();
            long samplesWritten = 0;
            Graphics2D g = canvas.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            try {
                for (int i = 0; i < frames; i++) {
                    double t = frames == 1 ? 0 : i / (double) (frames - 1);
                    // ease in/out so the zoom starts and stops gently
                    double eased = t * t * (3 - 2 * t);
                    double visible = 1 / (1 + ZOOM * eased);
                    double sw = cover.getWidth() * visible;
                    double sh = cover.getHeight() * visible;
                    int sx = (int) Math.round((cover.getWidth() - sw) / 2);
                    int sy = (int) Math.round((cover.getHeight() - sh) / 2);
                    g.drawImage(cover, 0, 0, width, height, sx, sy, sx + (int) Math.round(sw),
                            sy + (int) Math.round(sh), null);
                    Frame frame = converter.convert(canvas);
                    recorder.record(frame);
                    if (audio) {
                        long until = Math.round((i + 1) * (double) SAMPLE_RATE / fps);
                        short[] samples = tone(samplesWritten, (int) (until - samplesWritten));
                        recorder.recordSamples(SAMPLE_RATE, 1, ShortBuffer.wrap(samples));
                        samplesWritten = until;
                    }
                }
            } finally {
                g.dispose();
            }
            recorder.stop();
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new IOException("rendering the clip failed: " + e.getMessage(), e);
        }
    }

    /** A quiet 440 Hz tone: audible proof of a sound track without being unpleasant. */
    private static short[] tone(long from, int count) {
        short[] s = new short[count];
        for (int i = 0; i < count; i++) {
            s[i] = (short) (Math.sin(2 * Math.PI * 440 * (from + i) / SAMPLE_RATE) * 3000);
        }
        return s;
    }

    /** Scales and centre-crops {@code src} so it exactly covers {@code w}×{@code h}. */
    private static BufferedImage cover(BufferedImage src, int w, int h) {
        double scale = Math.max(w / (double) src.getWidth(), h / (double) src.getHeight());
        int sw = (int) Math.round(w / scale);
        int sh = (int) Math.round(h / scale);
        int sx = Math.max(0, (src.getWidth() - sw) / 2);
        int sy = Math.max(0, (src.getHeight() - sh) / 2);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(src, 0, 0, w, h, sx, sy, sx + sw, sy + sh, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage decode(byte[] image) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(image));
        if (img != null) {
            return img;
        }
        // WebP and anything else the JDK cannot read: let FFmpeg decode it
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(image));
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            Frame frame = grabber.grabImage();
            BufferedImage decoded = frame == null ? null : converter.convert(frame);
            if (decoded == null) {
                throw new IOException("the image cannot be decoded");
            }
            BufferedImage copy = new BufferedImage(decoded.getWidth(), decoded.getHeight(),
                    BufferedImage.TYPE_3BYTE_BGR);
            copy.getGraphics().drawImage(decoded, 0, 0, null);
            grabber.stop();
            return copy;
        }
    }

    /** The nearest even number (yuv420p needs even dimensions): 1365.3 → 1366, 682.7 → 682. */
    private static int even(double v) {
        return 2 * (int) Math.round(v / 2);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
