package io.storyreel.core.generation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Implemented by the conversation: the engine reports progress, pauses and the finished film here. Calls come
 * from engine worker threads. {@link #deliverFilm} is part of a durable task: if it throws, delivery is retried;
 * when it returns, the film counts as delivered.
 */
public interface GenerationListener {
    void onProgress(Progress progress);

    /** A clip failed for good: the storybook is PAUSED until the user picks retry, merge without, or cancel. */
    void onPaused(String storybookId, int position, String reason);

    /** The merged film, already fitted to {@link #uploadLimitBytes}; send it to the chat. */
    void deliverFilm(String storybookId, String filmId, Path mp4, FilmSummary summary) throws Exception;

    /** The byte limit the storybook's chat accepts (the merge fits the film under it). */
    long uploadLimitBytes(String storybookId);

    /** Something failed that no retry can fix (e.g. every clip failed to merge); the storybook is FAILED. */
    void onFailed(String storybookId, String reason);

    record Progress(String storybookId, List<ClipProgress> clips, Duration estimatedTimeLeft, Stage stage) {
    }

    enum Stage { GENERATING, MERGING, DELIVERING }

    /** {@code state}: PENDING, SUBMITTING, SUBMITTED, QUEUED, RUNNING, DOWNLOADED, FAILED, SKIPPED, CANCELLED. */
    record ClipProgress(int position, String state, int percent, int queuePosition) {
    }

    record FilmSummary(String provider, String model, int clips, double durationSeconds, double costUsd,
                       double costUnits, String unitName, List<String> contributors) {
    }
}
