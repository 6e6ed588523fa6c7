package io.storyreel.core.provider;

/**
 * Why a queued task waits at the provider, for the progress a user sees: {@code accountLimit} when the provider holds
 * it because the user's own account already runs as many tasks as its plan allows (Runway {@code THROTTLED}: "waiting
 * for a Runway slot"), and {@code position} its place in the provider's queue when the provider tells it (fal
 * {@code queue_position}; -1 when unknown).
 */
public record ProviderQueue(boolean accountLimit, int position) {
    /** Nothing known beyond "queued". */
    public static final ProviderQueue NONE = new ProviderQueue(false, -1);

    public ProviderQueue {
        position = Math.max(-1, position);
    }

    /** Held until the account has a free slot at the provider. */
    public static ProviderQueue accountSlot() {
        return new ProviderQueue(true, -1);
    }

    /** {@code position} places from the front of the provider's queue (0: next). */
    public static ProviderQueue at(int position) {
        return new ProviderQueue(false, position);
    }

    public boolean known() {
        return accountLimit || position >= 0;
    }
}
