package io.storyreel.core.provider.limits;

import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A token bucket per account: {@code perMinute} tokens, refilled evenly over a minute, starting full. Take a
 * token before each create; when none is left, the answer says how long until one is.
 */
public final class RequestRate {
    private final int perMinute;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    public RequestRate(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** {@link Duration#ZERO} when a token was taken, else the wait until the next one (nothing taken). */
    public synchronized Duration tryTake(String account) {
        if (perMinute <= 0) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        Bucket b = buckets.computeIfAbsent(account, a -> new Bucket(perMinute, now));
        double perMilli = perMinute / 60_000.0;
        long elapsed = Math.max(0, Duration.between(b.last, now).toMillis());
        b.tokens = Math.min(perMinute, b.tokens + elapsed * perMilli);
        b.last = now;
        if (b.tokens >= 1.0) {
            b.tokens -= 1.0;
            return Duration.ZERO;
        }
        long waitMillis = (long) Math.ceil((1.0 - b.tokens) / perMilli);
        return Duration.ofMillis(Math.max(1, waitMillis));
    }

    /**
     * Take a token, waiting (through {@code pause}, so tests run on a fake clock) up to three times for one;
     * beyond that RATE_LIMITED with the wait as Retry-After, so a durable caller reschedules instead of blocking.
     */
    public void acquire(String account, java.util.function.Consumer<Duration> pause, String providerName) {
        for (int i = 0; ; i++) {
            Duration wait = tryTake(account);
            if (wait.isZero()) {
                return;
            }
            if (i >= 3) {
                throw ProviderException.problem(Problem.RATE_LIMITED).provider(providerName).retryAfter(wait)
                        .message("Too many " + providerName + " requests this minute; the clip will start shortly.")
                        .raw("client_rate_limit").build();
            }
            pause.accept(wait);
        }
    }

    private static final class Bucket {
        double tokens;
        Instant last;

        Bucket(double tokens, Instant last) {
            this.tokens = tokens;
            this.last = last;
        }
    }
}
