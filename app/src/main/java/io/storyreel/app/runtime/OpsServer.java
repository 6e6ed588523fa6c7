package io.storyreel.app.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.storyreel.core.ops.OpsReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The operator's endpoint (JDK HTTP server, loopback by default): {@code GET /metrics} in the Prometheus text format,
 * {@code /healthz} (200 while the process is up: for a supervisor's liveness check), {@code /readyz} (200 only
 * when every {@link ReadinessCheck} passes, else 503, each check's verdict in a small JSON body) and {@code /status}
 * (the operator's summary, text or {@code ?format=json}: what {@code storyreel status} shows when the embedded
 * database is this process's alone). Each check gets a
 * few seconds; one that hangs (a database that does not answer) counts as failed rather than holding the answer.
 */
final class OpsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

    /** One part of readiness; returns a short verdict ({@code ok …}) or throws with the reason it is not ready. */
    @FunctionalInterface
    interface ReadinessCheck {
        String check() throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final ExecutorService checks;
    private final PrometheusMeterRegistry registry;
    private final Map<String, ReadinessCheck> readiness;
    private final Supplier<OpsReport> status;

    OpsServer(String bind, int port, PrometheusMeterRegistry registry, Map<String, ReadinessCheck> readiness,
              Supplier<OpsReport> status) {
        this.registry = registry;
        this.status = status;
        this.readiness = new LinkedHashMap<>(readiness);
        HttpTimeouts.apply();
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("ops.port " + port + " on " + bind + " could not be opened (" + e.getMessage()
                    + "); set ops.port (0 = any free port) or ops.enabled: false", e);
        }
        threads = Executors.newFixedThreadPool(2, daemon("ops-http"));
        checks = Executors.newCachedThreadPool(daemon("ops-check"));
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        log.info("Ops endpoint on http://{}:{}/ (metrics, healthz, readyz)", bind, port());
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                answer(ex, 405, "text/plain", "GET only\n");
                return;
            }
            switch (ex.getRequestURI().getPath()) {
                case "/metrics" -> answer(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
                case "/healthz" -> answer(ex, 200, "application/json", "{\"status\":\"up\"}");
                case "/readyz" -> ready(ex);
                case "/status" -> {
                    OpsReport r = status.get();
                    boolean json = "format=json".equals(ex.getRequestURI().getQuery());
                    answer(ex, 200, json ? "application/json" : "text/plain; charset=utf-8", json ? r.json() : r.text() + "\n");
                }
                default -> answer(ex, 404, "text/plain", "not found: try /metrics, /healthz, /readyz or /status\n");
            }
        } catch (RuntimeException e) {
            log.warn("ops endpoint failed on {}: {}", ex.getRequestURI().getPath(), e.toString());
        }
    }

    private void ready(HttpExchange ex) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode results = body.putObject("checks");
        boolean ready = true;
        Map<String, Future<String>> running = new LinkedHashMap<>();
        readiness.forEach((name, c) -> running.put(name, checks.submit(c::check)));
        long deadline = System.nanoTime() + CHECK_TIMEOUT.toNanos();
        for (var e : running.entrySet()) {
            String verdict;
            try {
                verdict = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException t) {
                e.getValue().cancel(true);
                verdict = null;
                results.put(e.getKey(), "failed: no answer within " + CHECK_TIMEOUT.toSeconds() + " s");
            } catch (java.util.concurrent.ExecutionException x) {
                verdict = null;
                results.put(e.getKey(), "failed: " + reason(x.getCause()));
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                verdict = null;
                results.put(e.getKey(), "failed: interrupted");
            }
            if (verdict == null) {
                ready = false;
            } else {
                results.put(e.getKey(), verdict);
            }
        }
        body.put("status", ready ? "ready" : "not ready");
        answer(ex, ready ? 200 : 503, "application/json", body.toString());
    }

    private static String reason(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private static void answer(HttpExchange ex, int status, String type, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : b.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        checks.shutdownNow();
    }
}
