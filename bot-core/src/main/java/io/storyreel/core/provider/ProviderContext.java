package io.storyreel.core.provider;

import okhttp3.OkHttpClient;

import java.time.Clock;

/**
 * Everything a provider client is built from, in one value: the shared HTTP client (the provider adds its own
 * authentication), its API base URL, its capabilities, the clock, create requests per minute per account (0: no
 * client-side limit), how it waits between retries ({@code sleeper}, {@code backoff}), and where the provider should
 * POST task status changes ({@code callbackUrl}, null for none).
 */
public record ProviderContext(OkHttpClient http, String baseUrl, Capabilities capabilities, Clock clock,
                              int requestsPerMinute, Sleeper sleeper, Backoff backoff, String callbackUrl) {

    public ProviderContext {
        callbackUrl = callbackUrl == null || callbackUrl.isBlank() ? null : callbackUrl;
    }

    /** No request-rate limit, real sleeps, the standard backoff, no callbacks. */
    public static ProviderContext of(OkHttpClient http, String baseUrl, Capabilities capabilities, Clock clock) {
        return new ProviderContext(http, baseUrl, capabilities, clock, 0, Sleeper.SYSTEM, Backoff.standard(), null);
    }

    public ProviderContext withRequestsPerMinute(int perMinute) {
        return new ProviderContext(http, baseUrl, capabilities, clock, perMinute, sleeper, backoff, callbackUrl);
    }

    public ProviderContext withSleeper(Sleeper s) {
        return new ProviderContext(http, baseUrl, capabilities, clock, requestsPerMinute, s, backoff, callbackUrl);
    }

    public ProviderContext withBackoff(Backoff b) {
        return new ProviderContext(http, baseUrl, capabilities, clock, requestsPerMinute, sleeper, b, callbackUrl);
    }

    public ProviderContext withCallbackUrl(String url) {
        return new ProviderContext(http, baseUrl, capabilities, clock, requestsPerMinute, sleeper, backoff, url);
    }
}
