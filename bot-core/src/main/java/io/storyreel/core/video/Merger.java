package io.storyreel.core.video;

import java.nio.file.Path;
import java.util.List;

/** Merges clips into one MP4 (JavaCV). Implementations never leave a half-written file at {@code target}. */
public interface Merger {
    List<ClipInfo> probe(List<Path> clips);

    MergeResult merge(List<Path> clips, MergeOptions options, Path target);

    /**
     * Writes {@code clip} brought onto {@code canvas} at {@code target}: the form in which clips of one film merge by
     * copy. The result's path is "copy" when the clip's picture was kept as it was, "normalise" when it was encoded.
     * A merger that cannot normalise throws {@link UnsupportedOperationException}; its films merge as before.
     */
    default MergeResult normalise(Path clip, Canvas canvas, Path target) {
        return normalise(clip, canvas, BurnedText.NONE, target);
    }

    /**
     * As {@link #normalise(Path, Canvas, Path)}, with {@code text} (its caption, the film's title) burned into the
     * picture the way the merge burns it, so that the film still merges by copy. With text the picture is always
     * encoded.
     */
    default MergeResult normalise(Path clip, Canvas canvas, BurnedText text, Path target) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not normalise clips");
    }
}
