package io.storyreel.core.provider;

import java.util.Map;

/**
 * The defaults of a provider's configuration section, before the operator's file, environment and flags: its API
 * base URL, tasks in flight per account (the engine's durable slots), create requests per minute per account
 * (0: no client-side limit), and the provider's own further settings ({@code settings}: name in the section, e.g.
 * {@code webhook-jwks-url}, to its default value), which reach the client through {@link ProviderContext#setting}.
 */
public record ProviderDefaults(String baseUrl, int maxConcurrentTasks, int requestsPerMinute,
                               Map<String, String> settings) {
    public ProviderDefaults {
        settings = Map.copyOf(settings);
    }

    /** Defaults without settings of the provider's own. */
    public ProviderDefaults(String baseUrl, int maxConcurrentTasks, int requestsPerMinute) {
        this(baseUrl, maxConcurrentTasks, requestsPerMinute, Map.of());
    }
}
