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

    /**
     * {@code queuePosition}: the clip's place in its account's queue while PENDING, or in the provider's own queue while
     * QUEUED where the provider tells it (fal's {@code queue_position}) (1 = next), else -1 or 0;
     * {@code endPosition}: the photo a bridge ends on, 0 for a clip of its own.
     */
    record ClipProgress(int position, ClipState state, int percent, int queuePosition, int endPosition) {
        public ClipProgress(int position, ClipState state, int percent, int queuePosition) {
            this(position, state, percent, queuePosition, 0);
        }
    }

    /**
     * {@code took}: from confirmation to the film being made (null when unknown). {@code payments}: who paid for the
     * clips, each with the dollars the provider charged (a clip reused from an earlier film counts for whoever paid
     * for it then). {@code costUsd} and {@code costUnits} are what the provider charged, from the engine's ledger;
     * {@code estimatedUsd} what was estimated for the clips the film kept. {@code width} and {@code height}: the
     * film's frame in pixels (0 when unknown).
     */
    record FilmSummary(String provider, String model, int clips, double durationSeconds, double costUsd,
                       double costUnits, String unitName, List<String> contributors, List<Payment> payments,
                       Duration took, double estimatedUsd, int width, int height) {
        public FilmSummary {
            contributors = List.copyOf(contributors);
            payments = List.copyOf(payments);
        }

        /** A summary that does not know the film's frame size. */
        public FilmSummary(String provider, String model, int clips, double durationSeconds, double costUsd,
                           double costUnits, String unitName, List<String> contributors, List<Payment> payments,
                           Duration took, double estimatedUsd) {
            this(provider, model, clips, durationSeconds, costUsd, costUnits, unitName, contributors, payments, took,
                    estimatedUsd, 0, 0);
        }

        /** A summary whose charge is what was estimated. */
        public FilmSummary(String provider, String model, int clips, double durationSeconds, double costUsd,
                           double costUnits, String unitName, List<String> contributors, List<Payment> payments,
                           Duration took) {
            this(provider, model, clips, durationSeconds, costUsd, costUnits, unitName, contributors, payments, took,
                    costUsd);
        }

        /** A summary that does not say how long the film took. */
        public FilmSummary(String provider, String model, int clips, double durationSeconds, double costUsd,
                           double costUnits, String unitName, List<String> contributors, List<Payment> payments) {
            this(provider, model, clips, durationSeconds, costUsd, costUnits, unitName, contributors, payments, null);
        }
    }

    /** Dollars one member paid; {@code name} is how the chat last showed them (null when unknown). */
    record Payment(String payerKey, String name, double usd) {
    }
}
