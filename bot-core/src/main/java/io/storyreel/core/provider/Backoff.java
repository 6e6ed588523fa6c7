package io.storyreel.core.provider;

import java.time.Duration;

/**
 * Exponential backoff: {@code initial * multiplier^(attempt-1)}, capped at {@code max}, for at most
 * {@code maxAttempts} attempts in total. A server's Retry-After wins when it asks for longer.
 */
public record Backoff(Duration initial, Duration max, double multiplier, int maxAttempts) {

    public Backoff {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Kling advises an initial delay of at least 1 s for 1303; the same suits MiniMax's 1002. */
    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 5);
    }

    /** Delay before attempt {@code attempt + 1}, after {@code attempt} failures (1-based). */
    public Duration delayAfter(int attempt, Duration retryAfter) {
        double factor = Math.pow(multiplier, Math.max(0, attempt - 1));
        long millis = (long) Math.min(max.toMillis(), initial.toMillis() * factor);
        Duration d = Duration.ofMillis(millis);
        if (retryAfter != null && retryAfter.compareTo(d) > 0) {
            // honour the server, but never wait unbounded on a hostile header
            d = retryAfter.compareTo(max.multipliedBy(4)) > 0 ? max.multipliedBy(4) : retryAfter;
        }
        return d;
    }
}
