package io.storyreel.core.provider.http;

import java.io.IOException;

/**
 * A call that got no HTTP answer. {@link #maybeSent()} is false only when the connection was never made (so the
 * server cannot have acted on it); a timeout or reset after connecting may have reached the server.
 */
public class SendFailure extends Exception {
    private final boolean maybeSent;

    public SendFailure(IOException cause, boolean maybeSent) {
        super(cause.getClass().getSimpleName() + (maybeSent ? " after the request may have been sent" : " before connecting"),
                cause);
        this.maybeSent = maybeSent;
    }

    public boolean maybeSent() {
        return maybeSent;
    }
}
