package io.storyreel.core.generation;

import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.storage.Jdbc;
import io.storyreel.core.storybook.Scene;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * One row of {@code clip}: one attempt at one scene's clip. A retry is a new row and the old one points to it
 * ({@code replacedBy}); the row's id is also the idempotency key the provider sees. {@code payerKey} is the member
 * whose keys submit, poll and download it, and {@code accountKey} the provider account those keys open (a
 * fingerprint, never the key); {@code requestFp} names what was asked, so an identical clip made earlier in the chat
 * is found, and {@code reusedFrom} is set on a clip taken from such an earlier clip (nothing paid). New rows come
 * from {@link #pending}, {@link #reused} and {@link #retryOf}; stored ones from {@link #read}.
 */
record Clip(String id, String storybookId, String sceneId, int position, String provider, String model,
            String requestJson, String providerTaskId, ClipState state, int attempts, int progress,
            Double estimatedUnits, Double estimatedUsd, Double actualUnits, String resultRef, String blob,
            String errorKind, String errorMessage, String failure, long createdAt, Long submittedAt,
            String accountKey, int stepFailures, int pollCount, String replacedBy, String payerKey,
            String requestFp, String reusedFrom) {

    /** The first attempt at {@code scene}'s clip, paid by {@code payer}: waiting for a slot of {@code account}. */
    static Clip pending(String storybookId, Scene scene, String provider, ClipRequest request, CostEstimate estimate,
                        Payer payer, long createdAt) {
        return new Clip(UUID.randomUUID().toString(), storybookId, scene.id(), scene.position(), provider,
                request.model(), request.toJson(), null, ClipState.PENDING, 0, -1, estimate.units(), estimate.usd(), null,
                null, null, null, null, null, createdAt, null, payer.account(), 0, 0, null, payer.userKey(),
                request.fingerprint(provider), null);
    }

    /**
     * {@code scene}'s clip taken from {@code earlier}, an identical clip this chat already paid for and has: already
     * DOWNLOADED, nothing to submit, nothing paid now (no task, no payer; the estimate is what it cost then).
     */
    static Clip reused(String storybookId, Scene scene, Clip earlier, long createdAt) {
        return new Clip(UUID.randomUUID().toString(), storybookId, scene.id(), scene.position(), earlier.provider,
                earlier.model, earlier.requestJson, null, ClipState.DOWNLOADED, 0, 100, earlier.estimatedUnits,
                earlier.estimatedUsd, earlier.actualUnits, null,
                earlier.blob, null, null, null, createdAt, null, null, 0, 0, null, null, earlier.requestFp, earlier.id);
    }

    /** A new attempt at the same scene's clip with the same request and estimate, paid by {@code payer}. */
    static Clip retryOf(Clip failed, Payer payer, long createdAt) {
        return new Clip(UUID.randomUUID().toString(), failed.storybookId, failed.sceneId, failed.position,
                failed.provider, failed.model, failed.requestJson, null, ClipState.PENDING, 0, -1,
                failed.estimatedUnits, failed.estimatedUsd, null, null, null, null, null, null, createdAt, null,
                payer.account(), 0, 0, null, payer.userKey(), failed.requestFp, null);
    }

    /** Who pays for a clip: the member, and the provider account their keys open (a fingerprint). */
    record Payer(String userKey, String account) {
    }

    static Clip read(ResultSet rs) throws SQLException {
        return new Clip(rs.getString("id"), rs.getString("storybook_id"), rs.getString("scene_id"), rs.getInt("position"),
                rs.getString("provider"), rs.getString("model"), rs.getString("request_json"),
                rs.getString("provider_task_id"), ClipState.valueOf(rs.getString("state")), rs.getInt("attempts"),
                rs.getInt("progress"), Jdbc.doubleOrNull(rs, "estimated_units"), Jdbc.doubleOrNull(rs, "estimated_usd"),
                Jdbc.doubleOrNull(rs, "actual_units"), rs.getString("result_ref"), rs.getString("blob"),
                rs.getString("error_kind"), rs.getString("error_message"), rs.getString("failure"),
                rs.getLong("created_at"), Jdbc.longOrNull(rs, "submitted_at"), rs.getString("account_key"),
                rs.getInt("step_failures"), rs.getInt("poll_count"), rs.getString("replaced_by"),
                rs.getString("payer_key"), rs.getString("request_fp"), rs.getString("reused_from"));
    }

    /** The member whose keys follow this clip: its own payer, or (a clip made before clips kept one) the film's. */
    String payerOr(String filmPayer) {
        return payerKey != null ? payerKey : filmPayer;
    }

    /** The start of the id: what a button names to say which attempt it means (Telegram's 64-byte data). */
    String ref() {
        return id.substring(0, Math.min(8, id.length()));
    }

    /** The attempt that counts for its position (older attempts were replaced by a retry). */
    boolean current() {
        return replacedBy == null;
    }

    boolean unfinished() {
        return state.unfinished();
    }

    /** Holding one of its account's slots (a provider task being created or running). */
    boolean inFlight() {
        return state.inFlight();
    }

    /** Taken from an earlier clip of the chat instead of being made (and paid) again. */
    boolean reused() {
        return reusedFrom != null;
    }

    /** The provider has (or may have) charged for this clip. */
    boolean paid() {
        return providerTaskId != null || state == ClipState.SUBMITTING
                || ErrorKind.AMBIGUOUS_SUBMIT.name().equals(errorKind);
    }

    /** Why it failed, as stored with it. */
    EngineReason failureReason() {
        return EngineReason.fromJson(failure, errorMessage);
    }

    double estimatedUsdOrZero() {
        return estimatedUsd == null ? 0 : estimatedUsd;
    }
}
