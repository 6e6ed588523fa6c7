package io.storyreel.core.video;

import java.nio.file.Path;
import java.util.List;

/**
 * How to merge: crossfade length (0 = cut), one caption per clip (null or empty = none), background music with
 * volume and fade-out, per-clip trims, and a byte limit (0 = none) the result must fit.
 */
public record MergeOptions(double crossfadeSeconds, List<String> captions, Path music, double musicVolume,
                           double musicFadeOutSeconds, List<Trim> trims, long byteLimit) {

    public static MergeOptions defaults() {
        return new MergeOptions(0, List.of(), null, 0.3, 2.0, List.of(), 0);
    }

    public MergeOptions withByteLimit(long limit) {
        return new MergeOptions(crossfadeSeconds, captions, music, musicVolume, musicFadeOutSeconds, trims, limit);
    }

    public MergeOptions withTrims(List<Trim> cuts) {
        return new MergeOptions(crossfadeSeconds, captions, music, musicVolume, musicFadeOutSeconds, cuts, byteLimit);
    }

    /** Keep [startSeconds, endSeconds) of clip {@code index}; endSeconds <= 0 means to the end. */
    public record Trim(int index, double startSeconds, double endSeconds) {
    }
}
