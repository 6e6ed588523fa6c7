package io.storyreel.core.video;

import java.nio.file.Path;

/** The film: where it is, how it was made (copy / normalise / fit), its length and size. */
public record MergeResult(Path output, String path, double durationSeconds, long bytes, int width, int height) {
}
