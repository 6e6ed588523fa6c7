package io.storyreel.core.video;

/**
 * How the normalise path encodes: the canvas, one frame rate, and the rate control. {@code crf >= 0} is quality mode,
 * optionally capped by {@code maxrate}/{@code bufsize} (VBV); {@code crf < 0} is single-pass ABR at {@code bitrate}.
 */
record EncodePlan(int width, int height, int fpsNum, int fpsDen, int crf, long bitrate, long maxrate, long bufsize,
                  int audioBitrate) {

    static EncodePlan quality(int width, int height, int fpsNum, int fpsDen) {
        return new EncodePlan(width, height, fpsNum, fpsDen, 23, 0, 0, 0, 128000);
    }

    double fps() {
        return fpsNum / (double) fpsDen;
    }

    EncodePlan withCanvas(int w, int h) {
        return new EncodePlan(w, h, fpsNum, fpsDen, crf, bitrate, maxrate, bufsize, audioBitrate);
    }

    EncodePlan withAudioBitrate(int bps) {
        return new EncodePlan(width, height, fpsNum, fpsDen, crf, bitrate, maxrate, bufsize, bps);
    }

    EncodePlan cappedQuality(long maxBps) {
        return new EncodePlan(width, height, fpsNum, fpsDen, 23, 0, maxBps, maxBps, audioBitrate);
    }

    /**
     * Single-pass ABR at {@code bps} with VBV at 1.5x / 2x. A tighter VBV (maxrate = bitrate, or a 1 s buffer) would
     * bound the overshoot of short films, but made x264 about twice as slow on 30 s of 720p here; the merger lowers
     * the target for short films instead.
     */
    EncodePlan averageBitrate(long bps) {
        return new EncodePlan(width, height, fpsNum, fpsDen, -1, bps, bps * 3 / 2, bps * 2, audioBitrate);
    }

}
