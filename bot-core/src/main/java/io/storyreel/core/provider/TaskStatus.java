package io.storyreel.core.provider;

/** Provider statuses, normalised. */
public enum TaskStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, EXPIRED;

    public boolean terminal() {
        return this != QUEUED && this != RUNNING;
    }
}
