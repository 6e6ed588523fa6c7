package io.storyreel.core.provider;

/**
 * A task the provider accepted. {@code externalId} is our idempotency key when the provider supports one
 * (Kling {@code external_task_id}).
 */
public record ProviderTaskRef(String provider, String taskId, String externalId) {
}
