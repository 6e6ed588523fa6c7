package io.storyreel.core.conversation.testing;

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
import io.storyreel.core.provider.VideoProvider;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A narrow stand-in for the Kling and MiniMax clients, for conversation tests: real-looking capabilities and
 * prices, {@code prepare} refusing photos under the provider's minimum side, {@code verifyKeys} refusing keys
 * that start with "bad". Generation is instant: a submit is a finished task whose "video" is a few bytes naming
 * the prompt, so the real engine can run a film end to end; {@link #submits()} counts paid creates.
 */
public final class FakeVideoProvider implements VideoProvider {
    private final Capabilities caps;
    private final List<String> fields;

    private FakeVideoProvider(Capabilities caps, List<String> fields) {
        this.caps = caps;
        this.fields = fields;
    }

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
                new ImageConstraints(Set.of("image/jpeg", "image/png"), 10_000_000, 300, 0.4, 2.5), 2500, "units", 0.14),
                List.of("accessKey", "secretKey"));
    }

    public static FakeVideoProvider minimax() {
        ModelSpec hailuo = new ModelSpec("MiniMax-Hailuo-02", "Hailuo 02", List.of(), List.of(
                new ModelSpec.Combination(null, 6, "768P", 768, 25, false, 0.28, 0.28),
                new ModelSpec.Combination(null, 10, "768P", 768, 25, false, 0.56, 0.56),
                new ModelSpec.Combination(null, 6, "1080P", 1080, 25, false, 0.49, 0.49)), 6, Map.of());
        return new FakeVideoProvider(new Capabilities("minimax", "MiniMax", List.of(hailuo), "MiniMax-Hailuo-02",
                new ImageConstraints(Set.of("image/jpeg", "image/png", "image/webp"), 20_000_000, 300, 0.4, 2.5), 2000, "USD", 1.0),
                List.of("apiKey"));
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
    public CostEstimate estimate(GenerationRequest r) {
        ModelSpec m = caps.model(r.model()).orElseThrow(() -> new ProviderException(ErrorKind.INVALID_INPUT, "unknown model", "model"));
        ModelSpec.Combination c = m.matching(r.mode(), r.durationSeconds(), r.resolution()).stream().findFirst()
                .orElseThrow(() -> new ProviderException(ErrorKind.INVALID_INPUT, "invalid combination", "combination"));
        return new CostEstimate(c.units(), caps.currencyUnit(), c.usd());
    }

    @Override
    public GenerationRequest prepare(GenerationRequest r) {
        if (r.image() != null) {
            try {
                var img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(r.image()));
                if (img != null && Math.min(img.getWidth(), img.getHeight()) < caps.image().minEachSide()) {
                    throw new ProviderException(ErrorKind.INVALID_INPUT, caps.displayName() + " needs photos at least "
                            + caps.image().minEachSide() + " pixels on each side; this one is " + img.getWidth() + "×"
                            + img.getHeight() + ".", "image_too_small", "image", null, false, null);
                }
            } catch (java.io.IOException e) {
                throw new ProviderException(ErrorKind.INVALID_INPUT, "unreadable image", "image");
            }
        }
        return r;
    }

    private final java.util.Map<String, ProviderTaskRef> tasks = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, String> prompts = new java.util.concurrent.ConcurrentHashMap<>();

    /** Paid creates so far. */
    public int submits() {
        return tasks.size();
    }

    @Override
    public ProviderTaskRef submit(Credentials credentials, GenerationRequest request, String idempotencyKey) {
        ProviderTaskRef ref = new ProviderTaskRef(id(), "task-" + idempotencyKey, idempotencyKey);
        tasks.put(idempotencyKey, ref);
        prompts.put(ref.taskId(), String.valueOf(request.prompt()));
        return ref;
    }

    @Override
    public ProviderTaskRef findByIdempotencyKey(Credentials credentials, String idempotencyKey) {
        return tasks.get(idempotencyKey);
    }

    @Override
    public TaskState poll(Credentials credentials, ProviderTaskRef task) {
        return new TaskState(io.storyreel.core.provider.TaskStatus.SUCCEEDED, "succeed", 100, task.taskId(), 1.0, null);
    }

    @Override
    public void download(Credentials credentials, ProviderTaskRef task, TaskState finished, Path target) {
        try {
            java.nio.file.Files.writeString(target, "clip:" + prompts.get(task.taskId()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public KeyCheck verifyKeys(Credentials credentials) {
        boolean bad = credentials.values().values().stream().anyMatch(v -> v.startsWith("bad"));
        return bad ? new KeyCheck(false, true, "the key was not recognised") : new KeyCheck(true, true, "ok");
    }

    @Override
    public List<String> credentialFields() {
        return fields;
    }
}
