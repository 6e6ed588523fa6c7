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
 */
public final class SimTask {

    public enum Phase { QUEUED, RUNNING, SUCCEEDED, FAILED }

    /** Reported when the clip could not be rendered (a simulator problem, shown as a provider failure). */
    public static final String RENDER_FAILED = "internal error while generating the video";

    private final String id;
    private final String credentialId;
    private final Instant createdAt;
    private final Instant runningAt;
    private final Instant finishesAt;
    private final String failureMessage;
    private final CompletableFuture<RenderedClip> render;
    private volatile Instant renderedAt;

    public SimTask(String id, String credentialId, Clock clock, Duration queue, Duration processing,
                   String failureMessage, CompletableFuture<RenderedClip> render) {
        this.id = Objects.requireNonNull(id);
        this.credentialId = credentialId;
        this.createdAt = clock.instant();
        this.runningAt = createdAt.plus(queue);
        this.finishesAt = runningAt.plus(processing);
        this.failureMessage = failureMessage;
        this.render = Objects.requireNonNull(render);
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

    public Instant runningAt() {
        return runningAt;
    }

    public Phase phase(Instant now) {
        if (now.isBefore(runningAt)) {
            return Phase.QUEUED;
        }
        if (failureMessage != null) {
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

    /** When the phase last changed, as of {@code now}. */
    public Instant updatedAt(Instant now) {
        return switch (phase(now)) {
            case QUEUED -> createdAt;
            case RUNNING -> runningAt;
            case SUCCEEDED, FAILED -> {
                Instant r = renderedAt;
                yield failureMessage == null && r != null && r.isAfter(finishesAt) ? r : finishesAt;
            }
        };
    }

    /** Why the task failed (only meaningful in {@link Phase#FAILED}). */
    public String failureMessage() {
        return failureMessage != null ? failureMessage : RENDER_FAILED;
    }

    /** True when the failure was armed on purpose (moderation), false when rendering broke. */
    public boolean failedOnPurpose() {
        return failureMessage != null;
    }

    public Optional<RenderedClip> clip() {
        return render.isDone() && !render.isCompletedExceptionally() ? Optional.of(render.join()) : Optional.empty();
    }
}
