package io.storyreel.core.provider;

import io.storyreel.core.download.DownloadPolicy;
import io.storyreel.core.download.SafeDownloader;
import okhttp3.OkHttpClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a provider client is built from, in one value: the shared HTTP client (the provider adds its own
 * authentication), its API base URL, its capabilities, the clock, create requests per minute per account (0: no
 * client-side limit), how it waits between retries ({@code sleeper}, {@code backoff}), where the provider should POST
 * task status changes ({@code callbackUrl}, null for none), and how finished clips are fetched ({@code downloads},
 * at most {@code maxResultBytes} each), and the provider's own settings from its configuration section
 * ({@code settings}, see {@link ProviderDefaults#settings()}).
 */
public record ProviderContext(OkHttpClient http, String baseUrl, Capabilities capabilities, Clock clock,
                              int requestsPerMinute, Sleeper sleeper, Backoff backoff, String callbackUrl,
                              SafeDownloader downloads, long maxResultBytes, Map<String, String> settings) {
    /** The default cap of one finished clip: a few hundred MB, far above what 10 s of 1080p needs. */
    public static final long DEFAULT_MAX_RESULT_BYTES = 300L * 1024 * 1024;

    public ProviderContext {
        callbackUrl = callbackUrl == null || callbackUrl.isBlank() ? null : callbackUrl;
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /**
     * No request-rate limit, real sleeps, the standard backoff, no callbacks, and downloads that trust only the base
     * URL's own host (5 minutes, {@link #DEFAULT_MAX_RESULT_BYTES}).
     */
    public static ProviderContext of(OkHttpClient http, String baseUrl, Capabilities capabilities, Clock clock) {
        SafeDownloader downloads = new SafeDownloader(http,
                DownloadPolicy.trusting(List.of(baseUrl), Duration.ofMinutes(5), 0));
        return new ProviderContext(http, baseUrl, capabilities, clock, 0, Sleeper.SYSTEM, Backoff.standard(), null,
                downloads, DEFAULT_MAX_RESULT_BYTES, Map.of());
    }

    public ProviderContext withRequestsPerMinute(int perMinute) {
        return new ProviderContext(http, baseUrl, capabilities, clock, perMinute, sleeper, backoff, callbackUrl,
                downloads, maxResultBytes, settings);
    }

    public ProviderContext withSleeper(Sleeper s) {
        return new ProviderContext(http, baseUrl, capabilities, clock, requestsPerMinute, s, backoff, callbackUrl,
                downloads, maxResultBytes, settings);
    }

    public ProviderContext withBackoff(Backoff b) {
        return new ProviderContext(http, baseUrl, capabilities, clock, requestsPerMinute, sleeper, b, callbackUrl,
                downloads, maxResultBytes, settings);
    }

    public ProviderContext withCallbackUrl(String url) {
        return new ProviderContext(http, baseUrl, capabilities, clock, requestsPerMinute, sleeper, backoff, url,
                downloads, maxResultBytes, settings);
    }

    public ProviderContext withDownloads(SafeDownloader d, long maxBytes) {
        return new ProviderContext(http, baseUrl, capabilities, clock, requestsPerMinute, sleeper, backoff,
                callbackUrl, d, maxBytes, settings);
    }

    /** The same context with the provider's own settings (names as in its configuration section). */
    public ProviderContext withSettings(Map<String, String> s) {
        return new ProviderContext(http, baseUrl, capabilities, clock, requestsPerMinute, sleeper, backoff,
                callbackUrl, downloads, maxResultBytes, s);
    }

    /** One of the provider's own settings, or {@code otherwise} when it is not set (or blank). */
    public String setting(String name, String otherwise) {
        String v = settings.get(name);
        return v == null || v.isBlank() ? otherwise : v;
    }
}
