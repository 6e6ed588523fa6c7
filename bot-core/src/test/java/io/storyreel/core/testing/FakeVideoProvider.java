package io.storyreel.core.testing;

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

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
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
 * The one in-memory stand-in for the Kling and MiniMax clients. {@link #kling()} and {@link #minimax()} carry
 * real-looking capabilities, prices and credential fields and finish a task at its first poll, for conversation
 * tests; {@code new FakeVideoProvider(id, canFind)} carries one small model and runs a task for
 * {@link #pollsToFinish} polls, for engine tests. Every fake keeps a journal of paid creates by idempotency key
 * ({@link #creates}), fails tasks whose prompt contains "FAIL", holds tasks while {@link #hold} is set, can refuse
 * creates as rate limited and break downloads off, refuses readable photos under the minimum side in
 * {@code prepare} and keys starting with "bad" in {@code verifyKeys}, and either resolves idempotency keys
 * (Kling-like) or cannot (MiniMax-like: AMBIGUOUS_SUBMIT). {@code cancel} marks a task CANCELLED and records it
 * ({@link #cancelled}). A "video" is one line of text naming its task and prompt.
 */
public final class FakeVideoProvider implements VideoProvider {
    public final List<String> creates = new CopyOnWriteArrayList<>();
    /** Task ids the engine asked to cancel, in order. */
    public final List<String> cancelled = new CopyOnWriteArrayList<>();
    public final Map<String, Task> byExternal = new ConcurrentHashMap<>();
    public final Map<String, Task> byId = new ConcurrentHashMap<>();
    public final AtomicInteger downloadFailuresLeft = new AtomicInteger();
    public final AtomicInteger rateLimitedCreatesLeft = new AtomicInteger();
    /** Prepares that fail as the image preparer does when memory for large photos is busy (retryable). */
    public final AtomicInteger busyPreparesLeft = new AtomicInteger();
    public final AtomicInteger maxInFlight = new AtomicInteger();
    /** The first credential field of every submit (whose key paid). */
    public final Set<String> seenKeys = ConcurrentHashMap.newKeySet();
    public volatile boolean hold;
    /** The units a failed task reports as charged (-1: none reported, as most providers; a failed task then costs 0). */
    public volatile double failedUnits = -1;
    public volatile int pollsToFinish;
    /** When set, a task finishes once it has run this long (by {@link #clock}) for its idempotency key, whatever the polls. */
    public volatile java.util.function.Function<String, java.time.Duration> runFor;
    public volatile java.time.Clock clock = java.time.Clock.systemUTC();
    private final Capabilities caps;
    private final List<String> fields;
    private final boolean canFind;

    /** One task as the fake provider holds it. */
    public static final class Task {
        public final String taskId;
        public final String external;
        public final String prompt;
        public final boolean fails;
        public final AtomicInteger polls = new AtomicInteger();
        public volatile TaskStatus status = TaskStatus.QUEUED;
        volatile long createdAt;

        Task(String taskId, String external, String prompt, boolean fails) {
            this.taskId = taskId;
            this.external = external;
            this.prompt = prompt;
            this.fails = fails;
        }
    }

    /** An engine-test provider: one model {@code fake-1} (std, 5 s, 720p), an {@code apiKey}, two polls a task. */
    public FakeVideoProvider(String id, boolean canFind) {
        this(new Capabilities(id, "Fake" + id, List.of(new ModelSpec("fake-1", "Fake 1", List.of("std"),
                        List.of(new ModelSpec.Combination("std", 5, "720p", 720, 24, false, 1.0, 0.14)), 10, Map.of())),
                        "fake-1", new ImageConstraints(Set.of("jpg", "png"), 10_000_000, 300, 0.4, 2.5), 2500, "units",
                        0.14),
                List.of("apiKey"), canFind, 2);
    }

    private FakeVideoProvider(Capabilities caps, List<String> fields, boolean canFind, int pollsToFinish) {
        this.caps = caps;
        this.fields = fields;
        this.canFind = canFind;
        this.pollsToFinish = pollsToFinish;
    }

    /** A provider with these capabilities and key fields (a test's own catalogue); tasks finish at their first poll. */
    public static FakeVideoProvider of(Capabilities caps, List<String> credentialFields) {
        return new FakeVideoProvider(caps, credentialFields, true, 1);
    }

    /** Kling's models and prices, an access key and a secret key; tasks finish at their first poll. */
    public static FakeVideoProvider kling() {
        ModelSpec v21 = new ModelSpec("kling-v2-1", "Kling 2.1", List.of("std", "pro"), List.of(
                new ModelSpec.Combination("std", 5, "720p", 720, 24, false, 1.0, 0.14),
                new ModelSpec.Combination("std", 10, "720p", 720, 24, false, 2.0, 0.28),
                new ModelSpec.Combination("pro", 5, "1080p", 1080, 24, false, 1.75, 0.245),
                new ModelSpec.Combination("pro", 10, "1080p", 1080, 24, false, 3.5, 0.49)), 5, Map.of());
        ModelSpec v16 = new ModelSpec("kling-v1-6", "Kling 1.6", List.of("std", "pro"), List.of(
                new ModelSpec.Combination("std", 5, "720p", 720, 30, false, 1.0, 0.14),
                new ModelSpec.Combination("pro", 5, "1080p", 1080, 30, false, 1.75, 0.245)), 5, Map.of());
        return new FakeVideoProvider(new Capabilities("kling", "Kling", List.of(v21, v16), "kling-v2-1",
                new ImageConstraints(Set.of("image/jpeg", "image/png"), 10_000_000, 300, 0.4, 2.5), 2500, "units",
                0.14), List.of("accessKey", "secretKey"), true, 1);
    }

    /**
     * MiniMax's Hailuo 02 and its prices, an API key and its side minimum (301 px, as catalogued); tasks finish at
     * their first poll.
     */
    public static FakeVideoProvider minimax() {
        ModelSpec hailuo = new ModelSpec("MiniMax-Hailuo-02", "Hailuo 02", List.of(), List.of(
                new ModelSpec.Combination(null, 6, "768P", 768, 25, false, 0.28, 0.28),
                new ModelSpec.Combination(null, 10, "768P", 768, 25, false, 0.56, 0.56),
                new ModelSpec.Combination(null, 6, "1080P", 1080, 25, false, 0.49, 0.49)), 6, Map.of());
        return new FakeVideoProvider(new Capabilities("minimax", "MiniMax", List.of(hailuo), "MiniMax-Hailuo-02",
                new ImageConstraints(Set.of("image/jpeg", "image/png", "image/webp"), 20_000_000, 301, 0.4, 2.5),
                2000, "USD", 1.0), List.of("apiKey"), true, 1);
    }

    @Override
    public String id() {
        return caps.provider();
    }

    @Override
    public Capabilities capabilities() {
        return caps;
    }

    @Override
    public List<String> credentialFields() {
        return fields;
    }

    @Override
    public CostEstimate estimate(GenerationRequest r) {
        ModelSpec m = caps.model(r.model())
                .orElseThrow(() -> new ProviderException(ErrorKind.INVALID_INPUT, "unknown model", "model"));
        ModelSpec.Combination c = m.matching(r.mode(), r.durationSeconds(), r.resolution()).stream().findFirst()
                .orElseThrow(() -> new ProviderException(ErrorKind.INVALID_INPUT, "invalid combination",
                        "combination"));
        return new CostEstimate(c.units(), caps.currencyUnit(), c.usd());
    }

    @Override
    public GenerationRequest prepare(GenerationRequest r) {
        if (busyPreparesLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ProviderException(ErrorKind.TRANSIENT, "I'm busy preparing other large photos; this one will "
                    + "be tried again in a moment.", "image_busy", "image", java.time.Duration.ofMillis(50), true, null);
        }
        if (r.image() == null) {
            return r;
        }
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(r.image()));
        } catch (IOException e) {
            throw new ProviderException(ErrorKind.INVALID_INPUT, "unreadable image", "image");
        }
        if (img != null && Math.min(img.getWidth(), img.getHeight()) < caps.image().minEachSide()) {
            throw new ProviderException(ErrorKind.INVALID_INPUT, caps.displayName() + " needs photos at least "
                    + caps.image().minEachSide() + " pixels on each side; this one is " + img.getWidth() + "×"
                    + img.getHeight() + ".", "image_too_small", "image", null, false, null);
        }
        return r;
    }

    @Override
    public KeyCheck verifyKeys(Credentials credentials) {
        boolean bad = credentials.values().values().stream().anyMatch(v -> v.startsWith("bad"));
        return bad ? new KeyCheck(false, true, "the key was not recognised") : new KeyCheck(true, true, "ok");
    }

    @Override
    public ProviderTaskRef submit(Credentials credentials, GenerationRequest request, String idempotencyKey) {
        seenKeys.add(credentials.require(fields.get(0)));
        if (rateLimitedCreatesLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ProviderException(ErrorKind.RATE_LIMITED, "Too many requests, try later.", "429");
        }
        return create(idempotencyKey, request.prompt(),
                request.prompt() != null && request.prompt().contains("FAIL"));
    }

    /** A paid create, as if the provider received it (also used to fake "created, then the worker died"). */
    public ProviderTaskRef create(String external, boolean fails) {
        return create(external, null, fails);
    }

    private ProviderTaskRef create(String external, String prompt, boolean fails) {
        creates.add(external);
        Task t = new Task("task-" + creates.size() + "-" + external.substring(0, Math.min(8, external.length())),
                external, prompt, fails);
        t.createdAt = clock.millis();
        byExternal.put(external, t);
        byId.put(t.taskId, t);
        maxInFlight.accumulateAndGet(inFlight(), Math::max);
        return new ProviderTaskRef(id(), t.taskId, external);
    }

    public int inFlight() {
        return (int) byId.values().stream().filter(t -> !t.status.terminal()).count();
    }

    public long createsFor(String external) {
        return creates.stream().filter(external::equals).count();
    }

    /** Paid creates so far, one per idempotency key. */
    public int submits() {
        return (int) creates.stream().distinct().count();
    }

    @Override
    public ProviderTaskRef findByIdempotencyKey(Credentials credentials, String idempotencyKey) {
        if (!canFind) {
            throw new ProviderException(ErrorKind.AMBIGUOUS_SUBMIT, "cannot tell", "no_idempotency");
        }
        Task t = byExternal.get(idempotencyKey);
        return t == null ? null : new ProviderTaskRef(id(), t.taskId, t.external);
    }

    @Override
    public TaskState poll(Credentials credentials, ProviderTaskRef task) {
        Task t = byId.get(task.taskId());
        if (t == null) {
            throw new ProviderException(ErrorKind.NOT_FOUND, "no such task", "404");
        }
        if (!t.status.terminal() && !hold) {
            int n = t.polls.incrementAndGet();
            var timed = runFor;
            if (timed != null ? clock.millis() - t.createdAt >= timed.apply(t.external).toMillis() : n >= pollsToFinish) {
                t.status = t.fails ? TaskStatus.FAILED : TaskStatus.SUCCEEDED;
            } else {
                t.status = TaskStatus.RUNNING;
            }
        }
        return switch (t.status) {
            case SUCCEEDED -> new TaskState(TaskStatus.SUCCEEDED, "succeed", 100, "url:" + t.taskId, 1.0, null);
            case FAILED -> new TaskState(TaskStatus.FAILED, "failed", -1, null, failedUnits,
                    new ProviderException(ErrorKind.CONTENT_REJECTED, "The provider refused this picture.", "1301"));
            default -> new TaskState(t.status, t.status.name().toLowerCase(), t.status == TaskStatus.RUNNING ? 50 : -1,
                    null, -1, null);
        };
    }

    @Override
    public boolean cancel(Credentials credentials, ProviderTaskRef task) {
        cancelled.add(task.taskId());
        Task t = byId.get(task.taskId());
        if (t != null && !t.status.terminal()) {
            t.status = TaskStatus.CANCELLED;
        }
        return true;
    }

    @Override
    public void download(Credentials credentials, ProviderTaskRef task, TaskState finished, Path target) {
        if (downloadFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ProviderException(ErrorKind.TRANSIENT, "The download broke off.", "truncated");
        }
        Task t = byId.get(task.taskId());
        try {
            Files.writeString(target, "video of " + task.taskId() + " from " + finished.resultRef()
                    + " clip:" + (t == null ? null : t.prompt), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
