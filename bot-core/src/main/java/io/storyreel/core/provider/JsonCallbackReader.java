package io.storyreel.core.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** A {@link CallbackReader} for providers that POST a JSON object: anything else is {@code Unreadable}. */
public abstract class JsonCallbackReader implements CallbackReader {
    protected static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public final Callback read(byte[] body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return new Callback.Unreadable();
        }
        return json != null && json.isObject() ? read(json) : new Callback.Unreadable();
    }

    /** What this provider's JSON object means. */
    protected abstract Callback read(JsonNode body);
}
