package io.storyreel.core.provider;

import java.util.Objects;

/**
 * One poll's answer. {@code progressPercent} is -1 when the provider gives none. On success {@code resultRef}
 * is what {@link VideoProvider#download} needs (Kling: the video URL; MiniMax: the file id), and
 * {@code actualUnits} the charge when the provider reports it (Kling {@code final_unit_deduction}, Runway
 * {@code cost.credits}), else -1. On failure {@code failure} explains it. {@code rawStatus} is kept for logs.
 * {@code queue} says why a queued task waits, when the provider tells ({@link ProviderQueue#NONE} otherwise).
 */
public record TaskState(TaskStatus status, String rawStatus, int progressPercent, String resultRef,
                        double actualUnits, ProviderException failure, ProviderQueue queue) {

    public TaskState {
        queue = Objects.requireNonNullElse(queue, ProviderQueue.NONE);
    }

    /** A state with nothing known about the provider's queue. */
    public TaskState(TaskStatus status, String rawStatus, int progressPercent, String resultRef, double actualUnits,
                     ProviderException failure) {
        this(status, rawStatus, progressPercent, resultRef, actualUnits, failure, ProviderQueue.NONE);
    }

    /** The same state, waiting in the provider's queue as {@code q} says. */
    public TaskState waiting(ProviderQueue q) {
        return new TaskState(status, rawStatus, progressPercent, resultRef, actualUnits, failure, q);
    }
}
