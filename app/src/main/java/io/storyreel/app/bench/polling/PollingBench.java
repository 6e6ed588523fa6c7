package io.storyreel.app.bench.polling;

import io.storyreel.core.generation.ClipTimes;
import io.storyreel.core.generation.PollSchedule;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Replays clips whose true times follow a {@link Shape} against a {@link PollSchedule} on a simulated clock: each clip
 * is polled when the schedule says (rounded up to the engine's next scheduler tick, at a random phase), and is noticed
 * at the first poll at or after its finish. The adaptive schedule learns as the engine does: from the catalogue's
 * typical time, then from the times at which this run's earlier clips were noticed.
 */
public final class PollingBench {
    /** A clip-time distribution: triangular between {@code min} and {@code max} seconds, most often {@code mode}. */
    public record Shape(String name, double min, double mode, double max, double catalogueTypical) {
        double sample(Random r) {
            double u = r.nextDouble();
            double c = (mode - min) / (max - min);
            return u < c ? min + Math.sqrt(u * (max - min) * (mode - min))
                    : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
        }
    }

    /** Delays (seconds) from each clip's finish to its being noticed, and the polls each took. */
    public record Result(double[] delays, int[] polls) {
        public double meanDelay() {
            return Arrays.stream(delays).average().orElse(0);
        }

        public double p95Delay() {
            double[] d = delays.clone();
            Arrays.sort(d);
            return d.length == 0 ? 0 : d[(int) Math.min(d.length - 1, Math.ceil(0.95 * d.length) - 1)];
        }

        public double pollsPerClip() {
            return Arrays.stream(polls).average().orElse(0);
        }

        static Result pooled(List<Result> rs) {
            return new Result(rs.stream().flatMapToDouble(r -> Arrays.stream(r.delays)).toArray(),
                    rs.stream().flatMapToInt(r -> Arrays.stream(r.polls)).toArray());
        }
    }

    private final PollSchedule schedule;
    private final long tickMs;
    private final int clips;
    private final long seed;

    public PollingBench(PollSchedule schedule, Duration tick, int clips, long seed) {
        this.schedule = schedule;
        this.tickMs = tick.toMillis();
        this.clips = clips;
        this.seed = seed;
    }

    /** One shape under one mode: the same clip times (same seed) for every mode. */
    public Result replay(Shape shape, PollSchedule.Mode mode) {
        PollSchedule s = schedule.withMode(mode);
        Random times = new Random(seed);
        Random phases = new Random(seed + 1);
        List<Double> seen = new ArrayList<>();
        double[] delays = new double[clips];
        int[] polls = new int[clips];
        for (int i = 0; i < clips; i++) {
            long finish = Math.round(shape.sample(times) * 1000);
            long phase = tickMs == 0 ? 0 : (long) (phases.nextDouble() * tickMs);
            ClipTimes learned = ClipTimes.learned(shape.catalogueTypical(), seen);
            long now = 0;
            int n = 0;
            do {
                long due = now + s.next(learned, Duration.ofMillis(now), n).toMillis();
                now = tickMs == 0 ? due : ceilToTick(due, phase);
                n++;
            } while (now < finish);
            delays[i] = (now - finish) / 1000.0;
            polls[i] = n;
            seen.add(now / 1000.0);
        }
        return new Result(delays, polls);
    }

    private long ceilToTick(long t, long phase) {
        long k = Math.floorDiv(t - phase + tickMs - 1, tickMs);
        return Math.max(t, k * tickMs + phase);
    }

    /** Replays every shape under both modes; prints a table and one JSON line of the pooled figures. */
    public void run(List<Shape> shapes, PrintWriter out) {
        List<Result> fixed = new ArrayList<>();
        List<Result> adaptive = new ArrayList<>();
        out.printf(Locale.ROOT, "%d clips per distribution; fixed: first poll %.1f s, x%.2f per poll up to %.1f s; "
                        + "adaptive: %.1f to %.1f s apart; scheduler tick %.1f s%n", clips, schedule.first().toMillis() / 1000.0,
                schedule.backoff(), schedule.max().toMillis() / 1000.0, schedule.min().toMillis() / 1000.0,
                schedule.max().toMillis() / 1000.0, tickMs / 1000.0);
        out.printf("%-34s %-9s %12s %12s %12s%n", "distribution", "schedule", "mean delay s", "p95 delay s", "polls/clip");
        for (Shape sh : shapes) {
            Result f = replay(sh, PollSchedule.Mode.FIXED);
            Result a = replay(sh, PollSchedule.Mode.ADAPTIVE);
            fixed.add(f);
            adaptive.add(a);
            String name = String.format(Locale.ROOT, "%s %.0f-%.0f s (mode %.0f)", sh.name(), sh.min(), sh.max(), sh.mode());
            row(out, name, "fixed", f);
            row(out, name, "adaptive", a);
        }
        Result f = Result.pooled(fixed);
        Result a = Result.pooled(adaptive);
        row(out, "all", "fixed", f);
        row(out, "all", "adaptive", a);
        out.printf(Locale.ROOT, "{\"fixed_mean_delay_s\":%.3f,\"adaptive_mean_delay_s\":%.3f,\"fixed_p95_delay_s\":%.3f,"
                        + "\"adaptive_p95_delay_s\":%.3f,\"fixed_polls_per_clip\":%.3f,\"adaptive_polls_per_clip\":%.3f,"
                        + "\"clips\":%d}%n", f.meanDelay(), a.meanDelay(), f.p95Delay(), a.p95Delay(), f.pollsPerClip(),
                a.pollsPerClip(), f.delays().length);
        out.flush();
    }

    private static void row(PrintWriter out, String name, String mode, Result r) {
        out.printf(Locale.ROOT, "%-34s %-9s %12.2f %12.2f %12.2f%n", name, mode, r.meanDelay(), r.p95Delay(), r.pollsPerClip());
    }
}
