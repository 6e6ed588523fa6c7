package io.storyreel.core.download;

import java.io.IOException;

/**
 * A download that was refused or did not complete. The message is a plain sentence without the URL (links may hold
 * tokens or point at internal hosts); {@link #reason()} says which rule or failure it was.
 */
public final class DownloadException extends IOException {
    /** Why a download failed. The first six are the bot's own rules; the last three are the far side's doing. */
    public enum Reason {
        /** The link (or a redirect) leads to a loopback, private, link-local or metadata address. */
        ADDRESS_REFUSED,
        /** The link is not https (or not http(s) at all) and not one of the configured services. */
        SCHEME_REFUSED,
        /** More redirects than a CDN needs. */
        TOO_MANY_REDIRECTS,
        /** More bytes than allowed for this kind of file. */
        TOO_LARGE,
        /** The whole download took longer than the deadline. */
        TOO_SLOW,
        /** Writing the file would leave less free disk space than the bot keeps. */
        NO_SPACE,
        /** The server answered with an HTTP status other than 2xx (see {@link #status()}). */
        HTTP_STATUS,
        /** Fewer bytes came than the server announced. */
        TRUNCATED,
        /** The connection failed or broke off. */
        BROKEN
    }

    private final Reason reason;
    private final int status;
    private final String retryAfter;

    DownloadException(Reason reason, String message) {
        this(reason, message, -1, null, null);
    }

    DownloadException(Reason reason, String message, Throwable cause) {
        this(reason, message, -1, null, cause);
    }

    DownloadException(Reason reason, String message, int status, String retryAfter, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status for {@link Reason#HTTP_STATUS}, else -1. */
    public int status() {
        return status;
    }

    /** The server's Retry-After header with an HTTP status, or null. */
    public String retryAfter() {
        return retryAfter;
    }

    /**
     * True for the bot's own rules (address, scheme, redirects, size, time, disk): fetching again the same way fails
     * again.
     */
    public boolean refused() {
        return reason.ordinal() < Reason.HTTP_STATUS.ordinal();
    }
}
