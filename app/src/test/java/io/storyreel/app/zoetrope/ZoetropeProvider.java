package io.storyreel.app.zoetrope;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.provider.CredentialField;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ParameterValues;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.RequestValidator;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.video.SyntheticClip;
import io.storyreel.core.video.testing.TestClips;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A third provider that lives only in the test tree, to prove a provider is one package plus one registration: it
 * spins each photo into a clip locally (a synthetic video of the asked length, made on the first poll), with one
 * {@code token} key. It knows nothing of the conversation, the engine or the adapters; they find it through
 * {@code META-INF/services} and its capabilities in {@code providers/zoetrope.yml}. Like the HTTP clients it writes
 * each create as a JSON body with the model's declared parameters put in generically ({@link ParameterValues#apply}),
 * and keeps the bodies in {@link #REQUESTS}, so a parameter added to its YAML reaches "the provider" with no code.
 */
public final class ZoetropeProvider implements VideoProvider {
    static final String ID = "zoetrope";
    static final List<CredentialField> CREDENTIALS = List.of(new CredentialField("token", "Zoetrope token"));
    /** Every paid create any zoetrope in this JVM accepted, by idempotency key: the tests' journal. */
    public static final List<String> CREATES = new CopyOnWriteArrayList<>();
    /** The JSON body of every create accepted, in order: what a real provider would have been sent. */
    public static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Capabilities capabilities;
    private final Map<String, GenerationRequest> tasks = new ConcurrentHashMap<>();

    ZoetropeProvider(ProviderContext context) {
        this.capabilities = context.capabilities();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public CostEstimate estimate(GenerationRequest request) {
        return RequestValidator.estimate(capabilities, request);
    }

    @Override
    public GenerationRequest prepare(GenerationRequest request) {
        RequestValidator.resolve(capabilities, request);
        return request;
    }

    @Override
    public ProviderTaskRef submit(Credentials credentials, GenerationRequest request, String idempotencyKey) {
        credentials.require("token");
        RequestValidator.Resolved r = RequestValidator.resolve(capabilities, request);
        ObjectNode body = JSON.createObjectNode().put("model", r.model().id()).put("prompt", request.prompt())
                .put("seconds", r.durationSeconds());
        REQUESTS.add(ParameterValues.apply(body, r.model(), r.combination(), request.parameters()).toString());
        CREATES.add(idempotencyKey);
        String taskId = "spin-" + idempotencyKey;
        tasks.put(taskId, request);
        return new ProviderTaskRef(ID, taskId, idempotencyKey);
    }

    @Override
    public ProviderTaskRef findByIdempotencyKey(Credentials credentials, String idempotencyKey) {
        String taskId = "spin-" + idempotencyKey;
        return tasks.containsKey(taskId) ? new ProviderTaskRef(ID, taskId, idempotencyKey) : null;
    }

    @Override
    public TaskState poll(Credentials credentials, ProviderTaskRef task) {
        if (!tasks.containsKey(task.taskId())) {
            return new TaskState(TaskStatus.EXPIRED, "unknown", -1, null, -1, ProviderException
                    .problem(Problem.TASK_UNKNOWN).provider("Zoetrope").message("Zoetrope has no such task.").build());
        }
        return new TaskState(TaskStatus.SUCCEEDED, "spun", 100, task.taskId(), 1, null);
    }

    @Override
    public void download(Credentials credentials, ProviderTaskRef task, TaskState finished, Path target) {
        GenerationRequest request = tasks.get(task.taskId());
        try {
            Path dir = Files.createTempDirectory(target.toAbsolutePath().getParent(), "zoetrope-");
            Path clip = TestClips.write(dir, "clip.mp4", SyntheticClip.of(320, 240, 24, request.durationSeconds()));
            Files.move(clip, target, StandardCopyOption.REPLACE_EXISTING);
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public KeyCheck verifyKeys(Credentials credentials) {
        String token = credentials.get("token");
        return token != null && token.length() >= 8
                ? new KeyCheck(true, false, "The token looks right.")
                : new KeyCheck(false, false, "A Zoetrope token has at least 8 characters.");
    }

    @Override
    public List<String> credentialFields() {
        return CREDENTIALS.stream().map(CredentialField::name).toList();
    }

    @Override
    public List<CredentialField> credentials() {
        return CREDENTIALS;
    }
}
