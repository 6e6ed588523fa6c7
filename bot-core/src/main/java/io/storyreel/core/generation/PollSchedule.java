package io.storyreel.core.generation;

import java.time.Duration;

/**
 * When a clip's task is polled next: the one function the engine's clip steps and {@code storyreel bench polling}
 * both ask. {@link Mode#FIXED} is the plain backoff: {@code first} after the submit, then {@code backoff} times longer
 * per poll up to {@code max}. {@link Mode#ADAPTIVE} follows the model's {@link ClipTimes}: it waits long while the
 * clip cannot plausibly be done (up to {@link #EARLY_FACTOR} × {@code max} at once), polls densely where clips usually
 * finish (never more often than {@code min}, the provider's polite cadence), and backs off again once a clip runs
 * later than nearly all of its model's clips (to {@code max}). The rule that places each poll: the next interval h is the one where
 * h × P(finishing within h | not finished yet) = {@link #PRECISION_SECONDS}, which puts intervals in proportion to
 * √(survival / density), the spacing that spends a given number of polls for the least delay.
 */
public record PollSchedule(Mode mode, Duration first, double backoff, Duration min, Duration max) {
    /** How much waiting one poll is traded for; smaller polls more and notices sooner. */
    static final double PRECISION_SECONDS = 0.38;
    /** Before the earliest plausible finish (the 2 % quantile) the adaptive schedule may wait this many {@code max}. */
    static final int EARLY_FACTOR = 4;
    /** A clip still running when fewer than this share of its model's clips are is polled at {@code max} again. */
    static final double LATE = 0.01;

    public enum Mode { FIXED, ADAPTIVE }

    public PollSchedule {
        if (min.compareTo(max) > 0) {
            min = max;
        }
    }

    /**
     * This schedule, but never two polls closer than {@code gap} (a provider's documented cadence): the first poll and
     * the shortest interval are raised to it. {@code max} still bounds every wait: an operator who sets the longest
     * wait below a provider's gap chose prompt notice over its cadence.
     */
    public PollSchedule atLeast(Duration gap) {
        Duration g = gap.compareTo(max) > 0 ? max : gap;
        return new PollSchedule(mode, later(first, g), backoff, later(min, g), max);
    }

    private static Duration later(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The same spacing, another mode (the bench compares both). */
    public PollSchedule withMode(Mode m) {
        return new PollSchedule(m, first, backoff, min, max);
    }

    /**
     * The wait before the next poll of a clip submitted {@code sinceSubmit} ago that has been polled {@code polls}
     * times (0 right after the submit), given how long its model takes ({@code times}).
     */
    public Duration next(ClipTimes times, Duration sinceSubmit, int polls) {
        if (mode == Mode.FIXED) {
            if (polls == 0) {
                return first;
            }
            double ms = first.toMillis() * Math.pow(backoff, polls - 1);
            return Duration.ofMillis((long) Math.min(ms, max.toMillis()));
        }
        return Duration.ofMillis(Math.round(adaptiveSeconds(times, sinceSubmit.toMillis() / 1000.0) * 1000));
    }

    private double adaptiveSeconds(ClipTimes times, double t) {
        double lo = min.toMillis() / 1000.0;
        double cap = max.toMillis() / 1000.0;
        double early = times.quantile(0.02) - t;
        double hi = Math.max(cap, Math.min(EARLY_FACTOR * cap, early));
        double done = times.cdf(t);
        double alive = 1 - done;
        if (alive < LATE) {
            // later than nearly every clip of this model: the distribution's far tail says little, so back off
            return cap;
        }
        if (score(times, t, done, alive, lo) >= PRECISION_SECONDS) {
            return lo;
        }
        if (score(times, t, done, alive, hi) <= PRECISION_SECONDS) {
            return hi;
        }
        for (int i = 0; i < 30; i++) {
            double mid = (lo + hi) / 2;
            if (score(times, t, done, alive, mid) < PRECISION_SECONDS) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** h × P(finished within h | alive at t): grows with h. */
    private static double score(ClipTimes times, double t, double done, double alive, double h) {
        return h * (times.cdf(t + h) - done) / alive;
    }
}
