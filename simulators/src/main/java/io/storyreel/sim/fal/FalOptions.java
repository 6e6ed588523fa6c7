package io.storyreel.sim.fal;

import java.time.Duration;

/**
 * The fal simulator's answers where spec providers-next §2 and §8.2 are unsure, each changeable.
 *
 * @param userId                 the account's user id, sent in {@code X-Fal-Webhook-User-Id} and signed
 * @param concurrency            requests a key runs at once; the rest wait {@code IN_QUEUE} (new accounts: 2); the
 *                               shared {@code concurrencyLimit} fault overrides it
 * @param validateAtSubmit       answer an invalid input with 422 at submit instead of as the request's result (the
 *                               spec's webhook example shows validation errors arriving on completion; default off)
 * @param acceptFullPath         answer status/result/cancel also on the full endpoint path, logging a warning
 *                               (real behaviour UNKNOWN; default on); off answers 404 there
 * @param pendingStatusHttp      HTTP status of a status answer before {@code COMPLETED} (200 vs 202 UNKNOWN; 202)
 * @param alreadyCompletedHttp   HTTP status of a cancel of a finished request (400 or 409, UNCERTAIN; 400)
 * @param runningCancelStops     a cancel reaches a running request and stops it (default); off = it completes and
 *                               is billed anyway, as a partner model may
 * @param errorOnCompletedStatus a failed or cancelled request's {@code COMPLETED} status carries {@code error} and
 *                               {@code error_type} (UNCERTAIN; default on)
 * @param webhookRetries         retries of a webhook answered non-2xx (default 10, spread over about 2 hours)
 * @param webhookTimeout         how long each webhook attempt may take (15 s)
 * @param duplicateWebhooks      deliver each successful webhook twice (default off)
 * @param acceptDataUris         image fields take {@code data:} URIs as well as URLs (UNCERTAIN; default on)
 * @param rejectUnknownFields    refuse fields a model does not have (pydantic's {@code extra_forbidden}) instead of
 *                               ignoring them as the spec assumes (default off)
 * @param hailuoEndImageAt512    Hailuo-02 takes {@code end_image_url} at 512P as fal's endpoint exposes it (default
 *                               on); off refuses it as MiniMax's own API does
 */
public record FalOptions(String userId, int concurrency, boolean validateAtSubmit, boolean acceptFullPath,
                         int pendingStatusHttp, int alreadyCompletedHttp, boolean runningCancelStops,
                         boolean errorOnCompletedStatus, int webhookRetries, Duration webhookTimeout,
                         boolean duplicateWebhooks, boolean acceptDataUris, boolean rejectUnknownFields,
                         boolean hailuoEndImageAt512) {

    public static FalOptions defaults() {
        return new FalOptions("sim-fal-user-7f3a", 2, false, true, 202, 400, true, true, 10, Duration.ofSeconds(15),
                false, true, false, true);
    }

    public FalOptions withConcurrency(int requests) {
        return new FalOptions(userId, requests, validateAtSubmit, acceptFullPath, pendingStatusHttp,
                alreadyCompletedHttp, runningCancelStops, errorOnCompletedStatus, webhookRetries, webhookTimeout,
                duplicateWebhooks, acceptDataUris, rejectUnknownFields, hailuoEndImageAt512);
    }

    public FalOptions withValidationAtSubmit(boolean on) {
        return new FalOptions(userId, concurrency, on, acceptFullPath, pendingStatusHttp, alreadyCompletedHttp,
                runningCancelStops, errorOnCompletedStatus, webhookRetries, webhookTimeout, duplicateWebhooks,
                acceptDataUris, rejectUnknownFields, hailuoEndImageAt512);
    }

    public FalOptions withFullPathAccepted(boolean on) {
        return new FalOptions(userId, concurrency, validateAtSubmit, on, pendingStatusHttp, alreadyCompletedHttp,
                runningCancelStops, errorOnCompletedStatus, webhookRetries, webhookTimeout, duplicateWebhooks,
                acceptDataUris, rejectUnknownFields, hailuoEndImageAt512);
    }

    public FalOptions withRunningCancelStops(boolean on) {
        return new FalOptions(userId, concurrency, validateAtSubmit, acceptFullPath, pendingStatusHttp,
                alreadyCompletedHttp, on, errorOnCompletedStatus, webhookRetries, webhookTimeout, duplicateWebhooks,
                acceptDataUris, rejectUnknownFields, hailuoEndImageAt512);
    }

    public FalOptions withWebhookRetries(int retries, boolean duplicate) {
        return new FalOptions(userId, concurrency, validateAtSubmit, acceptFullPath, pendingStatusHttp,
                alreadyCompletedHttp, runningCancelStops, errorOnCompletedStatus, retries, webhookTimeout, duplicate,
                acceptDataUris, rejectUnknownFields, hailuoEndImageAt512);
    }

    public FalOptions withUnknownFieldsRejected(boolean on) {
        return new FalOptions(userId, concurrency, validateAtSubmit, acceptFullPath, pendingStatusHttp,
                alreadyCompletedHttp, runningCancelStops, errorOnCompletedStatus, webhookRetries, webhookTimeout,
                duplicateWebhooks, acceptDataUris, on, hailuoEndImageAt512);
    }

    public FalOptions withHailuoEndImageAt512(boolean on) {
        return new FalOptions(userId, concurrency, validateAtSubmit, acceptFullPath, pendingStatusHttp,
                alreadyCompletedHttp, runningCancelStops, errorOnCompletedStatus, webhookRetries, webhookTimeout,
                duplicateWebhooks, acceptDataUris, rejectUnknownFields, on);
    }
}
