package io.storyreel.core.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider call failed. Carries the taxonomy kind, whether a retry may help, the provider's raw code and
 * message (never a key or token), the field for {@link ErrorKind#INVALID_INPUT}, and Retry-After when given.
 * {@link #getMessage()} is written for users.
 */
public class ProviderException extends RuntimeException {
    private final ErrorKind kind;
    private final boolean retryable;
    private final String rawCode;
    private final String field;
    private final Duration retryAfter;

    public ProviderException(ErrorKind kind, String userMessage, String rawCode, String field, Duration retryAfter,
                             boolean retryable, Throwable cause) {
        super(userMessage, cause);
        this.kind = kind;
        this.rawCode = rawCode;
        this.field = field;
        this.retryAfter = retryAfter;
        this.retryable = retryable;
    }

    public ProviderException(ErrorKind kind, String userMessage, String rawCode) {
        this(kind, userMessage, rawCode, null, null, kind.retryableByDefault(), null);
    }

    public ErrorKind kind() {
        return kind;
    }

    public boolean retryable() {
        return retryable;
    }

    public String rawCode() {
        return rawCode;
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
