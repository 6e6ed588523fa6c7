package io.storyreel.core.provider;

import java.util.Set;

/**
 * What a provider accepts as an input image. {@code minShortSide}/{@code minEachSide} in pixels; aspect ratio
 * as width/height between {@code minAspect} and {@code maxAspect}; {@code maxBytes} of the raw file;
 * {@code maxLongSide} the longest side worth sending (0 in a capabilities file means {@link #DEFAULT_MAX_LONG_SIDE}):
 * a bigger photo is read subsampled straight to this size, so it never has to be held in memory at full size.
 */
public record ImageConstraints(Set<String> formats, long maxBytes, int minEachSide, double minAspect,
                               double maxAspect, int maxLongSide) {
    /** Films are at most 1080p (1920 px on the long side); more input pixels only cost memory and upload time. */
    public static final int DEFAULT_MAX_LONG_SIDE = 2048;

    public ImageConstraints {
        if (maxLongSide <= 0) {
            maxLongSide = DEFAULT_MAX_LONG_SIDE;
        }
    }

    public ImageConstraints(Set<String> formats, long maxBytes, int minEachSide, double minAspect, double maxAspect) {
        this(formats, maxBytes, minEachSide, minAspect, maxAspect, DEFAULT_MAX_LONG_SIDE);
    }
}
