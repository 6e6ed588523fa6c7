package io.storyreel.core.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One look at the installation. {@link #text()} fits one screen (and one chat message); {@link #json()} is one line
 * for scripts.
 *
 * @param at           when it was read
 * @param running      films being made (GENERATING, PAUSED, MERGING, DELIVERING), oldest first, at most
 *                     {@link OpsSummary#LISTED}
 * @param runningTotal how many films are being made in all
 * @param queues       per provider: clips waiting for a slot, with the provider, and downloaded but not yet merged
 * @param failures     clips and films that failed in the last hour, per provider and kind
 * @param spend        today's (UTC) estimated spend of paid creates, per provider
 */
public record OpsReport(Instant at, List<RunningFilm> running, int runningTotal, List<Queue> queues,
                        List<Failure> failures, List<Spend> spend) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record RunningFilm(String storybookId, String state, String provider, int clipsDone, int clips,
                              Duration age) {
    }

    public record Queue(String provider, int waiting, int inFlight, int downloaded) {
    }

    /** {@code what}: {@code clip} or {@code film}; {@code kind}: the error kind (AUTH, TIMEOUT, …) or the film's reason. */
    public record Failure(String provider, String what, String kind, int count) {
    }

    public record Spend(String provider, int paidCreates, double estimatedUsd) {
    }

    public double spendTodayUsd() {
        return spend.stream().mapToDouble(Spend::estimatedUsd).sum();
    }

    public int failuresLastHour() {
        return failures.stream().mapToInt(Failure::count).sum();
    }

    /** Plain text, about 20 lines at most. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("Storyreel at ").append(at.toString().replaceFirst("\\.\\d+Z$", "Z")).append('\n');
        sb.append('\n').append("Films running: ").append(runningTotal).append('\n');
        for (RunningFilm f : running) {
            sb.append(String.format(Locale.ROOT, "  %s  %-10s %-8s %d/%d clips  %s%n", f.storybookId().substring(0,
                    Math.min(8, f.storybookId().length())), f.state().toLowerCase(Locale.ROOT), f.provider(),
                    f.clipsDone(), f.clips(), age(f.age())));
        }
        if (runningTotal > running.size()) {
            sb.append("  … and ").append(runningTotal - running.size()).append(" more\n");
        }
        sb.append('\n').append("Queue per provider (waiting / at the provider / downloaded):").append('\n');
        if (queues.isEmpty()) {
            sb.append("  empty\n");
        }
        for (Queue q : queues) {
            sb.append(String.format(Locale.ROOT, "  %-8s %d / %d / %d%n", q.provider(), q.waiting(), q.inFlight(),
                    q.downloaded()));
        }
        sb.append('\n').append("Failures in the last hour: ").append(failuresLastHour()).append('\n');
        for (Failure f : failures) {
            sb.append(String.format(Locale.ROOT, "  %-8s %-4s %-18s %d%n", f.provider(), f.what(), f.kind(), f.count()));
        }
        sb.append('\n').append(String.format(Locale.ROOT, "Spend today (UTC, estimated): $%.2f", spendTodayUsd()))
                .append('\n');
        for (Spend s : spend) {
            sb.append(String.format(Locale.ROOT, "  %-8s %d paid clip(s)  $%.2f%n", s.provider(), s.paidCreates(),
                    s.estimatedUsd()));
        }
        return sb.toString().stripTrailing();
    }

    /** One JSON object on one line. */
    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("at", at.toString());
        root.put("running_films", runningTotal);
        ArrayNode films = root.putArray("running");
        for (RunningFilm f : running) {
            films.addObject().put("storybook", f.storybookId()).put("state", f.state()).put("provider", f.provider())
                    .put("clips_done", f.clipsDone()).put("clips", f.clips()).put("age_s", f.age().toSeconds());
        }
        ObjectNode q = root.putObject("queues");
        for (Queue x : queues) {
            q.putObject(x.provider()).put("waiting", x.waiting()).put("in_flight", x.inFlight())
                    .put("downloaded", x.downloaded());
        }
        root.put("failures_last_hour", failuresLastHour());
        ArrayNode fl = root.putArray("failures");
        for (Failure f : failures) {
            fl.addObject().put("provider", f.provider()).put("what", f.what()).put("kind", f.kind())
                    .put("count", f.count());
        }
        root.put("spend_today_usd", Math.round(spendTodayUsd() * 100) / 100.0);
        ObjectNode sp = root.putObject("spend_today");
        for (Spend s : spend) {
            sp.putObject(s.provider()).put("paid_creates", s.paidCreates())
                    .put("estimated_usd", Math.round(s.estimatedUsd() * 100) / 100.0);
        }
        return root.toString();
    }

    private static String age(Duration d) {
        long s = d.toSeconds();
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h";
    }
}
