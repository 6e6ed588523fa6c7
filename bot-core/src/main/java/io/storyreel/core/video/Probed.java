package io.storyreel.core.video;

/**
 * What the merger needs beyond {@link ClipInfo}: the exact copy key and the video stream's time base and timing.
 *
 * @param copyKey      equal keys mean the video packets can be concatenated as they are
 * @param copyable     H.264, yuv420p, square pixels, at most 1080p: fit to be copied into the film unchanged
 * @param startPts     first presentation time of the video stream, in its time base
 * @param durationPts  video length (last pts + duration - first pts), in its time base
 * @param videoBytes   the video packets' total size: what a packet copy of this clip adds to a film
 * @param audioBytes   the first audio stream's packets' total size (0 without one)
 */
record Probed(ClipInfo info, String copyKey, boolean copyable, int displayWidth, int displayHeight,
              int timeBaseNum, int timeBaseDen, long startPts, long durationPts, long videoBytes,
              long audioBytes) {
    /** Below this an AAC track is silence: a film of silent clips carries repeated silent frames (about 2.3 kbit/s). */
    private static final double AUDIBLE_BPS = 8_000;

    String name() {
        return info.path().getFileName().toString();
    }

    /** Has a sound track that is more than silence. */
    boolean audible() {
        return info.hasAudio() && audioBytes * 8 / Math.max(0.1, info.durationSeconds()) >= AUDIBLE_BPS;
    }

    double startSeconds() {
        return startPts * (double) timeBaseNum / timeBaseDen;
    }
}
