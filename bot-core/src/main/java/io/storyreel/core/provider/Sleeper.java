package io.storyreel.core.provider;

import java.time.Duration;

/** Waits between retries. Tests pass one that records the waits (and may advance a clock) instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper SYSTEM = d -> {
        if (!d.isNegative() && !d.isZero()) {
            Thread.sleep(d.toMillis());
        }
    };
}
