package io.storyreel.core.generation;

/**
 * Turns a confirmed storybook into clips and a film, durably (one persisted task per clip, one merge task, one
 * delivery task). Every method returns quickly; the work happens on the engine's workers and is reported to the
 * {@link GenerationListener}. All methods are idempotent with respect to paid provider calls: nothing is ever
 * submitted twice by accident.
 */
public interface GenerationEngine {
    /**
     * Start generating: in one transaction create one PENDING clip per scene (with its estimate) and schedule the
     * tasks. The storybook must have scenes, a provider, settings and a payer whose keys are in the vault.
     */
    void start(String storybookId);

    /** Submit a new attempt for the failed (or, after DONE, any) clip at 1-based {@code position}, then merge again. */
    void retryClip(String storybookId, int position);

    /** Merge the clips that succeeded, leaving out the failed ones. */
    void mergeWithout(String storybookId);

    /** Stop polling and cancel what has not been submitted; the result tells which clips were already paid. */
    CancelResult cancel(String storybookId);

    /** Start the workers (role worker/all); a no-op for role chat. */
    /**
     * A provider reported (by callback) that one of its tasks changed: the clip following it polls now instead of at
     * its next scheduled poll. Only a hint: the poll decides. Unknown or finished tasks are ignored.
     */
    default void taskChanged(String provider, String providerTaskId) {
    }

    void startWorkers();

    void stop();

    record CancelResult(java.util.List<Integer> paidPositions, java.util.List<Integer> unpaidPositions,
                        double paidUsd) {
    }
}
