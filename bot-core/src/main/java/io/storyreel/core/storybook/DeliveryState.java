package io.storyreel.core.storybook;

/**
 * Where a finished film is on its way to the chat. The engine hands the film to the chat (HANDED_OVER) and does
 * not wait. Right before the upload the chat records SENDING (committed): from then on the film may reach the chat,
 * so it is never handed over again by itself. The chat answers that it was sent (DELIVERED), that it failed
 * (FAILED: sent again after a backoff), that the platform refused it (REFUSED) or refused it as too large
 * (TOO_LARGE: fitted smaller). A film left HANDED_OVER with no answer (the process died before the upload) is handed
 * over again; one left SENDING (the process died mid-send, or no answer came) becomes UNSURE: the chat is asked
 * whether to send it again. GAVE_UP: the engine stopped trying and the chat was offered what remains possible.
 * UNSURE and GAVE_UP wait for a member's choice; choosing "shorter" makes it SHORTEN (cut to what fits, then sent).
 */
public enum DeliveryState {
    WAITING, HANDED_OVER, SENDING, FAILED, REFUSED, TOO_LARGE, SHORTEN, UNSURE, GAVE_UP, DELIVERED;

    /** The chat answered with a failure, or a member chose a shorter film: the engine has not acted on it yet. */
    public boolean refused() {
        return this == FAILED || this == REFUSED || this == TOO_LARGE || this == SHORTEN;
    }

    /** The engine stopped and waits for a member to choose how to get the film. */
    public boolean awaitsChoice() {
        return this == UNSURE || this == GAVE_UP;
    }
}
