package io.storyreel.core.generation;

import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.storage.Jdbc;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each provider and model's {@link ClipTimes}, learned from this bot's own finished clips (the last
 * {@link ClipTimes#WINDOW} of them) and seeded from the catalogue's typical time. Read from the database at most once
 * per {@link #REFRESH_MS} per model, since every poll asks.
 */
final class ClipTimeBook {
    static final long REFRESH_MS = 30_000;
    private static final int FALLBACK_TYPICAL_SECONDS = 120;

    private final Jdbc sql;
    private final EngineProviders providers;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    ClipTimeBook(DataSource ds, EngineProviders providers, Clock clock) {
        this.sql = new Jdbc(ds);
        this.providers = providers;
        this.clock = clock;
    }

    ClipTimes of(String provider, String model) {
        String key = provider + "/" + model;
        long now = clock.millis();
        Cached c = cache.get(key);
        if (c != null && now - c.at < REFRESH_MS && now >= c.at) {
            return c.times;
        }
        ClipTimes t = ClipTimes.learned(typical(provider, model), recent(provider, model));
        cache.put(key, new Cached(t, now));
        return t;
    }

    /** A clip just finished: the next question reads the database again. */
    void learned(String provider, String model) {
        cache.remove(provider + "/" + model);
    }

    private List<Double> recent(String provider, String model) {
        List<Double> newestFirst = sql.query("SELECT generated_at - submitted_at FROM clip WHERE provider = ? AND model = ? "
                        + "AND generated_at IS NOT NULL AND submitted_at IS NOT NULL ORDER BY generated_at DESC LIMIT "
                        + ClipTimes.WINDOW, rs -> rs.getLong(1) / 1000.0, provider, model);
        List<Double> out = new ArrayList<>(newestFirst);
        Collections.reverse(out);
        return out;
    }

    private double typical(String provider, String model) {
        return providers.find(provider).flatMap(p -> p.capabilities().model(model)).map(ModelSpec::typicalSeconds)
                .filter(s -> s > 0).orElse(FALLBACK_TYPICAL_SECONDS);
    }

    private record Cached(ClipTimes times, long at) {
    }
}
