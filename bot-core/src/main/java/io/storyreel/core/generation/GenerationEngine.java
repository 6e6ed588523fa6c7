package io.storyreel.core.generation;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a confirmed storybook into clips and a film, durably (one persisted task per clip, one merge task, one
 * delivery task). Every method returns quickly; the work happens on the engine's workers and is reported to the
 * {@link GenerationListener}. All methods are idempotent with respect to paid provider calls: nothing is ever
 * submitted twice by accident. From {@link #start} on, the engine alone moves the storybook's state.
 */
public interface GenerationEngine {
    /**
     * The listener that hears progress and receives films. The engine and the conversation need each other; the
     * engine is built first and the conversation attached here before any worker starts.
     */
    void attach(GenerationListener listener);

    /**
     * Start generating: in one transaction create one PENDING clip per scene (with its estimate), record
     * {@code uploadLimitBytes} (what the storybook's chat accepts; the merge fits the film under it) and schedule
     * the tasks. The storybook must have scenes, a provider, settings and a payer whose keys are in the vault, and
     * the payer must be within their limits. A scene whose clip this chat already has ({@link #alreadyMade}) gets
     * that clip, DOWNLOADED, with no provider call.
     */
    void start(String storybookId, long uploadLimitBytes);

    /**
     * Submit a new attempt for the failed (or, after DONE, any) clip at 1-based {@code position}, then merge again.
     * {@code payerKey} pays for the new attempt (and only for it): null means whoever paid for the attempt it
     * replaces. {@code replacing} is the {@link CurrentClip#ref} of the attempt the user saw; when another attempt
     * has replaced it since (a second press of the same button, in this process or another), the retry is refused
     * with CLIP_REPLACED and nothing is paid. The payer's limits are checked as for {@link #start}.
     */
    void retryClip(String storybookId, int position, String payerKey, String replacing);

    /** A retry paid by whoever paid for the failed attempt, of whichever attempt is current. */
    default void retryClip(String storybookId, int position) {
        retryClip(storybookId, position, null, null);
    }

    /** The attempt that counts at {@code position} of the storybook's film, if it has one yet. */
    Optional<CurrentClip> currentClip(String storybookId, int position);

    /**
     * Positions of the storybook's scenes whose clip, made with {@code provider} and the storybook's settings, this
     * chat already paid for and still has from a film that was cancelled or failed: {@link #start} takes those
     * instead of paying for them again, so the estimate leaves them out.
     */
    Set<Integer> alreadyMade(String storybookId, String provider);

    /** Whether {@code payerKey} may order {@code order} now: the same limits {@link #start} and retries check. */
    GenerationLimits.Admission admits(String payerKey, GenerationLimits.Order order);

    /** Merge the clips that succeeded, leaving out the failed ones. */
    void mergeWithout(String storybookId);

    /** Stop polling and cancel what has not been submitted; the result tells which clips were already paid. */
    CancelResult cancel(String storybookId);

    /**
     * The chat is about to upload the film handed over by {@link GenerationListener#deliverFilm}: the engine records
     * it (committed) and answers true, or false when this hand-over must not send (another is sending the film, or
     * it was answered meanwhile). From then on the film is never sent again without a member's choice.
     */
    boolean filmSending(String filmId);

    /** The chat has the film handed over by {@link GenerationListener#deliverFilm}: the storybook is DONE. */
    void filmDelivered(String filmId);

    /**
     * The chat could not (surely) send the film handed over by {@link GenerationListener#deliverFilm}: see
     * {@link DeliveryFailure} for what the engine does with each answer.
     */
    void deliveryFailed(String filmId, DeliveryFailure failure, String reason);

    /**
     * A member chose how to get a film the engine stopped on ({@link GenerationListener#onDeliveryStopped}).
     * True when this press started it; false when that choice is no longer open (a second press, another choice
     * came first, or a redo started over), so a double tap sends once.
     */
    boolean deliverAgain(String filmId, DeliveryChoice choice);

    /**
     * A provider reported (by callback) that one of its tasks changed: the clip following it polls now instead of at
     * its next scheduled poll. Only a hint: the poll decides. Unknown or finished tasks are ignored.
     */
    default void taskChanged(String provider, String providerTaskId) {
    }

    /** Start the workers (role worker/all); a no-op for role chat. */
    void startWorkers();

    void stop();

    record CancelResult(List<Integer> paidPositions, List<Integer> unpaidPositions, double paidUsd) {
    }
}
