package io.storyreel.core.provider.http;

import io.storyreel.core.provider.Backoff;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.Sleeper;
import io.storyreel.core.provider.ProviderException;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs a call again after a retryable {@link ProviderException}, waiting per {@link Backoff} (or longer if the
 * server sent Retry-After). Only for calls that are safe to repeat (polls, downloads, creates that were provably
 * refused): the caller decides with {@code retryIf}.
 */
public final class Retrier {
    private final Backoff backoff;
    private final Sleeper sleeper;

    public Retrier(Backoff backoff, Sleeper sleeper) {
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    public <T> T call(Supplier<T> call) {
        return call(call, ProviderException::retryable);
    }

    public <T> T call(Supplier<T> call, Predicate<ProviderException> retryIf) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (ProviderException e) {
                if (attempt >= backoff.maxAttempts() || !retryIf.test(e)) {
                    throw e;
                }
                pause(backoff.delayAfter(attempt, e.retryAfter().orElse(null)));
            }
        }
    }

    public Backoff backoff() {
        return backoff;
    }

    public void pause(java.time.Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ErrorKind.TRANSIENT, "Stopped while waiting to retry.", "interrupted",
                    null, null, false, ie);
        }
    }
}
