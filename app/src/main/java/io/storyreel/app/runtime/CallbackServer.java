package io.storyreel.app.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.storyreel.core.generation.GenerationEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Receives provider task callbacks (Kling spec §1.5, MiniMax §2.6) on {@code …/kling} and {@code …/minimax}, whatever
 * prefix the reverse proxy keeps. MiniMax's challenge is echoed; a status change makes the engine poll that task now.
 * Nothing in a callback is trusted beyond naming a task: the poll that follows decides, so a forged callback costs one
 * early poll at most.
 */
final class CallbackServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService threads;
    private final GenerationEngine engine;

    CallbackServer(int port, GenerationEngine engine) {
        this.engine = engine;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("The callback port " + port + " could not be opened: " + e.getMessage(), e);
        }
        threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "provider-callbacks");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        log.info("Listening for provider callbacks on port {}", server.getAddress().getPort());
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath().replaceAll("/+$", "");
            String provider = path.endsWith("/kling") ? "kling" : path.endsWith("/minimax") ? "minimax" : null;
            if (provider == null || !"POST".equals(ex.getRequestMethod())) {
                answer(ex, 404, "{}");
                return;
            }
            JsonNode body;
            try (InputStream in = ex.getRequestBody()) {
                byte[] bytes = in.readNBytes(MAX_BODY + 1);
                if (bytes.length > MAX_BODY) {
                    answer(ex, 413, "{}");
                    return;
                }
                body = JSON.readTree(bytes);
            } catch (IOException e) {
                answer(ex, 400, "{}");
                return;
            }
            if (body == null || !body.isObject()) {
                answer(ex, 400, "{}");
                return;
            }
            if (provider.equals("minimax") && body.hasNonNull("challenge")) {
                answer(ex, 200, JSON.createObjectNode().put("challenge", body.get("challenge").asText()).toString());
                return;
            }
            // Kling's official callback is the flat task; a relay's copy wraps it in {code, message, data}
            JsonNode task = body.hasNonNull("task_id") ? body : body.path("data");
            String taskId = task.path("task_id").asText("");
            answer(ex, 200, "{}");
            if (!taskId.isBlank()) {
                log.debug("{} callback for task {}", provider, taskId);
                engine.taskChanged(provider, taskId);
            }
        } catch (RuntimeException e) {
            log.warn("A provider callback could not be handled: {}", e.toString());
        }
    }

    private static void answer(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
