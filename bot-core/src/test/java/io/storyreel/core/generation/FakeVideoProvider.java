package io.storyreel.core.generation;

import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ImageConstraints;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.VideoProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A narrow in-memory provider for engine tests. It keeps a journal of paid creates (by idempotency key), runs a
 * task for {@code pollsToFinish} polls, fails tasks whose prompt contains "FAIL", holds tasks while {@link #hold}
 * is set, and either resolves idempotency keys (Kling-like) or cannot (MiniMax-like: AMBIGUOUS_SUBMIT).
 */
final class FakeVideoProvider implements VideoProvider {
    final List<String> creates = new CopyOnWriteArrayList<>();
    final Map<String, Task> byExternal = new ConcurrentHashMap<>();
    final Map<String, Task> byId = new ConcurrentHashMap<>();
    final AtomicInteger downloadFailuresLeft = new AtomicInteger();
    final AtomicInteger rateLimitedCreatesLeft = new AtomicInteger();
    /** Prepares that fail as the image preparer does when memory for large photos is busy (retryable). */
    final AtomicInteger busyPreparesLeft = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final Set<String> seenKeys = ConcurrentHashMap.newKeySet();
    volatile boolean hold;
    volatile int pollsToFinish = 2;
    private final String id;
    private final boolean canFind;

    final class Task {
        final String taskId;
        final String external;
        final boolean fails;
        final AtomicInteger polls = new AtomicInteger();
        volatile TaskStatus status = TaskStatus.QUEUED;

        Task(String taskId, String external, boolean fails) {
            this.taskId = taskId;
            this.external = external;
            this.fails = fails;
        }
    }

    FakeVideoProvider(String id, boolean canFind) {
        this.id = id;
        this.canFind = canFind;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Capabilities capabilities() {
        ModelSpec m = new ModelSpec("fake-1", "Fake 1", List.of("std"),
                List.of(new ModelSpec.Combination("std", 5, "720p", 720, 24, false, 1.0, 0.14)), 10, Map.of());
        return new Capabilities(id, "Fake" + id, List.of(m), "fake-1",
                new ImageConstraints(Set.of("jpg", "png"), 10_000_000, 300, 0.4, 2.5), 2500, "units", 0.14);
    }

    @Override
    public CostEstimate estimate(GenerationRequest request) {
        return new CostEstimate(1.0, "units", 0.14);
    }

    @Override
    public GenerationRequest prepare(GenerationRequest request) {
        if (busyPreparesLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ProviderException(ErrorKind.TRANSIENT, "I'm busy preparing other large photos; this one will "
                    + "be tried again in a moment.", "image_busy", "image", java.time.Duration.ofMillis(50), true, null);
        }
        return request;
    }

    @Override
    public ProviderTaskRef submit(Credentials credentials, GenerationRequest request, String idempotencyKey) {
        seenKeys.add(credentials.require("apiKey"));
        if (rateLimitedCreatesLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ProviderException(ErrorKind.RATE_LIMITED, "Too many requests, try later.", "429");
        }
        return create(idempotencyKey, request.prompt() != null && request.prompt().contains("FAIL"));
    }

    /** A paid create, as if the provider received it (also used to fake "created, then the worker died"). */
    ProviderTaskRef create(String external, boolean fails) {
        creates.add(external);
        Task t = new Task("task-" + creates.size() + "-" + external.substring(0, 8), external, fails);
        byExternal.put(external, t);
        byId.put(t.taskId, t);
        maxInFlight.accumulateAndGet(inFlight(), Math::max);
        return new ProviderTaskRef(id, t.taskId, external);
    }

    int inFlight() {
        return (int) byId.values().stream().filter(t -> !t.status.terminal()).count();
    }

    long createsFor(String external) {
        return creates.stream().filter(external::equals).count();
    }

    @Override
    public ProviderTaskRef findByIdempotencyKey(Credentials credentials, String idempotencyKey) {
        if (!canFind) {
            throw new ProviderException(ErrorKind.AMBIGUOUS_SUBMIT, "cannot tell", "no_idempotency");
        }
        Task t = byExternal.get(idempotencyKey);
        return t == null ? null : new ProviderTaskRef(id, t.taskId, t.external);
    }

    @Override
    public TaskState poll(Credentials credentials, ProviderTaskRef task) {
        Task t = byId.get(task.taskId());
        if (t == null) {
            throw new ProviderException(ErrorKind.NOT_FOUND, "no such task", "404");
        }
        if (!t.status.terminal() && !hold) {
            int n = t.polls.incrementAndGet();
            if (n >= pollsToFinish) {
                t.status = t.fails ? TaskStatus.FAILED : TaskStatus.SUCCEEDED;
            } else {
                t.status = TaskStatus.RUNNING;
            }
        }
        return switch (t.status) {
            case SUCCEEDED -> new TaskState(TaskStatus.SUCCEEDED, "succeed", 100, "url:" + t.taskId, 1.0, null);
            case FAILED -> new TaskState(TaskStatus.FAILED, "failed", -1, null, -1,
                    new ProviderException(ErrorKind.CONTENT_REJECTED, "The provider refused this picture.", "1301"));
            default -> new TaskState(t.status, t.status.name().toLowerCase(), t.status == TaskStatus.RUNNING ? 50 : -1,
                    null, -1, null);
        };
    }

    @Override
    public void download(Credentials credentials, ProviderTaskRef task, TaskState finished, Path target) {
        if (downloadFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ProviderException(ErrorKind.TRANSIENT, "The download broke off.", "truncated");
        }
        try {
            Files.writeString(target, "video of " + task.taskId() + " from " + finished.resultRef(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public KeyCheck verifyKeys(Credentials credentials) {
        return new KeyCheck(true, false, "ok");
    }

    @Override
    public List<String> credentialFields() {
        return List.of("apiKey");
    }
}
