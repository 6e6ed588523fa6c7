package io.storyreel.sim.telegram;

/**
 * One {@code setWebhook} or {@code deleteWebhook} the bot made, with whether it asked to drop the pending updates
 * ({@code drop_pending_updates}): a bot that never loses updates never sets it.
 */
public record WebhookCall(String method, String url, boolean dropPendingUpdates) {
}
