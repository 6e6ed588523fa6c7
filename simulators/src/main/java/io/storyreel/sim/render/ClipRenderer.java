package io.storyreel.sim.render;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.AlphaComposite;
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
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders the clip a provider would return for an image: a slow centred zoom (Ken Burns) over the picture, H.264
 * (libx264, yuv420p) in an MP4 with {@code moov} first ({@code +faststart}), with a quiet AAC tone only when the model
 * would have produced sound. Given an end image too, the clip moves from the start image into the end image (a zoom
 * into a cross-dissolve), so its first frame is the one and its last frame the other.
 *
 * <p>Output size: the spec's resolutions ("720p", "768P", "1080p") name the short side; the long side follows the
 * input image's aspect ratio, rounded to an even number, as the providers' outputs follow the input image; or an exact
 * size (Runway's {@code ratio}, Veo's aspect and resolution), the image centre-cropped or letterboxed into it. Renders
 * are cached on disk by (image hashes, size, fit, fps, length, audio), so repeated tests pay for each clip once.
 */
public final class ClipRenderer {

    /**
     * What to render.
     *
     * @param shortSide output short side in pixels (720 for "720p"); the long side follows the image's aspect
     * @param fps       frames per second
     * @param seconds   clip length; rounded to whole frames
     * @param audio     add an AAC audio track
     * @param width     exact output width, or 0 to follow the image (then {@code height} is 0 too)
     * @param height    exact output height, or 0
     * @param fit       how an image of another aspect fills an exact size
     */
    public record ClipSpec(int shortSide, int fps, double seconds, boolean audio, int width, int height, Fit fit) {
        public ClipSpec {
            Objects.requireNonNull(fit, "fit");
            boolean exact = width > 0 || height > 0;
            if ((!exact && shortSide < 16) || fps < 1 || seconds <= 0
                    || (exact && (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0))) {
                throw new IllegalArgumentException("bad clip spec " + shortSide + "/" + width + "x" + height + "/"
                        + fps + "/" + seconds);
            }
        }

        /** A clip whose long side follows the image, as Kling, MiniMax and most fal models do. */
        public ClipSpec(int shortSide, int fps, double seconds, boolean audio) {
            this(shortSide, fps, seconds, audio, 0, 0, Fit.CROP);
        }

        /** A clip of exactly {@code width}×{@code height} (Runway's {@code ratio}, Veo's aspect and resolution). */
        public static ClipSpec exact(int width, int height, int fps, double seconds, boolean audio) {
            return new ClipSpec(Math.min(width, height), fps, seconds, audio, width, height, Fit.CROP);
        }

        /** The same clip with the image letterboxed instead of centre-cropped into an exact size. */
        public ClipSpec padded() {
            return new ClipSpec(shortSide, fps, seconds, audio, width, height, Fit.PAD);
        }

        boolean exactSize() {
            return width > 0;
        }
    }

    /** How an image fills an output of another aspect: centre crop (cover) or letterbox with black bars (pad). */
    public enum Fit { CROP, PAD }

    /** A rendered MP4 and what it really is. */
    public record RenderedClip(Path file, int width, int height, int fps, double seconds, boolean audio, long bytes) {
    }

    static {
        // FFmpeg logs every encode at INFO to stderr; keep only real errors in test and simulator output
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private static final int SAMPLE_RATE = 44_100;
    private static final double ZOOM = 0.12;
    /** Where (as a fraction of the clip) the end picture starts to show through. */
    private static final double DISSOLVE_FROM = 0.35;

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
        return render(image, null, spec);
    }

