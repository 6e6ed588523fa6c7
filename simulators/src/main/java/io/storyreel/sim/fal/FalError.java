package io.storyreel.sim.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.sim.taskapi.SimExchange;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fal error answer (spec providers-next §2.7): a model or validation error is 422 {@code {"detail":[{loc, msg,
 * type, url?, ctx?, input?}]}} with {@code X-Fal-Retryable}; a request or infrastructure error is
 * {@code {"detail": sentence, "error_type": type}} with {@code X-Fal-Error-Type}; account and queue answers are a
 * bare {@code {"detail": sentence}}.
 */
final class FalError extends Exception {

    final int httpStatus;
    final JsonNode body;
    final Map<String, String> headers;

    FalError(int httpStatus, JsonNode body, Map<String, String> headers) {
        super(body.toString(), null, false, false);
        this.httpStatus = httpStatus;
        this.body = body;
        this.headers = headers;
    }

    static FalError detail(int httpStatus, String sentence) {
        return new FalError(httpStatus, SimExchange.JSON.createObjectNode().put("detail", sentence), Map.of());
    }

    /** 422 with one or more {@code detail[]} items. */
    static FalError model(ArrayNode detail, boolean retryable) {
        ObjectNode body = SimExchange.JSON.createObjectNode();
        body.set("detail", detail);
        return new FalError(422, body, Map.of("X-Fal-Retryable", Boolean.toString(retryable)));
    }

    /** An infrastructure error: {@code request_timeout} and {@code startup_timeout} are 504, the rest 503. */
    static FalError infrastructure(String errorType, String sentence) {
        int status = switch (errorType) {
            case "request_timeout", "startup_timeout" -> 504;
            case "internal_server_error" -> 500;
            default -> 503;
        };
        ObjectNode body = SimExchange.JSON.createObjectNode().put("detail", sentence).put("error_type", errorType);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Fal-Error-Type", errorType);
        headers.put("X-Fal-Retryable", "true");
        return new FalError(status, body, headers);
    }

    /** One {@code detail[]} item in the pydantic shape, with fal's documentation link for its type. */
    static ObjectNode item(String field, String msg, String type) {
        ObjectNode n = SimExchange.JSON.createObjectNode();
        ArrayNode loc = n.putArray("loc").add("body");
        if (field != null) {
            loc.add(field);
        }
        n.put("msg", msg);
        n.put("type", type);
        n.put("url", "https://docs.fal.ai/errors#" + type);
        return n;
    }
}
