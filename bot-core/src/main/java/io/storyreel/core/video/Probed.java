package io.storyreel.core.video;

/**
 * What the merger needs beyond {@link ClipInfo}: the exact copy key and the video stream's time base and timing.
 *
 * @param copyKey      equal keys mean the video packets can be concatenated as they are
 * @param copyable     H.264, yuv420p, square pixels, at most 1080p: fit to be copied into the film unchanged
 * @param startPts     first presentation time of the video stream, in its time base
 * @param durationPts  video length (last pts + duration - first pts), in its time base
 * @param videoBytes   the video packets' total size: what a packet copy of this clip adds to a film
 */
record Probed(ClipInfo info, String copyKey, boolean copyable, int displayWidth, int displayHeight,
              int timeBaseNum, int timeBaseDen, long startPts, long durationPts, long videoBytes) {

    String name() {
        return info.path().getFileName().toString();
    }

    double startSeconds() {
        return startPts * (double) timeBaseNum / timeBaseDen;
    }
}
