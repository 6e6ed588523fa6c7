package io.storyreel.app.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Turns callbacks into early polls, at most one per task per {@code gap}: the first callback polls at once; callbacks
 * within the gap after it are folded into one more poll at the gap's end, so the last status a provider reports is
 * never missed but a flood of (forged or repeated) callbacks naming one task costs its payer one poll per gap.
 */
final class EarlyPolls {
    private static final Logger log = LoggerFactory.getLogger(EarlyPolls.class);
    /** Tasks remembered at once; beyond that, old entries are dropped and then new callbacks ignored. */
    static final int MAX_TASKS = 10_000;

    private final long gapNanos;
    private final BiConsumer<String, String> poll;
    private final ScheduledExecutorService timer;
    private final Map<String, Entry> tasks = new HashMap<>();

    private static final class Entry {
        long lastPoll;
        boolean pending;

        Entry(long lastPoll) {
            this.lastPoll = lastPoll;
        }
    }

    /** @param poll what an early poll does: (provider id, provider task id) */
    EarlyPolls(Duration gap, BiConsumer<String, String> poll, ScheduledExecutorService timer) {
        this.gapNanos = gap.toNanos();
        this.poll = poll;
        this.timer = timer;
    }

    /** A callback named this task: poll now, later (once), or not at all if a later poll is already planned. */
    void changed(String provider, String taskId) {
        String key = provider + "\n" + taskId;
        long now = System.nanoTime();
        boolean pollNow;
        long delay = 0;
        synchronized (tasks) {
            Entry e = tasks.get(key);
            if (e == null) {
                if (tasks.size() >= MAX_TASKS && !forgetOld(now)) {
                    log.warn("Too many provider callbacks at once; ignoring one for {} (polling still follows it)",
                            provider);
                    return;
                }
                tasks.put(key, new Entry(now));
                pollNow = true;
            } else if (now - e.lastPoll >= gapNanos) {
                e.lastPoll = now;
                pollNow = true;
            } else if (!e.pending) {
                e.pending = true;
                pollNow = false;
                delay = e.lastPoll + gapNanos - now;
            } else {
                return;
            }
        }
        if (pollNow) {
            poll.accept(provider, taskId);
        } else {
            timer.schedule(() -> later(key, provider, taskId), delay, TimeUnit.NANOSECONDS);
        }
    }

    private void later(String key, String provider, String taskId) {
        synchronized (tasks) {
            Entry e = tasks.get(key);
            if (e != null) {
                e.pending = false;
                e.lastPoll = System.nanoTime();
            }
        }
        poll.accept(provider, taskId);
    }

    /** Drops tasks whose last poll is a gap old and that wait for nothing; true when room was made. */
    private boolean forgetOld(long now) {
        tasks.values().removeIf(e -> !e.pending && now - e.lastPoll >= gapNanos);
        return tasks.size() < MAX_TASKS;
    }
}
