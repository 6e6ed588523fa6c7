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
 * ({@code replacedBy}); the row's id is also the idempotency key the provider sees. New rows come from
 * {@link #pending} and {@link #retryOf}; stored ones from {@link #read}.
 */
record Clip(String id, String storybookId, String sceneId, int position, String provider, String model,
            String requestJson, String providerTaskId, ClipState state, int attempts, int progress,
            Double estimatedUnits, Double estimatedUsd, Double actualUnits, String resultRef, String blob,
            String errorKind, String errorMessage, String failure, long createdAt, Long submittedAt,
            String accountKey, int stepFailures, int pollCount, String replacedBy) {

    /** The first attempt at {@code scene}'s clip, waiting for a slot of {@code accountKey}. */
    static Clip pending(String storybookId, Scene scene, String provider, ClipRequest request, CostEstimate estimate,
                        String accountKey, long createdAt) {
        return fresh(UUID.randomUUID().toString(), storybookId, scene.id(), scene.position(), provider,
                request.model(), request.toJson(), estimate.units(), estimate.usd(), accountKey, createdAt);
    }

    /** A new attempt at the same scene's clip with the same request, estimate and account. */
    static Clip retryOf(Clip failed, long createdAt) {
        return fresh(UUID.randomUUID().toString(), failed.storybookId, failed.sceneId, failed.position, failed.provider,
                failed.model, failed.requestJson, failed.estimatedUnits, failed.estimatedUsd, failed.accountKey, createdAt);
    }

    private static Clip fresh(String id, String storybookId, String sceneId, int position, String provider,
                              String model, String requestJson, Double estimatedUnits, Double estimatedUsd,
                              String accountKey, long createdAt) {
        return new Clip(id, storybookId, sceneId, position, provider, model, requestJson, null, ClipState.PENDING, 0,
                -1, estimatedUnits, estimatedUsd, null, null, null, null, null, null, createdAt, null, accountKey, 0, 0,
                null);
    }

    static Clip read(ResultSet rs) throws SQLException {
        return new Clip(rs.getString("id"), rs.getString("storybook_id"), rs.getString("scene_id"), rs.getInt("position"),
                rs.getString("provider"), rs.getString("model"), rs.getString("request_json"),
                rs.getString("provider_task_id"), ClipState.valueOf(rs.getString("state")), rs.getInt("attempts"),
                rs.getInt("progress"), Jdbc.doubleOrNull(rs, "estimated_units"), Jdbc.doubleOrNull(rs, "estimated_usd"),
                Jdbc.doubleOrNull(rs, "actual_units"), rs.getString("result_ref"), rs.getString("blob"),
                rs.getString("error_kind"), rs.getString("error_message"), rs.getString("failure"),
                rs.getLong("created_at"), Jdbc.longOrNull(rs, "submitted_at"), rs.getString("account_key"),
                rs.getInt("step_failures"), rs.getInt("poll_count"), rs.getString("replaced_by"));
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
