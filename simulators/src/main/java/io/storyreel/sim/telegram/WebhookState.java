package io.storyreel.sim.telegram;

import java.util.List;

/**
 * What {@code getWebhookInfo} reports: the URL updates are POSTed to (empty: none, the bot polls), whether each POST
 * carries a secret, how many updates wait, and the last delivery error (Telegram's wording, e.g. "Wrong response from
 * the webhook: 401 Unauthorized"). The secret itself is never reported, as on Telegram.
 */
public record WebhookState(String url, boolean hasSecret, int pendingUpdates, long lastErrorDate,
                           String lastErrorMessage, List<String> allowedUpdates) {
}
