package io.storyreel.core.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider call failed. Carries the taxonomy kind (for the engine: retry or not), the {@link Problem} (for the
 * chat: what the user can do), the provider's display name, the field for invalid input, the provider's own short
 * text ({@code detail}, never a key or token), the raw code for logs, and Retry-After when given.
 * {@link #getMessage()} is a plain sentence a user understands, naming no chat command: the wording layer turns
 * the problem into the chat's own syntax.
 */
public class ProviderException extends RuntimeException {
    private final ErrorKind kind;
    private final Problem problem;
    private final String provider;
    private final String detail;
    private final boolean retryable;
    private final String rawCode;
    private final String field;
    private final Duration retryAfter;

    private ProviderException(Builder b) {
        super(b.message, b.cause);
        this.kind = b.kind;
        this.problem = b.problem;
        this.provider = b.provider;
        this.detail = b.detail;
        this.rawCode = b.rawCode;
        this.field = b.field;
        this.retryAfter = b.retryAfter;
        this.retryable = b.retryable;
    }

    public ProviderException(ErrorKind kind, String userMessage, String rawCode, String field, Duration retryAfter,
                             boolean retryable, Throwable cause) {
        this(problem(Problem.typicalFor(kind)).kind(kind).message(userMessage).raw(rawCode).field(field)
                .retryAfter(retryAfter).retryable(retryable).cause(cause));
    }

    public ProviderException(ErrorKind kind, String userMessage, String rawCode) {
        this(kind, userMessage, rawCode, null, null, kind.retryableByDefault(), null);
    }

    /** Starts an exception for {@code problem}, with the problem's usual kind and that kind's retry default. */
    public static Builder problem(Problem problem) {
        return new Builder(problem);
    }

    public ErrorKind kind() {
        return kind;
    }

    public Problem problem() {
        return problem;
    }

    /** The provider's name for people ("Kling"), when the error came from one. */
    public Optional<String> provider() {
        return Optional.ofNullable(provider);
    }

    /** The provider's own short explanation (already one line, at most 200 characters), when it gave one. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
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

    /** Builds a {@link ProviderException}; only the problem and the message are required. */
    public static final class Builder {
        private final Problem problem;
        private ErrorKind kind;
        private boolean retryable;
        private String message;
        private String provider;
        private String detail;
        private String rawCode;
        private String field;
        private Duration retryAfter;
        private Throwable cause;

        private Builder(Problem problem) {
            this.problem = problem;
            this.kind = problem.kind();
            this.retryable = kind.retryableByDefault();
        }

        /** Another kind than the problem's usual one (keeps the retry default of the new kind). */
        public Builder kind(ErrorKind kind) {
            this.kind = kind;
            this.retryable = kind.retryableByDefault();
            return this;
        }

        public Builder retryable(boolean retryable) {
            this.retryable = retryable;
            return this;
        }

        /** The plain sentence users read: no chat command in it. */
        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public Builder provider(String displayName) {
            this.provider = displayName;
            return this;
        }

        public Builder detail(String detail) {
            this.detail = detail == null || detail.isBlank() ? null : detail;
            return this;
        }

        public Builder raw(String rawCode) {
            this.rawCode = rawCode;
            return this;
        }

        public Builder field(String field) {
            this.field = field;
            return this;
        }

        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        public ProviderException build() {
            if (message == null || message.isBlank()) {
                throw new IllegalStateException("a provider error needs a sentence for users");
            }
            return new ProviderException(this);
        }
    }
}
