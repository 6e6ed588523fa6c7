package io.storyreel.core.provider;

import java.util.List;
import java.util.Optional;

/**
 * The shape of the film a clip is made for, width:height, so that a model with a ratio parameter of its own (Runway's
 * {@code ratio}, Veo's {@code aspectRatio}, fal's {@code aspect_ratio}) is asked for clips of that shape rather than
 * of the photo's. {@code chosen}: the storybook's aspect ratio (16:9, 9:16, 1:1), which the model must offer exactly
 * (a model that has no such value is refused before anything is sent); otherwise the first photo's own shape (the
 * film's shape with "auto"), for which the model's nearest value is taken.
 */
public record FilmShape(int width, int height, boolean chosen) {
    /** Two shapes closer than this (on a log scale: about 2 %) are the same: 1104:832 is 4:3. */
    private static final double SAME = 0.02;

    public FilmShape {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a shape needs a positive width and height");
        }
    }

    /** Width over height. */
    public double ratio() {
        return (double) width / height;
    }

    /** "9:16". */
    public String label() {
        return width + ":" + height;
    }

    /**
     * The value of a model's ratio parameter ({@code W:H} each, e.g. {@code 720:1280} or {@code 9:16}) for this shape:
     * the one of the same shape when it is chosen (empty when the model offers none), else the nearest.
     */
    public Optional<String> pick(List<String> values) {
        String best = null;
        double bestDistance = Double.MAX_VALUE;
        for (String v : values) {
            double r = ratioOf(v);
            if (r <= 0) {
                continue;
            }
            double d = Math.abs(Math.log(r) - Math.log(ratio()));
            if (d < bestDistance - 1e-9) {
                best = v;
                bestDistance = d;
            }
        }
        return best == null || (chosen && bestDistance > SAME) ? Optional.empty() : Optional.of(best);
    }

    /** Whether a ratio value ({@code W:H}) has this shape. */
    public boolean matches(String value) {
        double r = ratioOf(value);
        return r > 0 && Math.abs(Math.log(r) - Math.log(ratio())) <= SAME;
    }

    /** Width over height of {@code W:H}, or -1 when it is not one. */
    public static double ratioOf(String value) {
        if (value == null || !value.matches("\\d+:\\d+")) {
            return -1;
        }
        String[] wh = value.split(":");
        double w = Double.parseDouble(wh[0]);
        double h = Double.parseDouble(wh[1]);
        return w > 0 && h > 0 ? w / h : -1;
    }
}
