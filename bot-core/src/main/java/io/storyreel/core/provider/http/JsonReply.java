package io.storyreel.core.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.Headers;

/** An HTTP answer: status, the body parsed as JSON ({@code null} when it is not JSON) and the headers. */
public record JsonReply(int status, JsonNode json, Headers headers) {
    public boolean hasJson() {
        return json != null && json.isObject();
    }

    public String header(String name) {
        return headers.get(name);
    }
}
