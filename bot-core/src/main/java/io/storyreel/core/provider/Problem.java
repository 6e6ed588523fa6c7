package io.storyreel.core.provider;

/**
 * What went wrong with a provider call, in terms a chat can act on: finer than {@link ErrorKind} (which tells the
 * engine whether to retry) and free of any chat syntax, so the wording layer can write "set your keys again with
 * {@code /setkeys kling …}" in Telegram's form or Discord's. Each problem has the kind it usually comes with.
 */
public enum Problem {
    /** A key field the provider needs was not given. */
    KEYS_MISSING(ErrorKind.AUTH),
    /** The provider refused the keys (wrong, revoked, or from another region). */
    KEYS_REJECTED(ErrorKind.AUTH),
    /** The provider refused our signed token as not yet valid or expired: this computer's clock is off. */
    CLOCK_SKEW(ErrorKind.AUTH),
    /** Something about the account itself: suspended, unverified, IP allow-list. The user checks the console. */
    ACCOUNT_PROBLEM(ErrorKind.AUTH),
    /** The account has no credit or quota left for this. */
    NO_CREDIT(ErrorKind.BALANCE),
    /** The account may not use the chosen model: another model (a setting) may work. */
    MODEL_NOT_ALLOWED(ErrorKind.INVALID_INPUT),
    /** The request (photo, caption, setting) was refused as invalid; {@code field} names what, when known. */
    INPUT_REFUSED(ErrorKind.INVALID_INPUT),
    /** The provider's content check refused the photo, the caption or the finished video. */
    CONTENT_REFUSED(ErrorKind.CONTENT_REJECTED),
    /** Too many requests for now; waiting helps. */
    RATE_LIMITED(ErrorKind.RATE_LIMITED),
    /** The account runs as many tasks as it may; this one waits for a free slot. */
    ACCOUNT_BUSY(ErrorKind.CONCURRENCY),
    /** The provider is down, overloaded or unreachable; waiting helps. */
    PROVIDER_TROUBLE(ErrorKind.TRANSIENT),
    /** The provider does not know the task. */
    TASK_UNKNOWN(ErrorKind.NOT_FOUND),
    /** The provider could not make the clip (its own reason in {@code detail}). */
    TASK_FAILED(ErrorKind.UNKNOWN),
    /** The finished video is no longer offered for download. */
    RESULT_GONE(ErrorKind.NOT_FOUND),
    /** The finished video could not be fetched completely (broken off, truncated); fetching again may work. */
    DOWNLOAD_FAILED(ErrorKind.TRANSIENT),
    /** The finished video's link was refused by the bot's download rules (address, size, time). */
    DOWNLOAD_REFUSED(ErrorKind.UNKNOWN),
    /** A create got no clear answer: whether a (paid) task exists is unknown. */
    OUTCOME_UNKNOWN(ErrorKind.AMBIGUOUS_SUBMIT),
    /** The provider answered in a way this version does not understand. */
    UNEXPECTED_ANSWER(ErrorKind.UNKNOWN);

    private final ErrorKind kind;

    Problem(ErrorKind kind) {
        this.kind = kind;
    }

    /** The kind this problem usually comes with. */
    public ErrorKind kind() {
        return kind;
    }

    /** The problem an error of {@code kind} most likely is, for errors raised without one. */
    public static Problem typicalFor(ErrorKind kind) {
        return switch (kind) {
            case AUTH -> KEYS_REJECTED;
            case BALANCE -> NO_CREDIT;
            case RATE_LIMITED -> RATE_LIMITED;
            case CONCURRENCY -> ACCOUNT_BUSY;
            case INVALID_INPUT -> INPUT_REFUSED;
            case CONTENT_REJECTED -> CONTENT_REFUSED;
            case NOT_FOUND -> TASK_UNKNOWN;
            case TRANSIENT -> PROVIDER_TROUBLE;
            case AMBIGUOUS_SUBMIT -> OUTCOME_UNKNOWN;
            case UNKNOWN -> UNEXPECTED_ANSWER;
        };
    }
}
