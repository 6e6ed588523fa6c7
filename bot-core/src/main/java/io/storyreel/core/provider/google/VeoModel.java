package io.storyreel.core.provider.google;

import io.storyreel.core.provider.ModelSpec;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What the catalogue's {@code extra} says about one Veo model (see {@code providers/google.yml}): how many reference
 * images it takes, the {@code personGeneration} value to send, and whether it takes a {@code resolution}. A new Veo
 * model needs no code as long as it fits these.
 */
final class VeoModel {
    private final Map<String, Object> extra;

    VeoModel(ModelSpec model) {
        this.extra = model.extra();
    }

    int maxReferenceImages() {
        return extra.get("referenceImages") instanceof Number n ? n.intValue() : 0;
    }

    String personGeneration() {
        Object v = extra.get("personGeneration");
        return v == null ? null : String.valueOf(v);
    }

    boolean sendsResolution() {
        return !Boolean.FALSE.equals(extra.get("resolutionParam"));
    }

    /** The values of {@code parameters.aspectRatio} (spec providers-next §3.2). */
    static final List<String> ASPECT_RATIOS = List.of("16:9", "9:16");

    /**
     * The film's shape where the request has one (the chosen aspect exactly, or the nearest to the first photo's shape
     * with "auto"), else the photo's own ({@link #aspectRatio(byte[])}).
     */
    static String aspectRatio(io.storyreel.core.provider.GenerationRequest request) {
        return request.shape() == null ? aspectRatio(request.image())
                : request.shape().pick(ASPECT_RATIOS).orElseGet(() -> aspectRatio(request.image()));
    }

    /**
     * {@code 9:16} for a photo taller than wide, else {@code 16:9} (Veo's only two); {@code 16:9}, Veo's default, when
     * the photo's size cannot be read.
     */
    static String aspectRatio(byte[] image) {
        int[] wh = size(image);
        return wh != null && wh[1] > wh[0] ? "9:16" : "16:9";
    }

    private static int[] size(byte[] image) {
        if (image == null || image.length == 0) {
            return null;
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new int[]{reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
