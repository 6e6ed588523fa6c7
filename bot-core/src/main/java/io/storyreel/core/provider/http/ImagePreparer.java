package io.storyreel.core.provider.http;

import io.storyreel.core.image.BoundedImageDecoder;
import io.storyreel.core.image.JpegEncoder;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ImageConstraints;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ReferenceImage;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Makes a photo acceptable to one provider, or says in plain words why it cannot. An image that already fits is
 * returned byte for byte. Otherwise, in this order: pad with black bars to the aspect-ratio limit (nothing of the
 * photo is cut), refuse if a side is still below the minimum (upscaling would only blur it), re-encode as JPEG when
 * the format is not accepted or the image was changed, and downscale when the file is over the byte limit.
 */
public final class ImagePreparer {
    private static final float JPEG_QUALITY = 0.92f;
    private final BoundedImageDecoder decoder;
    private final RecentlyPrepared recent = new RecentlyPrepared(32L * 1024 * 1024);

    public ImagePreparer() {
        this(BoundedImageDecoder.shared());
    }

    public ImagePreparer(BoundedImageDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * The request with its start image (and end image and reference images, when it has them) prepared for this
     * provider: the same for every provider, so each provider's {@code prepare()} only adds its own checks.
     */
    public GenerationRequest prepareImages(GenerationRequest request, Capabilities capabilities) {
        PreparedImage first = prepare(request.image(), capabilities.image(), capabilities.displayName());
        GenerationRequest out = request.withImage(first.bytes(), first.mime());
        if (request.endImage() != null) {
            PreparedImage last = prepare(request.endImage(), capabilities.image(), capabilities.displayName());
            out = out.withEndImage(last.bytes(), last.mime());
        }
        if (!request.referenceImages().isEmpty()) {
            List<ReferenceImage> refs = new ArrayList<>();
            for (ReferenceImage r : request.referenceImages()) {
                PreparedImage p = prepare(r.bytes(), capabilities.image(), capabilities.displayName());
                refs.add(new ReferenceImage(p.bytes(), p.mime()));
            }
            out = out.withReferenceImages(refs);
        }
        return out;
    }

    public PreparedImage prepare(byte[] bytes, ImageConstraints limits, String providerName) {
        if (bytes == null || bytes.length == 0) {
            throw refuse("The photo is empty. Please send it again.", "image_empty");
        }
        return recent.get(bytes, limits, providerName, () -> prepareNow(bytes, limits, providerName));
    }

    private PreparedImage prepareNow(byte[] bytes, ImageConstraints limits, String providerName) {
        BoundedImageDecoder.Decoded decoded = decode(bytes, limits);
        String format = decoded.format();
        BufferedImage image = decoded.image();
        int w0 = decoded.sourceWidth();
        int h0 = decoded.sourceHeight();
        List<String> fixes = new ArrayList<>();
        if (decoded.reduced()) {
            fixes.add("downscaled from " + w0 + "×" + h0 + " to " + image.getWidth() + "×" + image.getHeight()
                    + " (" + providerName + " uses at most " + limits.maxLongSide() + " px)");
        }

        BufferedImage work = padToAspect(image, limits, fixes);
        if (Math.min(work.getWidth(), work.getHeight()) < limits.minEachSide()) {
            throw refuse("This photo is " + w0 + "×" + h0 + " pixels, but " + providerName + " needs at least "
                    + limits.minEachSide() + " pixels on each side. Please send a larger photo.", "image_too_small");
        }
        boolean formatOk = limits.formats().contains(format);
        if (fixes.isEmpty() && formatOk && bytes.length <= limits.maxBytes()) {
            return new PreparedImage(bytes, mime(format), w0, h0, List.of());
        }
        if (!formatOk) {
            fixes.add("converted " + format.toUpperCase(Locale.ROOT) + " to JPEG");
        }
        byte[] jpeg = JpegEncoder.encode(work, JPEG_QUALITY);
        if (jpeg.length > limits.maxBytes()) {
            BufferedImage scaled = work;
            float quality = JPEG_QUALITY;
            for (int i = 0; i < 12 && jpeg.length > limits.maxBytes(); i++) {
                double factor = Math.sqrt((double) limits.maxBytes() / jpeg.length) * 0.95;
                int shortSide = Math.min(scaled.getWidth(), scaled.getHeight());
                if (shortSide * factor < limits.minEachSide()) {
                    // cannot shrink further without going under the minimum: shrink to it, then lower quality
                    factor = (double) limits.minEachSide() / shortSide;
                    if (factor > 0.999) {
                        if (quality <= 0.6f) {
                            throw refuse("This photo is too large for " + providerName + " even after shrinking it. "
                                    + "Please send a smaller or simpler photo.", "image_too_large");
                        }
                        quality -= 0.15f;
                    }
                }
                if (factor <= 0.999) {
                    scaled = scale(scaled, (int) Math.ceil(scaled.getWidth() * factor),
                            (int) Math.ceil(scaled.getHeight() * factor));
                }
                jpeg = JpegEncoder.encode(scaled, quality);
            }
            if (jpeg.length > limits.maxBytes()) {
                throw refuse("This photo is too large for " + providerName + ". Please send a smaller photo.",
                        "image_too_large");
            }
            fixes.add("downscaled from " + work.getWidth() + "×" + work.getHeight() + " to " + scaled.getWidth()
                    + "×" + scaled.getHeight() + " to fit " + limits.maxBytes() / 1_000_000 + " MB");
            work = scaled;
        } else if (formatOk && fixes.isEmpty()) {
            fixes.add("re-encoded as JPEG to fit " + limits.maxBytes() / 1_000_000 + " MB");
        }
        return new PreparedImage(jpeg, "image/jpeg", work.getWidth(), work.getHeight(), List.copyOf(fixes));
    }

    /**
     * Read straight to the size the provider needs ({@link BoundedImageDecoder}); memory pressure is a retryable
     * TRANSIENT error ("busy"), never a verdict that the photo is damaged.
     */
    private BoundedImageDecoder.Decoded decode(byte[] bytes, ImageConstraints limits) {
        try {
            return decoder.decode(bytes, limits.maxLongSide());
        } catch (BoundedImageDecoder.Busy e) {
            throw new ProviderException(ErrorKind.TRANSIENT, "I'm busy preparing other large photos; this one will "
                    + "be tried again in a moment.", "image_busy", "image", Duration.ofSeconds(15), true, null);
        } catch (BoundedImageDecoder.Unreadable e) {
            throw e.knownFormat()
                    ? refuse("This picture seems to be damaged and could not be opened. Please send another photo.",
                    "image_unreadable")
                    : refuse("I could not read this file as a picture. Please send a JPEG or PNG photo.",
                    "image_unreadable");
        }
    }

    private static BufferedImage padToAspect(BufferedImage image, ImageConstraints limits, List<String> fixes) {
        int w = image.getWidth();
        int h = image.getHeight();
        double aspect = (double) w / h;
        int nw = w;
        int nh = h;
        if (aspect > limits.maxAspect()) {
            nh = (int) Math.ceil(w / limits.maxAspect());
        } else if (aspect < limits.minAspect()) {
            nw = (int) Math.ceil(h * limits.minAspect());
        }
        if (nw == w && nh == h) {
            return image;
        }
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, nw, nh);
            g.drawImage(image, (nw - w) / 2, (nh - h) / 2, null);
        } finally {
            g.dispose();
        }
        fixes.add("added black bars (" + w + "×" + h + " → " + nw + "×" + nh + ") to fit the aspect-ratio limit");
        return out;
    }

    private static BufferedImage scale(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static String mime(String format) {
        return "image/" + format;
    }

    private static ProviderException refuse(String message, String code) {
        return new ProviderException(ErrorKind.INVALID_INPUT, message, code, "image", null, false, null);
    }
}
