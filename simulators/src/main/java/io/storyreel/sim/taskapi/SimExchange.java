package io.storyreel.sim.taskapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request to a simulator and the ways to answer it, including the unfriendly ones (drop, truncate). */
public final class SimExchange {

    /** Shared, configured once; ObjectMapper is thread-safe for reading and writing. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpExchange exchange;
    private byte[] body;
    private boolean responded;
    private int status;

    SimExchange(HttpExchange exchange) {
        this.exchange = exchange;
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    /** The path exactly as sent (percent-encoding kept). */
    public String rawPath() {
        return exchange.getRequestURI().getRawPath();
    }

    /** The path, decoded. */
    public String path() {
        return exchange.getRequestURI().getPath();
    }

    /** Decoded query parameters; the first value wins. */
    public Map<String, String> query() {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    public String rawQuery() {
        return exchange.getRequestURI().getRawQuery();
    }

    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    public byte[] body() throws IOException {
        if (body == null) {
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
        }
        return body;
    }

    /** The body as JSON, or null when it is empty or not JSON. */
    public JsonNode jsonOrNull() throws IOException {
        byte[] b = body();
        if (b.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(b);
        } catch (IOException e) {
            return null;
        }
    }

    public void setHeader(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    public void respondJson(int httpStatus, Object value) throws IOException {
        respond(httpStatus, "application/json; charset=utf-8", JSON.writeValueAsBytes(value));
    }

    public void respondText(int httpStatus, String text) throws IOException {
        respond(httpStatus, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    public void respond(int httpStatus, String contentType, byte[] bytes) throws IOException {
        body(); // drain the request so keep-alive stays usable
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(httpStatus, bytes.length == 0 ? -1 : bytes.length);
        markResponded(httpStatus);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /**
     * Stream a file with its real {@code Content-Length}; when {@code truncate} is set only half of it is sent and
     * the connection is then closed, as a broken download looks to the client.
     */
    public void sendFile(Path file, String contentType, boolean truncate) throws IOException {
        body();
        long size = Files.size(file);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, size);
        markResponded(200);
        long limit = truncate ? size / 2 : size;
        OutputStream out = exchange.getResponseBody();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            long sent = 0;
            while (sent < limit) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, limit - sent));
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                sent += n;
            }
            out.flush();
        }
        if (truncate) {
            closeConnectionAbruptly();
        }
        out.close();
    }

    /** Hold the request for {@code hold}, then close the connection without any response. */
    public void dropAfter(Duration hold) throws ConnectionDropped {
        try {
            Thread.sleep(hold.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        markResponded(-1);
        // Do not close here: the simulator's handler records the call in its journal on the way out, and only then
        // does the server close the exchange (with no response, so the client sees the connection drop). Closing
        // first would let a client observe the drop before the journal knows the task was created.
        throw new ConnectionDropped();
    }

    private void closeConnectionAbruptly() throws ConnectionDropped {
        // HttpExchange.close() before the response headers, or with body bytes still owed, closes the socket: the
        // client sees an EOF instead of a status line or the rest of the body. The exception tells the server
        // (which also closes the connection on it) that this was deliberate.
        exchange.close();
        throw new ConnectionDropped();
    }

    /** Thrown after a deliberate drop, so nothing else tries to answer. */
    public static final class ConnectionDropped extends IOException {
        ConnectionDropped() {
            super("connection dropped on purpose");
        }
    }

    public boolean responded() {
        return responded;
    }

    /** The status sent, or -1 for a dropped connection; 0 before any response. */
    public int status() {
        return status;
    }

    private void markResponded(int httpStatus) {
        responded = true;
        status = httpStatus;
    }

    void close() {
        exchange.close();
    }
}
