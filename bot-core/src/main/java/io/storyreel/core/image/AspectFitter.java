package io.storyreel.core.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Fits a photo to a film's shape (width over height) before any provider sees it: by cutting the centre out
 * ({@link #crop}), or by placing the whole photo over a blurred, enlarged copy of itself ({@link #pad}), as phone
 * apps do, so nothing of the picture is lost and no black bars appear. Output is JPEG; the long side is kept at most
 * {@link #MAX_LONG_SIDE}. The same photo and shape always give the same bytes, so a fitted photo stored by content
 * is found again, and a clip made from it earlier is reused.
 */
public final class AspectFitter {
    /** Films are at most 1080p; providers scale larger input down anyway. */
    public static final int MAX_LONG_SIDE = 2048;
    private static final float QUALITY = 0.92f;

    private final BoundedImageDecoder decoder;

    public AspectFitter(BoundedImageDecoder decoder) {
        this.decoder = decoder;
    }

    /** Whether a {@code width}×{@code height} picture already has {@code ratio} (within 1 %). */
    public static boolean fits(int width, int height, double ratio) {
        return Math.abs((double) width / height / ratio - 1) < 0.01;
    }

    /** The centre of {@code photo} with shape {@code ratio}. */
    public byte[] crop(byte[] photo, double ratio) {
        BufferedImage src = decoder.decode(photo, MAX_LONG_SIDE).image();
        int w = src.getWidth();
        int h = src.getHeight();
        int cw = (double) w / h > ratio ? (int) Math.round(h * ratio) : w;
        int ch = (double) w / h > ratio ? h : (int) Math.round(w / ratio);
        cw = even(cw);
        ch = even(ch);
        BufferedImage out = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(src, 0, 0, cw, ch, (w - cw) / 2, (h - ch) / 2, (w - cw) / 2 + cw, (h - ch) / 2 + ch, null);
        } finally {
            g.dispose();
        }
        return JpegEncoder.encode(out, QUALITY);
    }

    /** All of {@code photo}, centred on a canvas of shape {@code ratio} filled with a blurred copy of it. */
    public byte[] pad(byte[] photo, double ratio) {
        BufferedImage src = decoder.decode(photo, MAX_LONG_SIDE).image();
        int w = src.getWidth();
        int h = src.getHeight();
        int cw = (double) w / h > ratio ? w : (int) Math.round(h * ratio);
        int ch = (double) w / h > ratio ? (int) Math.round(w / ratio) : h;
        double shrink = Math.min(1, MAX_LONG_SIDE / (double) Math.max(cw, ch));
        cw = even((int) Math.round(cw * shrink));
        ch = even((int) Math.round(ch * shrink));
        int pw = (int) Math.round(w * shrink);
        int ph = (int) Math.round(h * shrink);
        BufferedImage out = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(blurredCover(src, cw, ch), 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(src, (cw - pw) / 2, (ch - ph) / 2, pw, ph, null);
        } finally {
            g.dispose();
        }
        return JpegEncoder.encode(out, QUALITY);
    }

    /**
     * {@code src} enlarged to cover {@code cw}×{@code ch}, blurred: drawn down to a few dozen pixels across and
     * smoothly back up, which blurs as strongly as a wide kernel at a fraction of its cost.
     */
    private static BufferedImage blurredCover(BufferedImage src, int cw, int ch) {
        double scale = Math.max(cw / (double) src.getWidth(), ch / (double) src.getHeight());
        int sw = (int) Math.round(cw / scale);
        int sh = (int) Math.round(ch / scale);
        int sx = (src.getWidth() - sw) / 2;
        int sy = (src.getHeight() - sh) / 2;
        int tw = Math.max(2, cw / 32);
        int th = Math.max(2, ch / 32);
        BufferedImage tiny = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
        Graphics2D t = tiny.createGraphics();
        try {
            t.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            t.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            t.drawImage(src.getScaledInstance(tw, th, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, tw, th, null);
        } finally {
            t.dispose();
        }
        // the crop window of the source, in the tiny picture's pixels
        BufferedImage back = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
        Graphics2D b = back.createGraphics();
        try {
            b.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            double fx = tw / (double) src.getWidth();
            double fy = th / (double) src.getHeight();
            b.drawImage(tiny, 0, 0, cw, ch, (int) Math.floor(sx * fx), (int) Math.floor(sy * fy),
                    (int) Math.ceil((sx + sw) * fx), (int) Math.ceil((sy + sh) * fy), null);
        } finally {
            b.dispose();
        }
        return back;
    }

    private static int even(int n) {
        return Math.max(2, n - n % 2);
    }
}
