package io.storyreel.core.provider.registry;

import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.download.SafeDownloader;
import io.storyreel.core.provider.CallbackReader;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.Sleeper;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.VideoProviderFactory;
import okhttp3.OkHttpClient;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The installed providers, built from configuration: for each {@link VideoProviderFactory} its capabilities (bundled
 * or the override file), base URL, request rate, callback URL and own settings. The app asks once for the clients
 * (keyed by id, in menu order) and for the callback readers.
 */
public final class ProviderRegistry {
    private final List<VideoProviderFactory> factories;

    public ProviderRegistry(List<VideoProviderFactory> factories) {
        this.factories = VideoProviderFactory.checked(factories);
    }

    /** The providers registered through {@code ServiceLoader}. */
    public static ProviderRegistry installed() {
        return new ProviderRegistry(VideoProviderFactory.installed());
    }

    public List<VideoProviderFactory> factories() {
        return factories;
    }

    /**
     * Every provider's client, keyed by id in menu order, with real sleeps between retries and downloads under the
     * configuration's rules.
     */
    public Map<String, VideoProvider> create(StoryreelConfig config, OkHttpClient http, Clock clock) {
        return create(config, http, new SafeDownloader(http, config.downloadPolicy()), clock, Sleeper.SYSTEM);
    }

    /** @param downloads how finished clips are fetched (each at most {@code downloads.max-clip-mb}) */
    public Map<String, VideoProvider> create(StoryreelConfig config, OkHttpClient http, SafeDownloader downloads,
                                             Clock clock, Sleeper sleeper) {
        Map<String, VideoProvider> out = new LinkedHashMap<>();
        for (VideoProviderFactory f : factories) {
            ProviderContext context = context(f, config, http, clock)
                    .withSleeper(sleeper)
                    .withDownloads(downloads, config.downloads().maxClipBytes());
            VideoProvider provider = f.create(context);
            if (!provider.id().equals(f.id())) {
                throw new IllegalStateException("the factory for '" + f.id() + "' made a provider '" + provider.id()
                        + "'");
            }
            out.put(f.id(), provider);
        }
        return Collections.unmodifiableMap(out);
    }

    /** How to read each provider's callback bodies, keyed by id (readers that need no context). */
    public Map<String, CallbackReader> callbackReaders() {
        Map<String, CallbackReader> out = new LinkedHashMap<>();
        factories.forEach(f -> out.put(f.id(), f.callbackReader()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * How to read each provider's callbacks, keyed by id, each reader built from the provider's configuration (a
     * signed callback's reader fetches its keys with {@code http}, and checks their age and timestamps by
     * {@code clock}).
     */
    public Map<String, CallbackReader> callbackReaders(StoryreelConfig config, OkHttpClient http, Clock clock) {
        Map<String, CallbackReader> out = new LinkedHashMap<>();
        factories.forEach(f -> out.put(f.id(), f.callbackReader(context(f, config, http, clock))));
        return Collections.unmodifiableMap(out);
    }

    /** One provider's context from configuration: capabilities, base URL, request rate, callback URL, settings. */
    private static ProviderContext context(VideoProviderFactory f, StoryreelConfig config, OkHttpClient http,
                                           Clock clock) {
        StoryreelConfig.Provider p = config.providers().get(f.id());
        return ProviderContext.of(http, p.baseUrl(), CapabilitiesLoader.load(f.id(), p.capabilitiesFile()), clock)
                .withRequestsPerMinute(p.requestsPerMinute())
                .withCallbackUrl(config.callbacks().urlFor(f.id()))
                .withSettings(p.settings());
    }
}
