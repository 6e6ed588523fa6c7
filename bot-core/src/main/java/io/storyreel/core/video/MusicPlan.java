package io.storyreel.core.video;

import java.nio.file.Path;

/** Background music settings, opened once the film's length is known. */
record MusicPlan(Path file, double volume, double fadeOutSeconds) {
    MusicBed open(long totalSamples) {
        return new MusicBed(file, volume, fadeOutSeconds, totalSamples);
    }
}
