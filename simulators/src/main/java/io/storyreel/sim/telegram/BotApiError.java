package io.storyreel.sim.telegram;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A Bot API error answer: HTTP status = {@code error_code}, as Telegram does, with optional {@code parameters}. */
final class BotApiError extends RuntimeException {
    final int code;
    final ObjectNode parameters;

    BotApiError(int code, String description, ObjectNode parameters) {
        super(description, null, false, false);
        this.code = code;
        this.parameters = parameters;
    }

    /** A 400 answer: the description gets Telegram's {@code "Bad Request: "} prefix. */
    BotApiError(String badRequest) {
        this(400, "Bad Request: " + badRequest, null);
    }
}
