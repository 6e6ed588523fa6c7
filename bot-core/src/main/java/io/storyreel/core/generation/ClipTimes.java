package io.storyreel.core.generation;

import java.util.List;

/**
 * How long one provider and model takes to make a clip, from its submit to the task being seen finished: a smooth
 * distribution over the clip times this bot has seen (each a narrow log-normal kernel), with the catalogue's typical
 * time as a prior (one wide log-normal around it, weighing as much as {@link #PRIOR_WEIGHT} clips), so a model never
 * used yet is judged by the catalogue and a model used often by its own recent clips. Times are in seconds.
 */
public final class ClipTimes {
    /** The most recent clips a distribution is learned from. */
    public static final int WINDOW = 50;
    static final double PRIOR_WEIGHT = 5;
    /** From this many of its own clips on, a model is judged by them alone (the prior fades out linearly until then). */
    static final int OWN_ENOUGH = 20;
    /** Spread of the prior around the typical time (in log space): about half to twice the typical time. */
    static final double PRIOR_SIGMA = 0.35;
    /** Width of each learned clip's kernel (in log space): about ±8 %. */
    static final double KERNEL = 0.08;

    private final double[] centres;
    private final double[] widths;
    private final double[] weights;
    private final double total;

    private ClipTimes(double[] centres, double[] widths, double[] weights) {
        this.centres = centres;
        this.widths = widths;
        this.weights = weights;
        double t = 0;
        for (double w : weights) {
            t += w;
        }
        this.total = t;
    }

    /** Only the catalogue's word: {@code typicalSeconds} (at least one second). */
    public static ClipTimes seeded(double typicalSeconds) {
        return learned(typicalSeconds, List.of());
    }

    /** The prior around {@code typicalSeconds} and the last {@link #WINDOW} of {@code seconds} (oldest first). */
    public static ClipTimes learned(double typicalSeconds, List<Double> seconds) {
        List<Double> recent = seconds.subList(Math.max(0, seconds.size() - WINDOW), seconds.size());
        int n = recent.size() + 1;
        double[] c = new double[n];
        double[] s = new double[n];
        double[] w = new double[n];
        c[0] = Math.log(Math.max(1, typicalSeconds));
        s[0] = PRIOR_SIGMA;
        w[0] = PRIOR_WEIGHT * Math.max(0, 1 - recent.size() / (double) OWN_ENOUGH);
        for (int i = 1; i < n; i++) {
            c[i] = Math.log(Math.max(0.05, recent.get(i - 1)));
            s[i] = KERNEL;
            w[i] = 1;
        }
        return new ClipTimes(c, s, w);
    }

    /** How many of this bot's own clips the distribution learned from. */
    public int clipsSeen() {
        return centres.length - 1;
    }

    /** The share of clips finished by {@code seconds} after the submit. */
    public double cdf(double seconds) {
        if (seconds <= 0) {
            return 0;
        }
        double l = Math.log(seconds);
        double sum = 0;
        for (int i = 0; i < centres.length; i++) {
            sum += weights[i] * phi((l - centres[i]) / widths[i]);
        }
        return sum / total;
    }

    /** The time by which a share {@code p} (0 to 1, exclusive) of clips is finished. */
    public double quantile(double p) {
        double lo = 0.01;
        double hi = 1e6;
        for (int i = 0; i < 60; i++) {
            double mid = Math.sqrt(lo * hi);
            if (cdf(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /**
     * How long a clip still running {@code elapsed} seconds after its submit has left, on average, given that it is
     * not finished yet: E[T − elapsed | T &gt; elapsed]. Beyond the distribution's tail it is the time to the next
     * few percent of it, never less than a second.
     */
    public double expectedLeft(double elapsed) {
        double alive = 1 - cdf(elapsed);
        double end = Math.max(quantile(0.999), elapsed) * 1.5 + 1;
        if (alive < 1e-6) {
            return Math.max(1, quantile(0.999) * 0.05);
        }
        // E[T - t | T > t] = ∫_t^∞ S(u) du / S(t), integrated on 200 steps up to well beyond the tail
        int steps = 200;
        double h = (end - elapsed) / steps;
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            double u = elapsed + (i + 0.5) * h;
            sum += (1 - cdf(u)) * h;
        }
        return Math.max(1, sum / alive);
    }

    /** The standard normal CDF (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
    static double phi(double x) {
        double z = Math.abs(x) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * z);
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429)))) * Math.exp(-z * z);
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
