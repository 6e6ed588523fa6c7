package io.storyreel.core.video;

import java.nio.file.Path;

/**
 * The film: where it is, how it was made (copy / normalise / fit), its length and size, and how many times the picture
 * was encoded (0 for a copy; a fit that went straight to its size-targeted encode and landed in time is 1).
 */
public record MergeResult(Path output, String path, double durationSeconds, long bytes, int width, int height,
                          int encodes) {

    /** Without the encode count: 0 for a copy, else 1. */
    public MergeResult(Path output, String path, double durationSeconds, long bytes, int width, int height) {
        this(output, path, durationSeconds, bytes, width, height, "copy".equals(path) ? 0 : 1);
    }
}
