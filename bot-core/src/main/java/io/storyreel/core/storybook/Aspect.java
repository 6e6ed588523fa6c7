package io.storyreel.core.storybook;

import java.util.Arrays;
import java.util.Optional;

/** A film's shape, chosen once per storybook: landscape, portrait (phones) or square. */
public enum Aspect {
    LANDSCAPE("16:9", 16, 9), PORTRAIT("9:16", 9, 16), SQUARE("1:1", 1, 1);

    private final String label;
    private final int width;
    private final int height;

    Aspect(String label, int width, int height) {
        this.label = label;
        this.width = width;
        this.height = height;
    }

    public String label() {
        return label;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Width over height. */
    public double ratio() {
        return (double) width / height;
    }

    /** "16:9", "9:16", "1:1" (also "landscape", "portrait", "square"). */
    public static Optional<Aspect> parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT).replace('x', ':').replace('/', ':');
        return Arrays.stream(values()).filter(a -> a.label.equals(t) || a.name().toLowerCase(java.util.Locale.ROOT).equals(t))
                .findFirst();
    }

    /** The listed shape nearest to a picture of {@code width}×{@code height} (the default: the first photo's). */
    public static Aspect nearest(int width, int height) {
        double r = Math.log((double) width / height);
        Aspect best = LANDSCAPE;
        for (Aspect a : values()) {
            if (Math.abs(Math.log(a.ratio()) - r) < Math.abs(Math.log(best.ratio()) - r)) {
                best = a;
            }
        }
        return best;
    }
}
