package io.storyreel.core.conversation;

import io.storyreel.core.generation.GenerationListener;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Breaks the construction cycle between the engine (which needs a listener) and the conversation (which needs the
 * engine): build the engine with this, build the conversation, then {@link #attach} it. Reports that arrive
 * before attachment fail loudly, so the engine's durable tasks retry them rather than losing them.
 */
public final class DelegatingGenerationListener implements GenerationListener {
    private volatile GenerationListener target;

    public DelegatingGenerationListener attach(GenerationListener listener) {
        this.target = Objects.requireNonNull(listener);
        return this;
    }

    private GenerationListener target() {
        GenerationListener t = target;
        if (t == null) {
            throw new IllegalStateException("No conversation attached to the generation engine yet");
        }
        return t;
    }

    @Override
    public void onProgress(Progress progress) {
        GenerationListener t = target;
        if (t != null) {
            t.onProgress(progress); // progress is advisory; an early report is simply not shown
        }
    }

    @Override
    public void onPaused(String storybookId, int position, String reason) {
        target().onPaused(storybookId, position, reason);
    }

    @Override
    public void deliverFilm(String storybookId, String filmId, Path mp4, FilmSummary summary) throws Exception {
        target().deliverFilm(storybookId, filmId, mp4, summary);
    }

    @Override
    public long uploadLimitBytes(String storybookId) {
        return target().uploadLimitBytes(storybookId);
    }

    @Override
    public void onFailed(String storybookId, String reason) {
        target().onFailed(storybookId, reason);
    }
}
