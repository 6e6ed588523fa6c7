package io.storyreel.core.generation;

import io.storyreel.core.storybook.InList;

import java.util.EnumSet;

/**
 * Where one clip is. PENDING waits for a slot of its account; SUBMITTING holds the slot across the paid create call
 * (committed before it, so a crash is resolved by idempotency key and never resubmitted); SUBMITTED, QUEUED and
 * RUNNING follow the provider's task; SUCCEEDED is made but not yet stored; DOWNLOADED is in the blob store. FAILED
 * waits for the user (retry, merge without, cancel); SKIPPED is left out of the film; CANCELLED ended with the film.
 */
public enum ClipState {
    PENDING, SUBMITTING, SUBMITTED, QUEUED, RUNNING, SUCCEEDED, DOWNLOADED, FAILED, SKIPPED, CANCELLED;

    static final InList IN_FLIGHT = InList.of(EnumSet.of(SUBMITTING, SUBMITTED, QUEUED, RUNNING));
    static final InList AT_PROVIDER = InList.of(EnumSet.of(SUBMITTED, QUEUED, RUNNING));
    static final InList UNFINISHED = InList.of(EnumSet.of(PENDING, SUBMITTING, SUBMITTED, QUEUED, RUNNING, SUCCEEDED));

    /** Holding one of its account's slots: a provider task is being created or is running. */
    public boolean inFlight() {
        return this == SUBMITTING || atProvider();
    }

    /** The provider has accepted the task and is making it. */
    public boolean atProvider() {
        return this == SUBMITTED || this == QUEUED || this == RUNNING;
    }

    /** The clip still has steps to take (its task is alive). */
    public boolean unfinished() {
        return this == PENDING || inFlight() || this == SUCCEEDED;
    }

    /** The clips a film is merged from. */
    public boolean ready() {
        return this == DOWNLOADED;
    }
}
