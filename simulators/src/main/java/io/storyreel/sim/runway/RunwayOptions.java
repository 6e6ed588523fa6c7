package io.storyreel.sim.runway;

import io.storyreel.sim.render.ClipRenderer;

/**
 * The Runway simulator's answers where spec providers-next §1 and §8.1 are unsure, each changeable.
 *
 * @param requireVersionHeader     refuse a request without {@code X-Runway-Version: 2024-11-06} (400); default on
 * @param estimatedCost            put {@code estimatedCost} on the create answer and running tasks; default on
 * @param gen4TurboDefaultDuration {@code gen4_turbo}'s duration when none is sent (UNKNOWN; default 10)
 * @param concurrencyPerModel      tasks of one model a key runs at once before the rest sit in {@code THROTTLED}
 *                                 (tier 1: 1–2, UNCERTAIN which; default 2); the shared
 *                                 {@code concurrencyLimit} fault overrides it
 * @param dailyCapPerModel         creates per model per key in a rolling 24 h before 429 (tier 1: 50–200; default
 *                                 200; 0 = none)
 * @param initialCredits           each key's credit balance at start (default 100,000 = $1,000)
 * @param noCreditsStatus          HTTP status of "You do not have enough credits to run this task." (not captured;
 *                                 400 assumed)
 * @param cancelledReadable        after {@code DELETE} of an unfinished task, {@code GET} answers {@code CANCELLED}
 *                                 instead of the observed 404 (default off)
 * @param billSafetyInputFailures  charge tasks failed with {@code SAFETY.INPUT.*} (the skills table says "not
 *                                 refundable", the help centre says failures are refunded; default off)
 * @param allowHttpAssets          accept {@code http://} image URLs (Runway takes only HTTPS; on only for local use)
 * @param fit                      how an image of another aspect fills {@code ratio} (crop vs pad UNKNOWN; crop)
 */
public record RunwayOptions(boolean requireVersionHeader, boolean estimatedCost, int gen4TurboDefaultDuration,
                            int concurrencyPerModel, int dailyCapPerModel, long initialCredits, int noCreditsStatus,
                            boolean cancelledReadable, boolean billSafetyInputFailures, boolean allowHttpAssets,
                            ClipRenderer.Fit fit) {

    public static RunwayOptions defaults() {
        return new RunwayOptions(true, true, 10, 2, 200, 100_000, 400, false, false, false, ClipRenderer.Fit.CROP);
    }

    public RunwayOptions withVersionHeaderRequired(boolean on) {
        return new RunwayOptions(on, estimatedCost, gen4TurboDefaultDuration, concurrencyPerModel, dailyCapPerModel,
                initialCredits, noCreditsStatus, cancelledReadable, billSafetyInputFailures, allowHttpAssets, fit);
    }

    public RunwayOptions withEstimatedCost(boolean on) {
        return new RunwayOptions(requireVersionHeader, on, gen4TurboDefaultDuration, concurrencyPerModel,
                dailyCapPerModel, initialCredits, noCreditsStatus, cancelledReadable, billSafetyInputFailures,
                allowHttpAssets, fit);
    }

    public RunwayOptions withConcurrencyPerModel(int tasks) {
        return new RunwayOptions(requireVersionHeader, estimatedCost, gen4TurboDefaultDuration, tasks,
                dailyCapPerModel, initialCredits, noCreditsStatus, cancelledReadable, billSafetyInputFailures,
                allowHttpAssets, fit);
    }

    public RunwayOptions withDailyCapPerModel(int creates) {
        return new RunwayOptions(requireVersionHeader, estimatedCost, gen4TurboDefaultDuration, concurrencyPerModel,
                creates, initialCredits, noCreditsStatus, cancelledReadable, billSafetyInputFailures, allowHttpAssets,
                fit);
    }

    public RunwayOptions withInitialCredits(long credits) {
        return new RunwayOptions(requireVersionHeader, estimatedCost, gen4TurboDefaultDuration, concurrencyPerModel,
                dailyCapPerModel, credits, noCreditsStatus, cancelledReadable, billSafetyInputFailures,
                allowHttpAssets, fit);
    }

    public RunwayOptions withCancelledReadable(boolean on) {
        return new RunwayOptions(requireVersionHeader, estimatedCost, gen4TurboDefaultDuration, concurrencyPerModel,
                dailyCapPerModel, initialCredits, noCreditsStatus, on, billSafetyInputFailures, allowHttpAssets, fit);
    }

    public RunwayOptions withHttpAssets(boolean on) {
        return new RunwayOptions(requireVersionHeader, estimatedCost, gen4TurboDefaultDuration, concurrencyPerModel,
                dailyCapPerModel, initialCredits, noCreditsStatus, cancelledReadable, billSafetyInputFailures, on,
                fit);
    }

    public RunwayOptions withFit(ClipRenderer.Fit newFit) {
        return new RunwayOptions(requireVersionHeader, estimatedCost, gen4TurboDefaultDuration, concurrencyPerModel,
                dailyCapPerModel, initialCredits, noCreditsStatus, cancelledReadable, billSafetyInputFailures,
                allowHttpAssets, newFit);
    }
}
