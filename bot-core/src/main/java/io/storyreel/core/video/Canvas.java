package io.storyreel.core.video;

/**
 * A film's canvas: the picture size and frame rate every clip is normalised to as it lands, so that the film is a
 * concatenation of identical streams (a copy). Sound is always AAC at 48 kHz stereo ({@link ClipAudio#RATE}).
 * {@link #key} names it in the database: a clip normalised for another canvas is not used for this one.
 */
public record Canvas(int width, int height, int fpsNum, int fpsDen) {
    /** The largest canvas (long side, short side): what the merger produces at most. */
    private static final int MAX_LONG = 1920;
    private static final int MAX_SHORT = 1080;

    public Canvas {
        if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0 || fpsNum <= 0 || fpsDen <= 0) {
            throw new IllegalArgumentException("Not a canvas: " + width + "x" + height + "@" + fpsNum + "/" + fpsDen);
        }
    }

    /**
     * The canvas of shape {@code ratio} (width over height) whose short side is {@code shortSide} (at most 1080, the
     * long side at most 1920), even sizes, at {@code fps} (at most 30; whole, or NTSC's x/1001).
     */
    public static Canvas of(double ratio, int shortSide, double fps) {
        if (!(ratio > 0) || shortSide <= 0 || !(fps > 0)) {
            throw new IllegalArgumentException("Not a canvas: ratio " + ratio + ", short side " + shortSide + ", " + fps + " fps");
        }
        double s = Math.min(shortSide, MAX_SHORT);
        double w = ratio >= 1 ? s * ratio : s;
        double h = ratio >= 1 ? s : s / ratio;
        double scale = Math.min(1.0, MAX_LONG / Math.max(w, h));
        EncodePlan rate = JavacvMerger.rate(Math.min(30, fps));
        return new Canvas(FitPath.even(w * scale), FitPath.even(h * scale), rate.fpsNum(), rate.fpsDen());
    }

    /** "1280x720@30/1": stored beside a normalised clip. */
    public String key() {
        return width + "x" + height + "@" + fpsNum + "/" + fpsDen;
    }

    double fps() {
        return fpsNum / (double) fpsDen;
    }

    EncodePlan plan() {
        return EncodePlan.quality(width, height, fpsNum, fpsDen);
    }
}
