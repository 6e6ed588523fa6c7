package io.storyreel.core.generation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what the engine reports; {@link #deliveryFailuresLeft} makes deliverFilm throw first. */
final class RecordingListener implements GenerationListener {
    final List<Progress> progress = new CopyOnWriteArrayList<>();
    final List<String> paused = new CopyOnWriteArrayList<>();
    final List<String> failed = new CopyOnWriteArrayList<>();
    final Map<String, String> films = new ConcurrentHashMap<>();
    final Map<String, FilmSummary> summaries = new ConcurrentHashMap<>();
    final AtomicInteger deliveries = new AtomicInteger();
    final AtomicInteger deliveryFailuresLeft = new AtomicInteger();

    @Override
    public void onProgress(Progress p) {
        progress.add(p);
    }

    @Override
    public void onPaused(String storybookId, int position, String reason) {
        paused.add(storybookId + "#" + position + ": " + reason);
    }

    @Override
    public void deliverFilm(String storybookId, String filmId, Path mp4, FilmSummary summary) throws Exception {
        deliveries.incrementAndGet();
        if (deliveryFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new java.io.IOException("chat is down");
        }
        films.put(storybookId, Files.readString(mp4));
        summaries.put(storybookId, summary);
    }

    @Override
    public long uploadLimitBytes(String storybookId) {
        return 50L * 1024 * 1024;
    }

    @Override
    public void onFailed(String storybookId, String reason) {
        failed.add(storybookId + ": " + reason);
    }
}
