package io.storyreel.core.chat;

/**
 * The platform refused a send/edit/upload for good (after the adapter's own retries), or never answered it. Never
 * carries a token. {@link #kind()} says what the chat can know about a send that did not surely arrive.
 */
public class ChatDeliveryException extends RuntimeException {
    /**
     * TOO_LARGE: over the platform's size limit (Telegram 413, Discord 413 / 40005). REFUSED: the platform refused
     * this request (another 4xx): the same again would be refused again. FAILED: the platform or the network failed
     * before anything was posted (5xx, no connection). NO_ANSWER: the request went out and no answer came (a
     * timeout, a dropped connection): it may have been posted.
     */
    public enum Kind { TOO_LARGE, REFUSED, FAILED, NO_ANSWER }

    private final Kind kind;

    public ChatDeliveryException(String message, Kind kind, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ChatDeliveryException(String message, boolean tooLarge, Throwable cause) {
        this(message, tooLarge ? Kind.TOO_LARGE : Kind.FAILED, cause);
    }

    public ChatDeliveryException(String message) {
        this(message, Kind.FAILED, null);
    }

    public Kind kind() {
        return kind;
    }

    /** True when the platform said the upload was over its size limit (Telegram 413, Discord 40005). */
    public boolean tooLarge() {
        return kind == Kind.TOO_LARGE;
    }
}
