package io.storyreel.sim.taskapi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A requests-per-minute limit per key (MiniMax's creates per minute, Veo's quota per model): the times of the last
 * minute's requests, on the simulator's clock.
 */
public final class RateWindow {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final Map<String, Deque<Instant>> windows = new ConcurrentHashMap<>();

    /**
     * How long until {@code key} may make another request at {@code now} under {@code perMinute} (0 = unlimited), or
     * empty when it may now. Nothing is recorded.
     */
    public Optional<Duration> waitFor(String key, Instant now, int perMinute) {
        Deque<Instant> window = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (window) {
            while (!window.isEmpty() && !window.peekFirst().isAfter(now.minus(MINUTE))) {
                window.pollFirst();
            }
            if (perMinute <= 0 || window.size() < perMinute) {
                return Optional.empty();
            }
            return Optional.of(Duration.between(now, window.peekFirst().plus(MINUTE)));
        }
    }

    /** Counts a request by {@code key} at {@code now}. */
    public void record(String key, Instant now) {
        Deque<Instant> window = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (window) {
            window.addLast(now);
        }
    }

    public void clear() {
        windows.clear();
    }
}
