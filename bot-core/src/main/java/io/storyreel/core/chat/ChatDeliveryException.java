package io.storyreel.core.chat;

/** The platform refused a send/edit/upload for good (after the adapter's own retries). Never carries a token. */
public class ChatDeliveryException extends RuntimeException {
    private final boolean tooLarge;

    public ChatDeliveryException(String message, boolean tooLarge, Throwable cause) {
        super(message, cause);
        this.tooLarge = tooLarge;
    }

    public ChatDeliveryException(String message) {
        this(message, false, null);
    }

    /** True when the platform said the upload was over its size limit (Telegram 413, Discord 40005). */
    public boolean tooLarge() {
        return tooLarge;
    }
}
