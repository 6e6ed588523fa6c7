package io.storyreel.core.generation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Implemented by the conversation: the engine reports progress, pauses and failures here and hands over the
 * finished film. Calls come from engine worker threads and must return quickly. The storybook's state is the
 * engine's: when a pause or failure is reported, the engine has already recorded it; the listener only shows it.
 */
public interface GenerationListener {
    void onProgress(Progress progress);

    /** A clip failed for good: the storybook is PAUSED until the user picks retry, merge without, or cancel. */
    void onPaused(String storybookId, int position, EngineReason reason);

    /** Something failed that no retry can fix (e.g. every clip failed to merge); the storybook is FAILED. */
    void onFailed(String storybookId, EngineReason reason);

    /**
     * The merged film, fitted to the upload limit recorded at confirmation: send it to the chat, without blocking
     * the caller. Call {@link GenerationEngine#filmSending} right before the upload (and send only when it says so),
     * then answer with {@link GenerationEngine#filmDelivered} once the chat has it, or with
     * {@link GenerationEngine#deliveryFailed}. A film never marked sending is handed over again after a while.
     */
    void deliverFilm(String storybookId, String filmId, Path mp4, FilmSummary summary);

    /**
     * The engine stopped trying to deliver the film ({@link DeliveryStop}: it may have arrived, it cannot be made
     * small enough, the platform refused it, or sending kept failing): say so, end the status message, and offer
     * the stop's choices, answered with {@link GenerationEngine#deliverAgain}.
     */
    void onDeliveryStopped(String storybookId, String filmId, DeliveryStop stop);

    record Progress(String storybookId, List<ClipProgress> clips, Duration estimatedTimeLeft, Stage stage) {
    }

    enum Stage { GENERATING, MERGING, DELIVERING }

    /** {@code queuePosition}: the clip's place in its account's queue while PENDING (1 = next), else -1 or 0. */
    record ClipProgress(int position, ClipState state, int percent, int queuePosition) {
    }

    /**
     * {@code payments}: who paid for the clips, each with their estimated dollars (a clip reused from an earlier film
     * counts for whoever paid for it then).
     */
    record FilmSummary(String provider, String model, int clips, double durationSeconds, double costUsd,
                       double costUnits, String unitName, List<String> contributors, List<Payment> payments) {
        public FilmSummary {
            contributors = List.copyOf(contributors);
            payments = List.copyOf(payments);
        }
    }

    /** Dollars one member paid; {@code name} is how the chat last showed them (null when unknown). */
    record Payment(String payerKey, String name, double usd) {
    }
}
