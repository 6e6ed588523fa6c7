package io.storyreel.core.generation;

import java.util.List;

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
     * the tasks. The storybook must have scenes, a provider, settings and a payer whose keys are in the vault.
     */
    void start(String storybookId, long uploadLimitBytes);

    /** Submit a new attempt for the failed (or, after DONE, any) clip at 1-based {@code position}, then merge again. */
    void retryClip(String storybookId, int position);

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
