package io.storyreel.core.video;

import java.nio.file.Path;

/**
 * What the film's sound should be once the clips are merged ({@link MusicMixer}): the clips' own sound kept or
 * dropped, and music ({@code music} null = none) at {@code volume} (0 to 1), faded out over the last
 * {@code fadeSeconds}, looped when shorter than the film ({@code loop}; else it plays once) and always trimmed to it,
 * and lowered by {@code duckDb} decibels wherever the clips' sound is heard.
 */
public record SoundPlan(boolean clipSound, Path music, double volume, double fadeSeconds, boolean loop, double duckDb) {
    public static final double DEFAULT_DUCK_DB = -12;

    public SoundPlan {
        volume = Math.max(0, Math.min(1, volume));
        fadeSeconds = Math.max(0, fadeSeconds);
        duckDb = Math.min(0, duckDb);
    }

    /** The film as merged is already right: clip sound kept and no music. */
    public boolean leavesFilmAsIs() {
        return clipSound && music == null;
    }
}
