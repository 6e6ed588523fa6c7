package io.storyreel.core.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.HttpUrl;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * One request in fal's queue as the engine keeps it: the {@code request_id} and the three URLs fal returned at submit
 * ({@code status_url}, {@code response_url}, {@code cancel_url}; spec providers-next §2.2 "store and use the returned
 * URLs"). The engine stores only a task id, so this is that id: in the documented shape (status and cancel are the
 * response URL plus {@code /status} and {@code /cancel}, under the queue's base URL) the response URL's path below
 * the base, e.g. {@code fal-ai/kling-video/requests/024ca5b1-…}; otherwise a small JSON object with all three. Either
 * form lets a restarted bot follow the request, and the short one is what a webhook names (its app plus its
 * {@code request_id}).
 */
record FalRequestRef(String requestId, HttpUrl statusUrl, HttpUrl responseUrl, HttpUrl cancelUrl) {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9._-]+/[A-Za-z0-9._-]+");

    /** The URLs the queue would give a request of {@code appId} (the JS client's own rule, §2.2). */
    static FalRequestRef derived(HttpUrl base, String appId, String requestId) {
        HttpUrl response = base.resolve(appId + "/requests/" + requestId);
        return new FalRequestRef(requestId, response.newBuilder().addPathSegment("status").build(), response,
                response.newBuilder().addPathSegment("cancel").build());
    }

    /** The id a webhook for {@code requestId} of {@code appId} names: the short form of {@link #derived}. */
    static String shortId(String appId, String requestId) {
        return appId + "/requests/" + requestId;
    }

    /** The task id the engine stores. */
    String taskId(HttpUrl base) {
        String prefix = base.toString();
        String response = responseUrl.toString();
        if (response.startsWith(prefix) && statusUrl.toString().equals(response + "/status")
                && cancelUrl.toString().equals(response + "/cancel")) {
            String rest = response.substring(prefix.length());
            if (!rest.isEmpty() && !rest.startsWith("{") && responseUrl.equals(base.resolve(rest))) {
                return rest;
            }
        }
        ObjectNode o = JSON.createObjectNode().put("request_id", requestId).put("status_url", statusUrl.toString())
                .put("response_url", response).put("cancel_url", cancelUrl.toString());
        return o.toString();
    }

    /** The request behind a stored task id, or null when the id is not one this client wrote. */
    static FalRequestRef parse(String taskId, HttpUrl base) {
        if (taskId == null || taskId.isBlank()) {
            return null;
        }
        if (taskId.startsWith("{")) {
            try {
                JsonNode o = JSON.readTree(taskId);
                HttpUrl status = HttpUrl.parse(o.path("status_url").asText(""));
                HttpUrl response = HttpUrl.parse(o.path("response_url").asText(""));
                HttpUrl cancel = HttpUrl.parse(o.path("cancel_url").asText(""));
                String id = o.path("request_id").asText("");
                return status == null || response == null || cancel == null || id.isBlank() ? null
                        : new FalRequestRef(id, status, response, cancel);
            } catch (IOException e) {
                return null;
            }
        }
        HttpUrl response = base.resolve(taskId);
        if (response == null) {
            return null;
        }
        int at = taskId.lastIndexOf("/requests/");
        String id = at < 0 ? "" : taskId.substring(at + "/requests/".length());
        if (!REQUEST_ID.matcher(id).matches()) {
            return null;
        }
        return new FalRequestRef(id, response.newBuilder().addPathSegment("status").build(), response,
                response.newBuilder().addPathSegment("cancel").build());
    }
}
