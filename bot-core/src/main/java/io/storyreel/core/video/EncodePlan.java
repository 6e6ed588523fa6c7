package io.storyreel.core.video;

/**
 * How the normalise path encodes: the canvas, one frame rate, and the rate control. {@code crf >= 0} is quality mode,
 * optionally capped by {@code maxrate}/{@code bufsize} (VBV); {@code crf < 0} is single-pass ABR at {@code bitrate}.
 */
record EncodePlan(int width, int height, int fpsNum, int fpsDen, int crf, long bitrate, long maxrate, long bufsize,
                  int audioBitrate, String x264Params) {

    /**
     * Veryfast's motion search cut to superfast's (diamond search, subpel refinement 1, no P-partitions below 8x8),
     * keeping veryfast's macroblock tree and 10-frame lookahead. Measured on a 5 s 720p clip going 24 to 30 fps: 25–40 %
     * less CPU than veryfast, the same SSIM against the source (0.9856 against 0.9852, 0.9125 against 0.9131), files
     * from 11 % larger to 29 % smaller. Plain superfast was as fast but, without the macroblock tree, made files 1.6 to
     * 11 times larger at the same CRF; ultrafast was faster still but 3 to 10 times larger and below veryfast's SSIM.
     * The SPS and PPS are veryfast's, so clips encoded either way are copy-compatible.
     */
    static final String FAST_SEARCH = "me=dia:subme=1:partitions=i8x8,i4x4";

    static EncodePlan quality(int width, int height, int fpsNum, int fpsDen) {
        return new EncodePlan(width, height, fpsNum, fpsDen, 23, 0, 0, 0, 128000, null);
    }

    /** The same plan with {@link #FAST_SEARCH}: for a clip normalised as it lands, where its time is the film's wait. */
    EncodePlan withFastSearch() {
        return new EncodePlan(width, height, fpsNum, fpsDen, crf, bitrate, maxrate, bufsize, audioBitrate, FAST_SEARCH);
    }

    /**
     * The same plan encoded by one x264 thread. With frame threads, one-pass ABR budgets each frame before the frames
     * still being encoded have their sizes, so a film of a few seconds lands a few per cent off, and differently from
     * one run to the next (the same 3 s film asked for 218 kbit/s came out 90.9 KB, then 92.4 KB); one thread makes
     * the size follow the bit rate asked, so a corrected encode lands where it aimed.
     */
    EncodePlan singleThreaded() {
        String params = x264Params == null ? "threads=1" : x264Params + ":threads=1";
        return new EncodePlan(width, height, fpsNum, fpsDen, crf, bitrate, maxrate, bufsize, audioBitrate, params);
    }

    double fps() {
        return fpsNum / (double) fpsDen;
    }

    EncodePlan withCanvas(int w, int h) {
        return new EncodePlan(w, h, fpsNum, fpsDen, crf, bitrate, maxrate, bufsize, audioBitrate, x264Params);
    }

    EncodePlan withAudioBitrate(int bps) {
        return new EncodePlan(width, height, fpsNum, fpsDen, crf, bitrate, maxrate, bufsize, bps, x264Params);
    }

    EncodePlan cappedQuality(long maxBps) {
        return new EncodePlan(width, height, fpsNum, fpsDen, 23, 0, maxBps, maxBps, audioBitrate, x264Params);
    }

    /**
     * Single-pass ABR at {@code bps} with VBV at 1.5x / 2x. A tighter VBV (maxrate = bitrate, or a 1 s buffer) would
     * bound the overshoot of short films, but made x264 about twice as slow on 30 s of 720p here; the merger lowers
     * the target for short films instead.
     */
    EncodePlan averageBitrate(long bps) {
        return new EncodePlan(width, height, fpsNum, fpsDen, -1, bps, bps * 3 / 2, bps * 2, audioBitrate, x264Params);
    }

}
