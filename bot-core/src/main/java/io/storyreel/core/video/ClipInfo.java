package io.storyreel.core.video;

import java.nio.file.Path;

/** What {@link Merger#probe} learned about one clip. */
public record ClipInfo(Path path, String videoCodec, int width, int height, double fps, String pixelFormat,
                       int rotation, double durationSeconds, long frames, boolean hasAudio, int audioSampleRate,
                       int audioChannels) {
}
