package io.storyreel.core.storyboard;

import io.storyreel.core.generation.DeliveryStop;
import io.storyreel.core.generation.EngineReason;
import io.storyreel.core.generation.GenerationListener;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Listens to the engine beside the conversation: everything is passed on to the conversation unchanged, and the
 * newest progress of each film being made (each clip's place in its account's queue, the time left) is kept for the
 * page, which shows what the chat's status message shows. Films that ended are forgotten.
 */
public final class ProgressTap implements GenerationListener {
    private final GenerationListener conversation;
    private final Map<String, Progress> latest = new ConcurrentHashMap<>();

    public ProgressTap(GenerationListener conversation) {
        this.conversation = conversation;
    }

    /** The newest progress the engine reported for the storybook while its film is being made. */
    public Optional<Progress> latest(String storybookId) {
        return Optional.ofNullable(storybookId == null ? null : latest.get(storybookId));
    }

    @Override
    public void onProgress(Progress progress) {
        latest.put(progress.storybookId(), progress);
        conversation.onProgress(progress);
    }

    @Override
    public void onPaused(String storybookId, int position, EngineReason reason) {
        conversation.onPaused(storybookId, position, reason);
    }

    @Override
    public void onFailed(String storybookId, EngineReason reason) {
        latest.remove(storybookId);
        conversation.onFailed(storybookId, reason);
    }

    @Override
    public void deliverFilm(String storybookId, String filmId, Path mp4, FilmSummary summary) {
        latest.remove(storybookId);
        conversation.deliverFilm(storybookId, filmId, mp4, summary);
    }

    @Override
    public void onDeliveryStopped(String storybookId, String filmId, DeliveryStop stop) {
        latest.remove(storybookId);
        conversation.onDeliveryStopped(storybookId, filmId, stop);
    }
}
