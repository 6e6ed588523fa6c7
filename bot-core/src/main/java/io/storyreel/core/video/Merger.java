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

    /**
     * Whether {@code clip} can go into a film on {@code canvas} as it came: H.264 in yuv420p of exactly the canvas's
     * size and frame rate, square pixels, upright. Clips that all come so from one model (one encoder, so one set of
     * H.264 parameters) merge by copy with no encode at all. A merger that cannot tell says no.
     */
    default boolean fitsAsItIs(Path clip, Canvas canvas) {
        return false;
    }
}
