package io.storyreel.core.generation;

import io.storyreel.core.storybook.Shot;
import io.storyreel.core.storybook.Storybook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's voice: what it tells the {@link GenerationListener}. Progress is one bar per clip with the queue
 * place of waiting clips (in the account's slots, or in the provider's own queue where it tells) and the time left, from the engine's {@link Forecasts}; pauses and failures are reported after the engine has
 * recorded them. A listener that fails is logged, never allowed to break a step.
 */
final class ProgressReport {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReport.class);

    private final GenerationStore store;
    private final Forecasts forecasts;
    private volatile GenerationListener listener;
    /**
     * Each queued clip's place in its provider's queue (1 = next) as its last poll said, by clip id. Kept in memory:
     * it is news for the progress rows only, and the next poll of the clip (on any worker) says it again.
     */
    private final Map<String, Integer> providerQueue = new java.util.concurrent.ConcurrentHashMap<>();

    ProgressReport(GenerationStore store, Forecasts forecasts) {
        this.store = store;
        this.forecasts = forecasts;
    }

    void attach(GenerationListener l) {
        this.listener = l;
    }

    /** The listener; a step that needs one before it is attached fails and is retried by its task. */
    GenerationListener listener() {
        GenerationListener l = listener;
        if (l == null) {
            throw new IllegalStateException("no GenerationListener attached yet");
        }
        return l;
    }

    /**
     * A poll found the clip queued at the provider {@code ahead} places from the front (0: next; -1: unknown or no
     * longer queued). Whether the place shown changed, so the progress is worth reporting.
     */
    boolean providerQueue(String clipId, int ahead) {
        Integer before = ahead < 0 ? providerQueue.remove(clipId) : providerQueue.put(clipId, ahead + 1);
        return ahead < 0 ? before != null : before == null || before != ahead + 1;
    }

    void paused(String bookId, int position, EngineReason reason) {
        safely(() -> listener().onPaused(bookId, position, reason));
    }

    void failed(String bookId, EngineReason reason) {
        safely(() -> listener().onFailed(bookId, reason));
    }

    void deliveryStopped(String bookId, String filmId, DeliveryStop stop) {
        safely(() -> listener().onDeliveryStopped(bookId, filmId, stop));
    }

    void progress(String bookId) {
        safely(() -> store.book(bookId).ifPresent(b -> listener().onProgress(progressOf(b))));
    }

    private GenerationListener.Progress progressOf(Storybook b) {
        GenerationListener.Stage stage = switch (b.state()) {
            case MERGING -> GenerationListener.Stage.MERGING;
            case DELIVERING, DONE -> GenerationListener.Stage.DELIVERING;
            default -> GenerationListener.Stage.GENERATING;
        };
        List<Clip> clips = store.currentClips(b.id());
        List<GenerationListener.ClipProgress> out = new ArrayList<>();
        Map<Integer, Integer> ends = new HashMap<>();
        if (b.settings().bridges()) {
            Shot.plan(b.settings(), store.scenes(b.id())).stream().filter(Shot::bridge)
                    .forEach(s -> ends.put(s.position(), s.end().position()));
        }
        for (Clip k : clips) {
            int queue = k.state() == ClipState.PENDING ? store.queueAhead(k) + 1
                    : k.state() == ClipState.QUEUED ? providerQueue.getOrDefault(k.id(), -1) : -1;
            out.add(new GenerationListener.ClipProgress(k.position(), k.state(), k.progress(), queue,
                    ends.getOrDefault(k.position(), 0)));
        }
        Duration eta = switch (stage) {
            case GENERATING -> forecasts.clipsLeft(b.id(), b.provider(), clips);
            case MERGING -> forecasts.mergeEstimate();
            case DELIVERING -> Duration.ZERO;
        };
        return new GenerationListener.Progress(b.id(), List.copyOf(out), eta, stage);
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("Generation listener failed: {}", e.toString());
        }
    }
}
