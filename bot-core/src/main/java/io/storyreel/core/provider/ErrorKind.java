package io.storyreel.core.provider;

/** One error taxonomy for every provider (architecture §3). */
public enum ErrorKind {
    AUTH(false), BALANCE(false), RATE_LIMITED(true), CONCURRENCY(true), INVALID_INPUT(false),
    CONTENT_REJECTED(false), NOT_FOUND(false), TRANSIENT(true), AMBIGUOUS_SUBMIT(false), UNKNOWN(false);

    private final boolean retryable;

    ErrorKind(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryableByDefault() {
        return retryable;
    }
}
