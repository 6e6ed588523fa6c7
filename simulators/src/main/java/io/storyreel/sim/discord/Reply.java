package io.storyreel.sim.discord;

import java.nio.charset.StandardCharsets;

/** One REST answer: HTTP status, content type and body ({@code 204} and friends have an empty body). */
record Reply(int status, String contentType, byte[] body) {

    /** Discord's answer to a route it does not have; {@link RestRoutes} journals these as unknown. */
    static final Reply NOT_FOUND = new Reply(404, "application/json",
            "{\"message\": \"404: Not Found\", \"code\": 0}".getBytes(StandardCharsets.UTF_8));

    static final Reply NO_CONTENT = new Reply(204, "", new byte[0]);
}
