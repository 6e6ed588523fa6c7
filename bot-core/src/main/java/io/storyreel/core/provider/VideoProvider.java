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

    /**
     * The values ({@code W:H}) of {@code model}'s own ratio parameter at {@code combination}, which a request's
     * {@link GenerationRequest#shape} is matched against ({@link FilmShape#pick}); empty when the model takes no ratio
     * and its clips follow the photo's shape (the default: any film shape, since the photo is fitted to it first).
     */
    default List<String> frameShapes(ModelSpec model, ModelSpec.Combination combination) {
        return List.of();
    }

    /** Check keys with a call that costs nothing where the provider offers one. */
    KeyCheck verifyKeys(Credentials credentials);

    /** The names of the keys this provider needs, in the order a user types them. */
    List<String> credentialFields();

    /** The keys with the labels a form shows; by default each labelled after its name. */
    default List<CredentialField> credentials() {
        return credentialFields().stream().map(CredentialField::named).toList();
    }

    /**
     * What this provider's keys look like when they are distinctive (Runway's {@code key_} and 128 hex digits, a JWT),
     * so that keys pasted where they do not belong (as a prompt, in a group) are recognised anywhere in a message and
     * never stored. Not a check of the keys ({@link #verifyKeys} is); empty when the keys have no shape of their own:
     * long random-looking tokens are recognised anyway.
     */
    default List<java.util.regex.Pattern> keyShapes() {
        return List.of();
    }

    /**
     * What a key check found. {@code message} is a plain sentence naming no chat command; when the provider refused
     * the keys online, {@code problem} says how (keys rejected, an account problem, a wrong clock…), else it is null.
     */
    record KeyCheck(boolean valid, boolean checkedOnline, String message, Problem problem) {
        public KeyCheck(boolean valid, boolean checkedOnline, String message) {
            this(valid, checkedOnline, message, null);
        }

        /** The provider refused the keys when asked: {@code e} says why. */
        public static KeyCheck refused(ProviderException e) {
            return new KeyCheck(false, true, e.getMessage(), e.problem());
        }
    }
}
