package io.storyreel.app.runtime;

import io.storyreel.core.generation.CurrentClip;
import io.storyreel.core.generation.DeliveryChoice;
import io.storyreel.core.generation.DeliveryFailure;
import io.storyreel.core.generation.EngineReason;
import io.storyreel.core.generation.GenerationEngine;
import io.storyreel.core.generation.GenerationLimits;
import io.storyreel.core.generation.GenerationListener;
import io.storyreel.core.generation.GenerationRefusedException;
import io.storyreel.core.storage.StorageHealth;

import java.util.Optional;
import java.util.Set;

/**
 * The engine as the conversation sees it, refusing to start a new film while the data folder is below its free-space
 * floor ({@link StorageHealth}); everything else, including retries and merges of films already running, passes
 * straight through so they can finish. The refusal is a {@link GenerationRefusedException} with a STORAGE_FULL reason, which
 * the conversation words.
 */
final class DiskSpaceGuard implements GenerationEngine {
    private final GenerationEngine engine;
    private final StorageHealth health;

    DiskSpaceGuard(GenerationEngine engine, StorageHealth health) {
        this.engine = engine;
        this.health = health;
    }

    @Override
    public void attach(GenerationListener listener) {
        engine.attach(listener);
    }

    @Override
    public void start(String storybookId, long uploadLimitBytes) {
        if (health.refusal().isPresent()) {
            throw new GenerationRefusedException(EngineReason.of(EngineReason.Kind.STORAGE_FULL));
        }
        engine.start(storybookId, uploadLimitBytes);
    }

    @Override
    public boolean filmSending(String filmId) {
        return engine.filmSending(filmId);
    }

    @Override
    public void filmDelivered(String filmId) {
        engine.filmDelivered(filmId);
    }

    @Override
    public void deliveryFailed(String filmId, DeliveryFailure failure, String reason) {
        engine.deliveryFailed(filmId, failure, reason);
    }

    @Override
    public boolean deliverAgain(String filmId, DeliveryChoice choice) {
        return engine.deliverAgain(filmId, choice);
    }

    @Override
    public void retryClip(String storybookId, int position, String payerKey, String replacing) {
        engine.retryClip(storybookId, position, payerKey, replacing);
    }

    @Override
    public Optional<CurrentClip> currentClip(String storybookId, int position) {
        return engine.currentClip(storybookId, position);
    }

    @Override
    public Set<Integer> alreadyMade(String storybookId, String provider) {
        return engine.alreadyMade(storybookId, provider);
    }

    @Override
    public GenerationLimits.Admission admits(String payerKey, GenerationLimits.Order order) {
        return engine.admits(payerKey, order);
    }

    @Override
    public void mergeWithout(String storybookId) {
        engine.mergeWithout(storybookId);
    }

    @Override
    public CancelResult cancel(String storybookId) {
        return engine.cancel(storybookId);
    }

    @Override
    public void taskChanged(String provider, String providerTaskId) {
        engine.taskChanged(provider, providerTaskId);
    }

    @Override
    public void startWorkers() {
        engine.startWorkers();
    }

    @Override
    public void stop() {
        engine.stop();
    }
}
