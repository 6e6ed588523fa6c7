package io.storyreel.core.generation;

import java.util.List;
import java.util.PriorityQueue;

/**
 * How long until a film's clips are all made, from what the engine knows: the account's slots, the clips already
 * running on it (each with its expected time left, from its model's {@link ClipTimes}), the clips queued ahead of the
 * film's own, and the film's clips still waiting. Each waiting clip takes the first slot that frees (the engine's own
 * rule: first come, first served per account) and runs for its model's mean time.
 */
record FilmForecast(int slots, List<Double> othersRunningLeft, int othersAhead, List<Double> oursRunningLeft,
                    int oursWaiting, double meanClipSeconds) {

    FilmForecast {
        slots = Math.max(1, slots);
        othersRunningLeft = List.copyOf(othersRunningLeft);
        oursRunningLeft = List.copyOf(oursRunningLeft);
    }

    /** Seconds until the last of the film's clips is made (0 when none is left). */
    double clipsDoneInSeconds() {
        PriorityQueue<Double> free = new PriorityQueue<>();
        double ours = 0;
        for (double left : othersRunningLeft) {
            free.add(left);
        }
        for (double left : oursRunningLeft) {
            free.add(left);
            ours = Math.max(ours, left);
        }
        // more running than slots (the limit was lowered): the extra ones free nothing sooner
        while (free.size() < slots) {
            free.add(0.0);
        }
        while (free.size() > slots) {
            double a = free.poll();
            double b = free.poll();
            free.add(Math.max(a, b));
        }
        for (int i = 0; i < othersAhead; i++) {
            free.add(free.poll() + meanClipSeconds);
        }
        for (int i = 0; i < oursWaiting; i++) {
            double done = free.poll() + meanClipSeconds;
            ours = Math.max(ours, done);
            free.add(done);
        }
        return ours;
    }
}
