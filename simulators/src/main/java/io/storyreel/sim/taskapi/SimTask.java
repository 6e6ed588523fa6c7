package io.storyreel.sim.taskapi;

import io.storyreel.sim.render.ClipRenderer.RenderedClip;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A simulated generation task's life on the simulator's clock: queued until {@code createdAt + queue}, running until
 * {@code + processing} (and for as long as the clip is still rendering), then succeeded or failed. The phase is
 * computed from the clock whenever it is asked, so a test clock moves tasks without any background thread.
 *
 * <p>A task may be held before its life begins (Runway's {@code THROTTLED}, a place in fal's queue): its {@link Hold}
 * says for how long, and the whole life is shifted by that wait.
 */
public final class SimTask {

    public enum Phase { QUEUED, RUNNING, SUCCEEDED, FAILED }

    /** How long the task has been (or will be) held before its life begins, as of a moment. */
    @FunctionalInterface
    public interface Hold {
        Hold NONE = now -> Duration.ZERO;

        Duration at(Instant now);
    }

    /** Reported when the clip could not be rendered (a simulator problem, shown as a provider failure). */
    public static final String RENDER_FAILED = "internal error while generating the video";

    private final String id;
    private final String credentialId;
    private final Instant createdAt;
    private final Duration queue;
    private final Duration processing;
    private final FaultRules.TaskFailure failure;
    private final CompletableFuture<RenderedClip> render;
    private final Hold hold;
    private volatile Instant renderedAt;

    public SimTask(String id, String credentialId, Clock clock, Duration queue, Duration processing,
                   String failureMessage, CompletableFuture<RenderedClip> render) {
        this(id, credentialId, clock, queue, processing,
                failureMessage == null ? null : new FaultRules.TaskFailure(failureMessage, null), render, Hold.NONE);
    }

    public SimTask(String id, String credentialId, Clock clock, Duration queue, Duration processing,
                   FaultRules.TaskFailure failure, CompletableFuture<RenderedClip> render, Hold hold) {
        this.id = Objects.requireNonNull(id);
        this.credentialId = credentialId;
        this.createdAt = clock.instant();
        this.queue = Objects.requireNonNull(queue);
        this.processing = Objects.requireNonNull(processing);
        this.failure = failure;
        this.render = Objects.requireNonNull(render);
        this.hold = Objects.requireNonNull(hold);
        render.whenComplete((clip, error) -> renderedAt = clock.instant());
    }

    public String id() {
        return id;
    }

    public String credentialId() {
        return credentialId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** When the task leaves the queue, if nothing holds it longer than is known {@code now}. */
    public Instant runningAt(Instant now) {
        return startedAt(now).plus(queue);
    }

    /** When the task leaves the queue (unheld tasks only; see {@link #runningAt(Instant)}). */
    public Instant runningAt() {
        return createdAt.plus(queue);
    }

    /** When the held task's life began (or will begin): {@code createdAt} plus its hold. */
    public Instant startedAt(Instant now) {
        return createdAt.plus(hold.at(now));
    }

    /** True while the task is still held (before its life begins). */
    public boolean held(Instant now) {
        return now.isBefore(startedAt(now));
    }

    /** Queue plus processing: how long the task occupies a slot once it starts, if rendering keeps up. */
    public Duration nominalLength() {
        return queue.plus(processing);
    }

    public Phase phase(Instant now) {
        Instant start = startedAt(now);
        Instant runningAt = start.plus(queue);
        Instant finishesAt = runningAt.plus(processing);
        if (now.isBefore(runningAt)) {
            return Phase.QUEUED;
        }
        if (failure != null) {
            return now.isBefore(finishesAt) ? Phase.RUNNING : Phase.FAILED;
        }
        if (now.isBefore(finishesAt) || !render.isDone()) {
            return Phase.RUNNING;
        }
        return render.isCompletedExceptionally() ? Phase.FAILED : Phase.SUCCEEDED;
    }

    public boolean finished(Instant now) {
        Phase p = phase(now);
        return p == Phase.SUCCEEDED || p == Phase.FAILED;
    }

    /** How far through its running time the task is, 0 to 1, as of {@code now}. */
    public double progress(Instant now) {
        Instant runningAt = runningAt(now);
        if (!now.isAfter(runningAt) || processing.isZero()) {
            return now.isBefore(runningAt) ? 0 : 1;
        }
        return Math.min(1, Duration.between(runningAt, now).toMillis() / (double) processing.toMillis());
    }

    /** When the phase last changed, as of {@code now}. */
    public Instant updatedAt(Instant now) {
        Instant start = startedAt(now);
        Instant finishesAt = start.plus(queue).plus(processing);
        return switch (phase(now)) {
            case QUEUED -> held(now) ? createdAt : start;
            case RUNNING -> start.plus(queue);
            case SUCCEEDED, FAILED -> {
                Instant r = renderedAt;
                yield failure == null && r != null && r.isAfter(finishesAt) ? r : finishesAt;
            }
        };
    }

    /** Why the task failed (only meaningful in {@link Phase#FAILED}). */
    public String failureMessage() {
        return failure != null && failure.message() != null ? failure.message() : RENDER_FAILED;
    }

    /** The provider's failure code armed with the failure (Runway {@code failureCode}), or null. */
    public String failureCode() {
        return failure == null ? null : failure.code();
    }

    /** True when the failure was armed on purpose (moderation), false when rendering broke. */
    public boolean failedOnPurpose() {
        return failure != null;
    }

    public Optional<RenderedClip> clip() {
        return render.isDone() && !render.isCompletedExceptionally() ? Optional.ofNullable(render.join())
                : Optional.empty();
    }
}
