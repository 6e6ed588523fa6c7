package io.storyreel.sim.runway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.sim.taskapi.SimExchange;

/** A Runway error answer: an HTTP status and a body with an {@code error} sentence (spec §1.6). */
final class RunwayError extends Exception {

    static final String DOC_URL = "https://docs.dev.runwayml.com/api";

    final int httpStatus;
    final ObjectNode body;

    RunwayError(int httpStatus, ObjectNode body) {
        super(body.path("error").asText(), null, false, false);
        this.httpStatus = httpStatus;
        this.body = body;
    }

    /** A bare {@code {"error": sentence}}. */
    static RunwayError of(int httpStatus, String sentence) {
        return new RunwayError(httpStatus, SimExchange.JSON.createObjectNode().put("error", sentence));
    }

    /** The zod-style validation answer: 400 with {@code issues} and {@code docUrl}. */
    static RunwayError validation(ArrayNode issues) {
        ObjectNode body = SimExchange.JSON.createObjectNode().put("error", "Validation of body failed");
        body.set("issues", issues);
        body.put("docUrl", DOC_URL);
        return new RunwayError(400, body);
    }
}
