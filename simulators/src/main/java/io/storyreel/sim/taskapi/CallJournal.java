package io.storyreel.sim.taskapi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every request a simulator answered, in order, so tests can assert what a client really did: above all, how many
 * paid creates it made ({@link #creates()}), per key and per caller-chosen id.
 */
public final class CallJournal {

    private final List<Call> calls = new ArrayList<>();

    /**
     * One request.
     *
     * @param at             simulator clock time the request arrived
     * @param method         HTTP method
     * @param path           path without query
     * @param credentialId   Kling access key ({@code iss}) or MiniMax API key the caller presented; null when none
     * @param externalTaskId Kling {@code external_task_id} of a create; null otherwise
     * @param taskId         the task the call created or addressed; null when none
     * @param httpStatus     status sent; -1 when the connection was dropped without a response
     * @param code           provider code in the body (Kling {@code code}, MiniMax {@code base_resp.status_code})
     * @param created        true when this call created a (billable) task, even if the response never arrived
     * @param images         the image fields a create carried, in the provider's own names (Kling {@code image},
     *                       {@code image_tail}); empty where the simulator does not record them
     */
    public record Call(Instant at, String method, String path, String credentialId, String externalTaskId,
                       String taskId, int httpStatus, int code, boolean created, List<String> images) {
        public Call {
            images = images == null ? List.of() : List.copyOf(images);
        }

        public Call(Instant at, String method, String path, String credentialId, String externalTaskId,
                    String taskId, int httpStatus, int code, boolean created) {
            this(at, method, path, credentialId, externalTaskId, taskId, httpStatus, code, created, List.of());
        }
    }

    public synchronized void record(Call call) {
        calls.add(Objects.requireNonNull(call));
    }

    /** Tasks created (what the account would be charged for), including creates whose response was lost. */
    public synchronized int creates() {
        return (int) calls.stream().filter(Call::created).count();
    }

    public synchronized int createsFor(String credentialId) {
        return (int) calls.stream().filter(c -> c.created() && Objects.equals(c.credentialId(), credentialId)).count();
    }

    public synchronized int createsForExternalId(String externalTaskId) {
        return (int) calls.stream()
                .filter(c -> c.created() && Objects.equals(c.externalTaskId(), externalTaskId)).count();
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized void clear() {
        calls.clear();
    }
}
