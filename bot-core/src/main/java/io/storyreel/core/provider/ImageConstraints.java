package io.storyreel.core.provider;

import java.util.Set;

/**
 * What a provider accepts as an input image. {@code minShortSide}/{@code minEachSide} in pixels; aspect ratio
 * as width/height between {@code minAspect} and {@code maxAspect}; {@code maxBytes} of the raw file.
 */
public record ImageConstraints(Set<String> formats, long maxBytes, int minEachSide, double minAspect,
                               double maxAspect) {
}
