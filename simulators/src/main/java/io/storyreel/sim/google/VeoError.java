package io.storyreel.sim.google;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.sim.taskapi.SimExchange;

/** A Google API error: {@code {"error": {"code", "message", "status", "details"?}}} (spec providers-next §3.5). */
final class VeoError extends Exception {

    final int httpStatus;
    final ObjectNode body;

    VeoError(int httpStatus, String status, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.body = SimExchange.JSON.createObjectNode();
        body.putObject("error").put("code", httpStatus).put("message", message).put("status", status);
    }

    static VeoError invalid(String message) {
        return new VeoError(400, "INVALID_ARGUMENT", message);
    }

    /** Adds one {@code details[]} entry of the given {@code @type}. */
    ObjectNode detail(String type) {
        ObjectNode error = (ObjectNode) body.get("error");
        ArrayNode details = error.has("details") ? (ArrayNode) error.get("details") : error.putArray("details");
        return details.addObject().put("@type", "type.googleapis.com/" + type);
    }
}
