package io.storyreel.core.provider;

import java.nio.file.Path;
import java.util.List;

/**
 * The port every image-to-video provider implements (built by its {@link VideoProviderFactory}). Implementations are
 * thread-safe, hold no per-user state, and take the user's credentials on every call. They retry poll and
 * download themselves where that is safe; {@link #submit} is retried only when the error proves no task was
 * created, and an unknown outcome is {@link ErrorKind#AMBIGUOUS_SUBMIT}.
 */
public interface VideoProvider {
    /** Short id used in configuration, commands and storage, e.g. {@code kling}. */
    String id();

    Capabilities capabilities();

    /** Cost of one clip; throws {@link ProviderException} INVALID_INPUT for an invalid combination. */
    CostEstimate estimate(GenerationRequest request);

    /**
     * Refuse (INVALID_INPUT with a user-facing reason) or fix losslessly (PNG/WebP to JPEG, padding to the aspect
     * limit, downscaling over the byte limit) an image and request before any money is spent.
     */
    GenerationRequest prepare(GenerationRequest request);

    /** Create the task. {@code idempotencyKey} is our clip id (Kling external_task_id). */
    ProviderTaskRef submit(Credentials credentials, GenerationRequest request, String idempotencyKey);

    /**
     * Resolve a submit whose outcome is unknown. Returns the task if the provider has it, null if it proves
     * there is none; throws AMBIGUOUS_SUBMIT if the provider cannot tell (MiniMax).
     */
    ProviderTaskRef findByIdempotencyKey(Credentials credentials, String idempotencyKey);

    TaskState poll(Credentials credentials, ProviderTaskRef task);

    /** Stream the finished video into {@code target} (written atomically: a partial file never stays). */
    void download(Credentials credentials, ProviderTaskRef task, TaskState finished, Path target);

    /**
     * Asks the provider to stop a task nobody wants any more (the user cancelled the film), so it stops running and,
     * where the provider does not bill cancelled tasks, costs nothing. Best effort and safe to repeat: true when the
     * provider took the request (or no longer had the task), false when this provider cannot cancel (the default).
     *
     * @throws ProviderException when the provider refused or could not be reached
     */
    default boolean cancel(Credentials credentials, ProviderTaskRef task) {
        return false;
    }

    /** Check keys with a call that costs nothing where the provider offers one. */
    KeyCheck verifyKeys(Credentials credentials);

    /** The names of the keys this provider needs, in the order a user types them. */
    List<String> credentialFields();

    /** The keys with the labels a form shows; by default each labelled after its name. */
    default List<CredentialField> credentials() {
        return credentialFields().stream().map(CredentialField::named).toList();
    }

    record KeyCheck(boolean valid, boolean checkedOnline, String message) {
    }
}
