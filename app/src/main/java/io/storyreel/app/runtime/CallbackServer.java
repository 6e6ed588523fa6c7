package io.storyreel.app.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.storyreel.core.generation.GenerationEngine;
import io.storyreel.core.provider.CallbackReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Receives provider task callbacks on {@code …/<provider id>}, whatever prefix the reverse proxy keeps, and hands each
 * body to that provider's {@link CallbackReader}: a challenge is answered as the reader says, a status change makes
 * the engine poll that task now. The server knows no wire format. Nothing in a callback is trusted beyond naming a
 * task: the poll that follows decides, so a forged callback costs one early poll at most.
 */
final class CallbackServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackServer.class);
    private static final int MAX_BODY = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, CallbackReader> readers;
    private final GenerationEngine engine;

    /** @param readers each provider's callback reader, keyed by the provider id that ends the path */
    CallbackServer(int port, Map<String, CallbackReader> readers, GenerationEngine engine) {
        this.readers = Map.copyOf(readers);
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
            String provider = path.substring(path.lastIndexOf('/') + 1);
            CallbackReader reader = readers.get(provider);
            if (reader == null || !"POST".equals(ex.getRequestMethod())) {
                answer(ex, 404, "{}");
                return;
            }
            byte[] bytes;
            try (InputStream in = ex.getRequestBody()) {
                bytes = in.readNBytes(MAX_BODY + 1);
            }
            if (bytes.length > MAX_BODY) {
                answer(ex, 413, "{}");
                return;
            }
            CallbackReader.Callback callback = reader.read(bytes);
            if (callback instanceof CallbackReader.Callback.Challenge c) {
                answer(ex, 200, c.answerJson());
            } else if (callback instanceof CallbackReader.Callback.TaskChanged t) {
                answer(ex, 200, "{}");
                log.debug("{} callback for task {}", provider, t.taskId());
                engine.taskChanged(provider, t.taskId());
            } else {
                answer(ex, callback instanceof CallbackReader.Callback.NoTask ? 200 : 400, "{}");
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
