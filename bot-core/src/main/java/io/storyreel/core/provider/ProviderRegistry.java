package io.storyreel.core.provider;

import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.provider.http.Backoff;
import io.storyreel.core.provider.http.Sleeper;
import io.storyreel.core.provider.kling.KlingProvider;
import io.storyreel.core.provider.limits.LimitSettings;
import io.storyreel.core.provider.minimax.MiniMaxProvider;
import okhttp3.OkHttpClient;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds every provider from configuration: base URL, capabilities (bundled or the override file) and limits.
 * The app calls {@link #create(StoryreelConfig, OkHttpClient, Clock)} once and keeps the map (keyed by
 * {@link VideoProvider#id()}).
 */
public final class ProviderRegistry {
    private ProviderRegistry() {
    }

    public static Map<String, VideoProvider> create(StoryreelConfig config, OkHttpClient http, Clock clock) {
        return create(config.providers(), config.callbacks(), http, clock, Sleeper.SYSTEM);
    }

    public static Map<String, VideoProvider> create(StoryreelConfig.Providers providers, OkHttpClient http,
                                                    Clock clock, Sleeper sleeper) {
        return create(providers, new StoryreelConfig.Callbacks("", 0), http, clock, sleeper);
    }

    public static Map<String, VideoProvider> create(StoryreelConfig.Providers providers,
                                                    StoryreelConfig.Callbacks callbacks, OkHttpClient http,
                                                    Clock clock, Sleeper sleeper) {
        Map<String, VideoProvider> out = new LinkedHashMap<>();
        StoryreelConfig.Provider k = providers.kling();
        out.put(KlingProvider.ID, new KlingProvider(http, k.baseUrl(),
                CapabilitiesLoader.load(KlingProvider.ID, k.capabilitiesFile()), clock, limits(k), sleeper,
                Backoff.standard(), callbacks.urlFor(KlingProvider.ID)));
        StoryreelConfig.Provider m = providers.minimax();
        out.put(MiniMaxProvider.ID, new MiniMaxProvider(http, m.baseUrl(),
                CapabilitiesLoader.load(MiniMaxProvider.ID, m.capabilitiesFile()), clock, limits(m), sleeper,
                Backoff.standard(), callbacks.urlFor(MiniMaxProvider.ID)));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static LimitSettings limits(StoryreelConfig.Provider p) {
        return new LimitSettings(p.maxConcurrentTasks(), p.requestsPerMinute());
    }
}
