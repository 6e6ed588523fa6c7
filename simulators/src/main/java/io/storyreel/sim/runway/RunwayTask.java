package io.storyreel.sim.runway;

import io.storyreel.sim.taskapi.SimTask;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One created task, what its create asked for, and whether it was deleted ({@code DELETE /v1/tasks/{id}}): a task
 * deleted before it finished was cancelled.
 */
final class RunwayTask {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    final SimTask sim;
    final RunwayCreateRequest request;
    final String fileName;
    private volatile Instant deletedAt;
    private volatile boolean cancelled;

    RunwayTask(SimTask sim, RunwayCreateRequest request, String fileName) {
        this.sim = sim;
        this.request = request;
        this.fileName = fileName;
    }

    boolean ownedBy(String key) {
        return key.equals(sim.credentialId());
    }

    /** {@code createdAt} as Runway writes it: ISO-8601 with milliseconds and {@code Z}. */
    String createdAt() {
        return ISO_MILLIS.format(sim.createdAt());
    }

    synchronized void delete(Instant at) {
        if (deletedAt == null) {
            deletedAt = at;
            cancelled = !sim.finished(at);
        }
    }

    boolean deleted() {
        return deletedAt != null;
    }

    /** Deleted before it finished: it stopped there and is not billed. */
    boolean cancelled() {
        return cancelled;
    }

    /** Whether the task has reached an end (finished, or cancelled) as of {@code now}. */
    boolean over(Instant now) {
        return cancelled || sim.finished(now);
    }
}