    /**
     * Renders a clip that starts on {@code image} and, when {@code endImage} is given, ends on it: the start picture
     * zooms in slowly while the end picture, zooming out, dissolves over it, so the first frame is the start image
     * and the last frame is the end image (both fitted to the clip's size), as a first-and-last-frame model returns.
     * The output size follows the start image.
     */
    public RenderedClip render(byte[] image, byte[] endImage, ClipSpec spec) throws IOException {
        // the size from the header alone: a clip already rendered costs no decode, and a large image is read
        // subsampled to the size the clip needs, as a provider's servers would not hold it in this process either
        int[] imageSize = headerSize(image);
        BufferedImage whole = imageSize == null ? decode(image, 0, 0) : null;
        int sourceW = imageSize != null ? imageSize[0] : whole.getWidth();
        int sourceH = imageSize != null ? imageSize[1] : whole.getHeight();
        int[] size = spec.exactSize() ? new int[] {spec.width(), spec.height()}
                : outputSize(sourceW, sourceH, spec.shortSide());
        int frames = frameCount(spec.seconds(), spec.fps());
        String key = String.format(Locale.ROOT, "%s-%s%dx%d-%dfps-%df-%s%s", sha256(image).substring(0, 24),
                endImage == null ? "" : sha256(endImage).substring(0, 16) + "-", size[0], size[1], spec.fps(), frames,
                spec.audio() ? "aac" : "silent", spec.fit() == Fit.PAD ? "-pad" : "");
        Path target = cacheDir.resolve(key + ".mp4");
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            if (!Files.isRegularFile(target) || Files.size(target) == 0) {
                int coverW = cover(size[0]);
                int coverH = cover(size[1]);
                BufferedImage source = whole != null ? whole : decode(image, coverW, coverH);
                BufferedImage end = endImage == null ? null : decode(endImage, coverW, coverH);
                Files.createDirectories(cacheDir);
                Path tmp = Files.createTempFile(cacheDir, key, ".part.mp4");
                try {
                    encode(source, end, spec.fit(), size[0], size[1], spec.fps(), frames, spec.audio(), tmp);
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        }
        return new RenderedClip(target, size[0], size[1], spec.fps(), frames / (double) spec.fps(), spec.audio(),
                Files.size(target));
    }

    /** The picture is drawn this much larger than the frame, so the zoom never shows its edges. */
    private static int cover(int side) {
        return (int) Math.ceil(side * (1 + ZOOM));
    }

    private static void encode(BufferedImage source, BufferedImage endImage, Fit fit, int width, int height, int fps,
                               int frames, boolean audio, Path out) throws IOException {
        int coverW = cover(width);
        int coverH = cover(height);
        BufferedImage start = fitted(source, coverW, coverH, fit);
        BufferedImage end = endImage == null ? null : fitted(endImage, coverW, coverH, fit);
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
                    double eased = smooth(t);
                    g.setComposite(AlphaComposite.Src);
                    drawZoomed(g, start, width, height, eased);
                    if (end != null) {
                        // the end picture zooms out to its full frame while it dissolves in over the second part
                        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER,
                                (float) smooth((t - DISSOLVE_FROM) / (1 - DISSOLVE_FROM))));
                        drawZoomed(g, end, width, height, 1 - eased);
                    }
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

    /** Draws the centre of {@code cover} magnified by {@code 1 + ZOOM * zoom} into the whole canvas. */
    private static void drawZoomed(Graphics2D g, BufferedImage cover, int width, int height, double zoom) {
        double visible = 1 / (1 + ZOOM * zoom);
        double sw = cover.getWidth() * visible;
        double sh = cover.getHeight() * visible;
        int sx = (int) Math.round((cover.getWidth() - sw) / 2);
        int sy = (int) Math.round((cover.getHeight() - sh) / 2);
        g.drawImage(cover, 0, 0, width, height, sx, sy, sx + (int) Math.round(sw), sy + (int) Math.round(sh), null);
    }

    /** Smoothstep on [0, 1], clamped outside it. */
    private static double smooth(double t) {
        double c = Math.max(0, Math.min(1, t));
        return c * c * (3 - 2 * c);
    }

    /** A quiet 440 Hz tone: audible proof of a sound track without being unpleasant. */
    private static short[] tone(long from, int count) {
        short[] s = new short[count];
        for (int i = 0; i < count; i++) {
            s[i] = (short) (Math.sin(2 * Math.PI * 440 * (from + i) / SAMPLE_RATE) * 3000);
        }
        return s;
    }

    /**
     * Scales {@code src} to {@code w}×{@code h}: centre-cropped so it covers the whole frame ({@link Fit#CROP}), or
     * whole inside it with black bars ({@link Fit#PAD}).
     */
    private static BufferedImage fitted(BufferedImage src, int w, int h, Fit fit) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            if (fit == Fit.PAD) {
                double scale = Math.min(w / (double) src.getWidth(), h / (double) src.getHeight());
                int dw = (int) Math.round(src.getWidth() * scale);
                int dh = (int) Math.round(src.getHeight() * scale);
                g.drawImage(src, (w - dw) / 2, (h - dh) / 2, dw, dh, null);
            } else {
                double scale = Math.max(w / (double) src.getWidth(), h / (double) src.getHeight());
                int sw = (int) Math.round(w / scale);
                int sh = (int) Math.round(h / scale);
                int sx = Math.max(0, (src.getWidth() - sw) / 2);
                int sy = Math.max(0, (src.getHeight() - sh) / 2);
                g.drawImage(src, 0, 0, w, h, sx, sy, sx + sw, sy + sh, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Width and height from the header, or null when no ImageIO reader knows the format (WebP: FFmpeg reads it). */
    private static int[] headerSize(byte[] image) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * The picture, read at every n-th pixel when it is at least n times the {@code coverW}×{@code coverH} it is
     * drawn at (0: whole), so it is only ever scaled down from there.
     */
    private static BufferedImage decode(byte[] image, int coverW, int coverH) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (readers.hasNext()) {
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, true);
                    ImageReadParam param = reader.getDefaultReadParam();
                    if (coverW > 0 && coverH > 0) {
                        int step = Math.max(1, Math.min(reader.getWidth(0) / coverW, reader.getHeight(0) / coverH));
                        param.setSourceSubsampling(step, step, 0, 0);
                    }
                    return reader.read(0, param);
                } finally {
                    reader.dispose();
                }
            }
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
