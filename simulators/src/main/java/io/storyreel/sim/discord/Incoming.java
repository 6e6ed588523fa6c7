package io.storyreel.sim.discord;

/** One REST request as the routes see it: the raw path and query, and the headers that matter. */
record Incoming(String method, String path, String query, String contentType, String authorization, byte[] body) {
}
