package io.storyreel.core.provider.runway;

import io.storyreel.core.provider.GenerationRequest;
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
 * What the catalogue's {@code extra} says about one Runway model (see {@code providers/runway.yml}): the ratios it
 * takes per resolution, whether it takes a negative prompt and an {@code audio} switch, and its prompt rules. A new
 * Runway model needs no code as long as it fits these.
 */
final class RunwayModel {
    private static final int DEFAULT_PROMPT_UNITS = 1000;

    private final Map<String, Object> extra;

    RunwayModel(ModelSpec model) {
        this.extra = model.extra();
    }

    /** The {@code ratio} values the model takes at {@code resolution} ({@code 1280:720}, ...), in catalogue order. */
    List<String> ratios(String resolution) {
        if (!(extra.get("ratios") instanceof Map<?, ?> byResolution)) {
            return List.of();
        }
        for (Map.Entry<?, ?> e : byResolution.entrySet()) {
            if (String.valueOf(e.getKey()).equalsIgnoreCase(String.valueOf(resolution))
                    && e.getValue() instanceof List<?> l) {
                return l.stream().map(String::valueOf).filter(v -> v.matches("\\d+:\\d+")).toList();
            }
        }
        return List.of();
    }

    /**
     * The ratio of the film's shape ({@link GenerationRequest#shape}) where the request has one (the chosen aspect
     * exactly, or the nearest to the first photo's shape with "auto"), so every clip comes back on the film's canvas;
     * else the one nearest the photo's own shape.
     */
    String ratioFor(String resolution, GenerationRequest request) {
        if (request.shape() != null) {
            java.util.Optional<String> film = request.shape().pick(ratios(resolution));
            if (film.isPresent()) {
                return film.get();
            }
        }
        return ratioFor(resolution, request.image());
    }

    /**
     * The ratio nearest the photo's own shape (compared on a log scale, so 2:1 and 1:2 are equally far from 1:1),
     * so Runway crops as little as possible; the first listed when the photo's size cannot be read.
     */
    String ratioFor(String resolution, byte[] image) {
        List<String> ratios = ratios(resolution);
        if (ratios.isEmpty()) {
            return null;
        }
        double aspect = aspect(image);
        if (aspect <= 0) {
            return ratios.get(0);
        }
        String best = ratios.get(0);
        double bestDistance = Double.MAX_VALUE;
        for (String r : ratios) {
            String[] wh = r.split(":");
            double d = Math.abs(Math.log(Double.parseDouble(wh[0]) / Double.parseDouble(wh[1])) - Math.log(aspect));
            if (d < bestDistance - 1e-9) {
                best = r;
                bestDistance = d;
            }
        }
        return best;
    }

    boolean takesNegativePrompt() {
        return Boolean.TRUE.equals(extra.get("negativePrompt"));
    }

    /**
     * The {@code audio} value to send for {@code c}, or null for a model without the switch: whether the combination
     * is one with sound (the {@code audio} parameter picks it, see {@code providers/runway.yml}).
     */
    Boolean audio(ModelSpec.Combination c) {
        return Boolean.TRUE.equals(extra.get("audio")) ? c.audio() : null;
    }

    boolean promptRequired() {
        return Boolean.TRUE.equals(extra.get("promptRequired"));
    }

    int maxPromptUnits() {
        return extra.get("maxPromptUnits") instanceof Number n ? n.intValue() : DEFAULT_PROMPT_UNITS;
    }

    /** Width / height read from the image's header, or -1 when it cannot be read. */
    static double aspect(byte[] image) {
        if (image == null || image.length == 0) {
            return -1;
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return -1;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                return w > 0 && h > 0 ? (double) w / h : -1;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
