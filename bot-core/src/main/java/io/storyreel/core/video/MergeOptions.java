package io.storyreel.core.video;

import java.nio.file.Path;
import java.util.List;

/**
 * How to merge: crossfade length (0 = cut), one caption per clip (null or empty = none), background music with
 * volume and fade-out, per-clip trims, and a byte limit (0 = none) the result must fit. {@code title} (null = none) is
 * burned in over the film's first second, in the captions' font ({@link #withTitle}).
 */
public record MergeOptions(double crossfadeSeconds, List<String> captions, Path music, double musicVolume,
                           double musicFadeOutSeconds, List<Trim> trims, long byteLimit, String title) {

    public MergeOptions(double crossfadeSeconds, List<String> captions, Path music, double musicVolume,
                        double musicFadeOutSeconds, List<Trim> trims, long byteLimit) {
        this(crossfadeSeconds, captions, music, musicVolume, musicFadeOutSeconds, trims, byteLimit, null);
    }

    public static MergeOptions defaults() {
        return new MergeOptions(0, List.of(), null, 0.3, 2.0, List.of(), 0);
    }

    public MergeOptions withByteLimit(long limit) {
        return new MergeOptions(crossfadeSeconds, captions, music, musicVolume, musicFadeOutSeconds, trims, limit, title);
    }

    public MergeOptions withTrims(List<Trim> cuts) {
        return new MergeOptions(crossfadeSeconds, captions, music, musicVolume, musicFadeOutSeconds, cuts, byteLimit, title);
    }

    /** The same options with {@code text} as the title card (null or blank: none). */
    public MergeOptions withTitle(String text) {
        return new MergeOptions(crossfadeSeconds, captions, music, musicVolume, musicFadeOutSeconds, trims, byteLimit,
                text == null || text.isBlank() ? null : text);
    }

    /** Whether anything is burned into the picture (captions or a title), which rules out copying the clips. */
    public boolean burnsText() {
        return title != null || (captions != null && captions.stream().anyMatch(c -> c != null && !c.isBlank()));
    }

    /** Keep [startSeconds, endSeconds) of clip {@code index}; endSeconds <= 0 means to the end. */
    public record Trim(int index, double startSeconds, double endSeconds) {
    }
}
