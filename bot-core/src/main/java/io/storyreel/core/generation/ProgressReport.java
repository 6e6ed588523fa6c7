package io.storyreel.core.generation;

import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storybook.Shot;
import io.storyreel.core.storybook.Storybook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's voice: what it tells the {@link GenerationListener}. Progress is one bar per clip with the queue
 * place of waiting clips and an estimate of the time left; pauses and failures are reported after the engine has
 * recorded them. A listener that fails is logged, never allowed to break a step.
 */
final class ProgressReport {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReport.class);
    private static final int TYPICAL_CLIP_SECONDS = 120;

    private final GenerationStore store;
    private final EngineProviders providers;
    private final EngineSettings settings;
    private final Clock clock;
    private volatile GenerationListener listener;

    ProgressReport(GenerationStore store, EngineProviders providers, EngineSettings settings, Clock clock) {
        this.store = store;
        this.providers = providers;
        this.settings = settings;
        this.clock = clock;
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
        Optional<VideoProvider> p = providers.find(b.provider());
        int typical = clips.isEmpty() || p.isEmpty() ? TYPICAL_CLIP_SECONDS : p.get().capabilities()
                .model(clips.get(0).model()).map(ModelSpec::typicalSeconds).filter(t -> t > 0).orElse(TYPICAL_CLIP_SECONDS);
        int slots = settings.concurrencyFor(b.provider());
        long now = clock.millis();
        List<GenerationListener.ClipProgress> out = new ArrayList<>();
        long worst = 0;
        Map<Integer, Integer> ends = new HashMap<>();
        if (b.settings().bridges()) {
            Shot.plan(b.settings(), store.scenes(b.id())).stream().filter(Shot::bridge)
                    .forEach(s -> ends.put(s.position(), s.end().position()));
        }
        for (Clip k : clips) {
            int queue = k.state() == ClipState.PENDING ? store.queueAhead(k) + 1 : -1;
            out.add(new GenerationListener.ClipProgress(k.position(), k.state(), k.progress(), queue,
                    ends.getOrDefault(k.position(), 0)));
            worst = Math.max(worst, millisLeft(k, queue, typical, slots, now));
        }
        Duration eta = switch (stage) {
            case GENERATING -> Duration.ofMillis(worst).plus(settings.mergeEstimate());
            case MERGING -> settings.mergeEstimate();
            case DELIVERING -> Duration.ZERO;
        };
        return new GenerationListener.Progress(b.id(), List.copyOf(out), eta, stage);
    }

    /** A waiting clip waits for the clips ahead of it, a slot-full at a time; a running one for the rest of its run. */
    private static long millisLeft(Clip k, int queue, int typicalSeconds, int slots, long now) {
        long typical = typicalSeconds * 1000L;
        if (k.state() == ClipState.PENDING) {
            return typical * (1L + (queue - 1) / slots);
        }
        if (k.state().inFlight()) {
            return k.progress() > 0 ? typical * (100 - k.progress()) / 100
                    : Math.max(typical - (k.submittedAt() == null ? 0 : now - k.submittedAt()), 5000L);
        }
        return 0L;
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("Generation listener failed: {}", e.toString());
        }
    }
}
