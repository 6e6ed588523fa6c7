package io.storyreel.core.video;

import java.nio.file.Path;
import java.util.List;

/** Merges clips into one MP4 (JavaCV). Implementations never leave a half-written file at {@code target}. */
public interface Merger {
    List<ClipInfo> probe(List<Path> clips);

    MergeResult merge(List<Path> clips, MergeOptions options, Path target);
}
