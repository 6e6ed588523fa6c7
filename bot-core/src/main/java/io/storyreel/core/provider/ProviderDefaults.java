package io.storyreel.core.provider;

/**
 * The defaults of a provider's configuration section, before the operator's file, environment and flags: its API
 * base URL, tasks in flight per account (the engine's durable slots) and create requests per minute per account
 * (0: no client-side limit).
 */
public record ProviderDefaults(String baseUrl, int maxConcurrentTasks, int requestsPerMinute) {
}
