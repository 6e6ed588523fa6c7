package io.storyreel.sim.fal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.sim.taskapi.FaultRules;
import io.storyreel.sim.taskapi.SimExchange;
import io.storyreel.sim.taskapi.SimTask;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One queued request and how it ends: a valid input renders a clip (or fails as the fault rules armed), an invalid
 * one completes with its 422 (fal validates in the model app, so the error arrives as the result), a cancelled one
 * completes at once with an error.
 *
 * @param input       the checked input, or null when it was invalid
 * @param invalid     the 422 an invalid input completes with, or null
 * @param heldFor     how long an armed hold keeps it queued before it may start, with {@code ahead} places ahead
 * @param lifetime    how long its output file lives (the lifecycle header, or the default)
 */
record FalRequest(String id, FalModel model, String key, SimTask sim, FalInput input, FalError invalid,
                  Duration heldFor, int ahead, Duration lifetime, String fileToken, long seed, Cancel cancel) {

    /** Whether and when the request was cancelled; set once. */
    static final class Cancel {
        private volatile Instant at;

        synchronized boolean request(Instant now) {
            if (at != null) {
                return false;
            }
            at = now;
            return true;
        }

        Optional<Instant> at() {
            return Optional.ofNullable(at);
        }
    }

    /** How a completed request answers its result URL. */
    record Result(int status, ObjectNode body, Map<String, String> headers) {
        boolean ok() {
            return status == 200;
        }
    }

    static final String CANCELLED_TYPE = "request_cancelled";

    String status(Instant now) {
        if (cancelledBy(now)) {
            return "COMPLETED";
        }
        return switch (sim.phase(now)) {
            case QUEUED -> "IN_QUEUE";
            case RUNNING -> "IN_PROGRESS";
            case SUCCEEDED, FAILED -> "COMPLETED";
        };
    }

    boolean cancelledBy(Instant now) {
        return cancel.at().filter(at -> !at.isAfter(now)).isPresent();
    }

    /** Places ahead while an armed hold lasts: counting down evenly from {@code ahead} to 1. */
    int heldAhead(Instant now) {
        Duration left = Duration.between(now, sim.createdAt().plus(heldFor));
        if (ahead == 0 || left.isNegative() || left.isZero()) {
            return 0;
        }
        return (int) Math.min(ahead, Math.max(1, Math.ceil(ahead * left.toMillis() / (double) heldFor.toMillis())));
    }

    /** The result once completed (empty before): the model's output, or its error as fal sends it. */
    Optional<Result> result(Instant now, String videoUrl) {
        if (!status(now).equals("COMPLETED")) {
            return Optional.empty();
        }
        if (cancelledBy(now)) {
            ObjectNode body = SimExchange.JSON.createObjectNode().put("detail", "Request was cancelled.")
                    .put("error_type", CANCELLED_TYPE);
            return Optional.of(new Result(400, body, Map.of("X-Fal-Error-Type", CANCELLED_TYPE)));
        }
        if (invalid != null) {
            return Optional.of(new Result(invalid.httpStatus, (ObjectNode) invalid.body, invalid.headers));
        }
        if (sim.phase(now) == SimTask.Phase.FAILED) {
            FalError e = failure();
            return Optional.of(new Result(e.httpStatus, (ObjectNode) e.body, e.headers));
        }
        var clip = sim.clip().orElseThrow();
        ObjectNode body = SimExchange.JSON.createObjectNode();
        body.putObject("video").put("url", videoUrl).put("content_type", "video/mp4").put("file_name", "output.mp4")
                .put("file_size", clip.bytes());
        if (model.returnSeed()) {
            body.put("seed", seed);
        }
        return Optional.of(new Result(200, body, Map.of()));
    }

    /** The armed failure in fal's words: moderation and model errors are 422, infrastructure types 5xx. */
    private FalError failure() {
        String code = sim.failureCode();
        String message = sim.failedOnPurpose() && !SimTask.RENDER_FAILED.equals(sim.failureMessage())
                ? sim.failureMessage() : null;
        if (!sim.failedOnPurpose()) {
            return FalError.infrastructure("internal_server_error", "Internal server error");
        }
        if (code == null || code.equals(FaultRules.CONTENT_FILTERED) || code.equals("content_policy_violation")) {
            ObjectNode item = FalError.item(null, "The content was flagged by a content checker.",
                    "content_policy_violation");
            if (code != null && code.equals(FaultRules.CONTENT_FILTERED) && message != null) {
                ArrayNode categories = item.putArray("categories");
                for (String c : message.split(",")) {
                    categories.add(c.trim());
                }
            }
            return FalError.model(SimExchange.JSON.createArrayNode().add(item), false);
        }
        if (code.startsWith("request_") || code.startsWith("runner_") || code.startsWith("startup_")
                || code.equals("internal_server_error")) {
            return FalError.infrastructure(code, message != null ? message : "Request failed: " + code);
        }
        return FalError.model(SimExchange.JSON.createArrayNode().add(FalError.item(null,
                message != null ? message : "The model failed: " + code, code)), false);
    }
}
