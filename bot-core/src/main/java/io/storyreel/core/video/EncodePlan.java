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

    EncodePlan cappedQuality(long maxBps) {
        return new EncodePlan(width, height, fpsNum, fpsDen, 23, 0, maxBps, maxBps, audioBitrate);
    }

    /**
     * Single-pass ABR at {@code bps}, capped at {@code bps} with a buffer that grows with the film: x264 cannot spend
     * more than maxrate x duration + the buffer, so a short film cannot overshoot its size by a rate-control start-up
     * (3 s of heavy clips landed 10 % over with maxrate 1.5x / buffer 2x, and needed two retries). The buffer is a
     * quarter second of bits at least and two seconds at most (long films keep room for scene changes).
     */
    EncodePlan averageBitrate(long bps, double seconds) {
        double buffer = Math.max(0.25, Math.min(2.0, seconds / 30));
        return new EncodePlan(width, height, fpsNum, fpsDen, -1, bps, bps, (long) (bps * buffer), audioBitrate);
    }
}
