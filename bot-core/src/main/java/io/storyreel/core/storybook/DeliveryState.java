package io.storyreel.core.storybook;

/**
 * Where a finished film is on its way to the chat. The engine hands the film to the chat (HANDED_OVER) and does
 * not wait: the chat's side answers that it was sent (DELIVERED), that it failed (FAILED) or that the platform
 * refused it as too large (TOO_LARGE); the engine then tries again, fits the film smaller, or gives up. A film
 * left HANDED_OVER with no answer (the process died mid-send) is handed over again after a while.
 */
public enum DeliveryState {
    WAITING, HANDED_OVER, FAILED, TOO_LARGE, DELIVERED;

    /** The chat answered with a failure the engine has not acted on yet. */
    public boolean refused() {
        return this == FAILED || this == TOO_LARGE;
    }
}
