package io.storyreel.core.video;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Fits a film into a byte limit with single-pass ABR encodes (spec 6.6): the bit rate comes from the duration and
 * what the sound and the container take, the canvas goes down (to 240p) until each pixel gets enough bits, and the
 * result lands at 95–100 % of the limit. x264's one-pass rate control misses by up to ±10 % on films of a few
 * seconds, so an encode that misses the band is followed by one corrected in proportion to the miss (or, between one
 * that fitted and one that overshot, interpolated), at most {@link #MAX_ENCODES} encodes in all; the largest encode
 * that fitted is kept. Longer films land in the band at the first encode. When even 240p at {@link #MIN_VIDEO_BPS}
 * cannot fit, {@link CannotFitException} says how small the film gets and how much of it would fit.
 */
final class FitPath {
    private static final Logger log = LoggerFactory.getLogger(FitPath.class);
    /** A fitted film lands at or above this share of the limit, unless every allowed encode fell short. */
    static final double LOW = 0.95;
    /** Where a corrected encode aims: a little under the middle of the band, as x264 tends to overshoot. */
    private static final double AIM = 0.965;
    /** Short films may need a fifth: a run under load once ended at 93.8 % after four (x264 one-pass ABR). */
    static final int MAX_ENCODES = 5;
    /**
     * Films up to this long are fitted by one x264 thread ({@link EncodePlan#singleThreaded}): threaded one-pass ABR
     * missed the band after five encodes on a 3 s film in a CI run (94.7 %, sizes jumping ±3 % between encodes a
     * few kbit/s apart), while one thread landed in the band at the second encode, run after run. Such films take a
     * fraction of a second to encode either way; longer ones keep every thread and land in the band at the first.
     */
    static final double SINGLE_THREAD_SECONDS = 10;
    /** The smallest version's video bit rate, at 240p. */
    static final long MIN_VIDEO_BPS = 32_000;
    /** Below this no encode is tried: x264 lands well above it on moving pictures. */
    private static final long FLOOR_VIDEO_BPS = 20_000;
    /** What x264's one-pass ABR overspends at the lowest rates (measured 9–15 % on 3 s of heavy clips). */
    private static final double LOW_RATE_OVERSHOOT = 1.15;
    private static final double MIN_BITS_PER_PIXEL = 0.05;
    private static final int[] SHORT_SIDES = {1080, 720, 540, 480, 360, 240};
    /** The AAC track of a silent film: repeated silent frames cost about 2.3 kbit/s whatever the bit rate asked. */
    private static final long SILENT_AAC_BPS = 3_000;
    private static final long MIN_AAC_BPS = 32_000;
    private static final double AAC_FRAMES_PER_SECOND = ClipAudio.RATE / 1024.0;

    /** Encodes the film with {@code plan} into {@code out}. */
    interface Encode {
        void run(EncodePlan plan, Path out) throws Exception;
    }

    private final EncodePlan canvas;
    private final double seconds;
    private final boolean sound;

    /**
     * @param canvas  the film's full-size plan (canvas and frame rate)
     * @param seconds the film's duration
     * @param sound   whether the film has sound (a clip's, or music); a silent film's AAC track costs almost nothing
     */
    FitPath(EncodePlan canvas, double seconds, boolean sound) {
        this.canvas = canvas;
        this.seconds = Math.max(0.1, seconds);
        this.sound = sound;
    }

    /** The AAC bit rate for a film of {@code bytes}: 128 kbit/s unless the film is so small that sound would crowd out the picture. */
    int audioBitrate(long bytes) {
        double total = bytes * 8.0 / seconds;
        if (!sound || total >= 1_000_000) {
            return 128_000;
        }
        return total >= 400_000 ? 96_000 : total >= 200_000 ? 64_000 : total >= 120_000 ? 48_000 : (int) MIN_AAC_BPS;
    }

    private long audioCostBps(int audioBitrate) {
        return sound ? audioBitrate : SILENT_AAC_BPS;
    }

    /** The MP4's tables: about 12 bytes per video frame and 8 per AAC frame, plus the headers (measured). */
    private double containerBytes(double secs) {
        return 1024 + secs * (12 * canvas.fps() + 8 * AAC_FRAMES_PER_SECOND);
    }

    /**
     * Bits per second left for video so that video + sound + container land just under {@code bytes} in one encode.
     * x264's one-pass ABR overspends while its rate control settles, which only matters in short films: heavy clips
     * took 10–15 % more than their video budget at 3 s, about 5 % at 10 s, 1 % at 30 s; the budget is lowered by
     * that much. May be zero or less: nothing fits.
     */
    long videoBudget(long bytes) {
        double settle = Math.min(0.25, 0.4 / seconds);
        double bps = (bytes * 0.985 - containerBytes(seconds)) * 8 / seconds - audioCostBps(audioBitrate(bytes));
        return (long) (bps * (1 - settle));
    }

    /** The plan for {@code videoBps}: the largest canvas (down to 240p) that gives each pixel enough bits. */
    EncodePlan planFor(long videoBps, int audioBitrate) {
        return downscale(videoBps).averageBitrate(videoBps).withAudioBitrate(audioBitrate);
    }

    /** The canvas for a quality encode capped at {@code videoBps}. */
    EncodePlan cappedFor(long videoBps, int audioBitrate) {
        return downscale(videoBps).cappedQuality(videoBps).withAudioBitrate(audioBitrate);
    }

    private EncodePlan downscale(long bps) {
        int w = canvas.width();
        int h = canvas.height();
        int shortSide = Math.min(w, h);
        EncodePlan smallest = canvas;
        for (int side : SHORT_SIDES) {
            if (side > shortSide) {
                continue;
            }
            double scale = side / (double) shortSide;
            int sw = even(w * scale);
            int sh = even(h * scale);
            smallest = canvas.withCanvas(sw, sh);
            if (bps / (sw * (double) sh * canvas.fps()) >= MIN_BITS_PER_PIXEL) {
                return smallest;
            }
        }
        return smallest;
    }

    static int even(double v) {
        return Math.max(2, (int) Math.round(v / 2) * 2);
    }

    /** The film's size at its smallest (240p, lowest rates): what {@link CannotFitException} reports. */
    long smallestBytes() {
        return (long) (seconds * perSecondAtSmallest() + 1024);
    }

    private double perSecondAtSmallest() {
        long audio = sound ? MIN_AAC_BPS : SILENT_AAC_BPS;
        return (MIN_VIDEO_BPS * LOW_RATE_OVERSHOOT + audio) / 8 + (containerBytes(1) - 1024);
    }

    /** How many seconds of the film fit {@code bytes} at the smallest quality; 0 when not even one does. */
    double secondsThatFit(long bytes) {
        double s = (bytes * 0.985 - 1024) / perSecondAtSmallest();
        return s < 1 ? 0 : Math.floor(Math.min(s, seconds) * 10) / 10;
    }

    /**
     * Encodes until the film fits {@code limit}; the fitted film is at {@code out}. Returns the number of encodes.
     *
     * @throws CannotFitException when no encode fits, down to 240p at the lowest bit rate
     */
    int run(Encode encode, Path out, long limit) throws Exception {
        int audio = audioBitrate(limit);
        long bps = videoBudget(limit);
        Path attempt = out.resolveSibling(out.getFileName() + ".try");
        Try fitted = null;
        Try over = null;
        long smallestSeen = Long.MAX_VALUE;
        int encodes = 0;
        try {
            while (encodes < MAX_ENCODES && bps >= FLOOR_VIDEO_BPS) {
                // once a film fits, later tries keep its canvas: a canvas change would make the size jump
                EncodePlan plan = fitted != null ? fitted.plan.averageBitrate(bps).withAudioBitrate(audio)
                        : planFor(bps, audio);
                log.info("Fitting {} s into {} bytes: encode {}, {}x{} at {} bit/s, sound {} bit/s", Math.round(seconds),
                        limit, encodes + 1, plan.width(), plan.height(), bps, sound ? audio : 0);
                encode.run(seconds <= SINGLE_THREAD_SECONDS ? plan.singleThreaded() : plan, attempt);
                encodes++;
                Try t = new Try(plan, bps, Files.size(attempt));
                smallestSeen = Math.min(smallestSeen, t.size);
                if (t.size <= limit) {
                    if (fitted == null || t.size > fitted.size) {
                        Files.move(attempt, out, StandardCopyOption.REPLACE_EXISTING);
                        fitted = t;
                    }
                    if (t.size >= LOW * limit) {
                        break;
                    }
                } else {
                    over = over == null || t.bps < over.bps ? t : over;
                }
                log.info("Encode {} gave {} bytes, {} % of the limit", encodes, t.size, Math.round(t.size * 100.0 / limit));
                bps = next(fitted, over, limit, audio);
            }
        } finally {
            Files.deleteIfExists(attempt);
        }
        if (fitted == null) {
            long smallest = encodes > 0 ? smallestSeen : smallestBytes();
            throw new CannotFitException(limit, Math.max(smallest, limit + 1), secondsThatFit(limit));
        }
        return encodes;
    }

    /** One encode: its plan, video bit rate and size. */
    private record Try(EncodePlan plan, long bps, long size) {
    }

    /**
     * The next bit rate: between a try that fitted and one that overshot, interpolated to the middle of the band;
     * above a try that fell short, or below one that overshot, in proportion to the miss (at least 7 % down).
     */
    private long next(Try fitted, Try over, long limit, int audio) {
        if (fitted != null && over != null) {
            double aim = (LOW + 1) / 2 * limit;
            double share = (aim - fitted.size) / (double) (over.size - fitted.size);
            return fitted.bps + (long) ((over.bps - fitted.bps) * Math.max(0.1, Math.min(0.9, share)));
        }
        if (fitted != null) {
            return Math.max(fitted.bps + 1, corrected(fitted.bps, fitted.size, (long) (AIM * limit), audio));
        }
        return Math.min((long) (over.bps * 0.93), corrected(over.bps, over.size, (long) (AIM * limit), audio));
    }

    /** The bit rate that moves the video part of a {@code size}-byte film to the video part of {@code goal}. */
    private long corrected(long bps, long size, long goal, int audio) {
        double fixed = containerBytes(seconds) + audioCostBps(audio) * seconds / 8;
        double have = size - fixed;
        double want = goal - fixed;
        if (have <= 0 || want <= 0) {
            return bps / 2;
        }
        return (long) (bps * want / have);
    }
}
