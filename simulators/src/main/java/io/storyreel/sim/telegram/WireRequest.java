package io.storyreel.sim.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.sim.multipart.Multipart;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of one Bot API call, whichever way they came: query string, JSON body, urlencoded form or
 * multipart form (the Bot API accepts all four, [TG-API #making-requests]). Structured parameters such as
 * {@code reply_markup} arrive as JSON objects in a JSON body but as JSON text in forms; {@link #json} reads both.
 */
final class WireRequest {
    record FilePart(String fileName, String contentType, byte[] bytes) {
    }

    private final Map<String, Object> params = new HashMap<>();
    private final ObjectMapper json;

    private WireRequest(ObjectMapper json) {
        this.json = json;
    }

    static WireRequest parse(ObjectMapper json, String query, String contentType, byte[] body) throws IOException {
        WireRequest r = new WireRequest(json);
        if (query != null) {
            r.putForm(query);
        }
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (body.length == 0) {
            return r;
        }
        if (ct.startsWith("application/json")) {
            JsonNode node = json.readTree(body);
            if (node != null && node.isObject()) {
                node.fields().forEachRemaining(e -> r.params.put(e.getKey(), e.getValue()));
            }
        } else if (Multipart.isMultipart(contentType)) {
            for (Multipart.Part p : Multipart.parse(contentType, body)) {
                if (p.fileName() != null) {
                    r.params.put(p.name(), new FilePart(p.fileName(), p.contentType(), p.bytes()));
                } else {
                    r.params.put(p.name(), p.text());
                }
            }
        } else {
            r.putForm(new String(body, StandardCharsets.UTF_8));
        }
        return r;
    }

    private void putForm(String form) {
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(k, v);
        }
    }

    boolean has(String name) {
        Object v = params.get(name);
        return v != null && !(v instanceof JsonNode n && n.isNull());
    }

    String str(String name) {
        Object v = params.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonNode n) {
            return n.isNull() ? null : n.isTextual() ? n.asText() : n.toString();
        }
        if (v instanceof FilePart f) {
            return new String(f.bytes(), StandardCharsets.UTF_8);
        }
        return (String) v;
    }

    Long longValue(String name) {
        String s = str(name);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    boolean bool(String name) {
        return "true".equalsIgnoreCase(str(name));
    }

    JsonNode json(String name) throws IOException {
        Object v = params.get(name);
        if (v instanceof JsonNode n) {
            return n.isTextual() ? json.readTree(n.asText()) : n;
        }
        String s = str(name);
        return s == null || s.isBlank() ? null : json.readTree(s);
    }

    FilePart file(String name) {
        return params.get(name) instanceof FilePart f ? f : null;
    }
}
