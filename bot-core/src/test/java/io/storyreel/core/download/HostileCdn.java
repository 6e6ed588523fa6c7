package io.storyreel.core.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile file host on one loopback address, for download tests: a plain file ({@code /clip}), a redirect to any URL
 * ({@code /redirect?to=…}), a redirect loop ({@code /loop}), an endless chunked body ({@code /endless}), a body that
 * announces a gigabyte ({@code /huge}), one byte every 200 ms for ever ({@code /trickle}), and a body cut short of its
 * Content-Length ({@code /short}). Counts the requests per path; more routes can be added ({@link #route}).
 */
public final class HostileCdn implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-cdn");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, HttpHandler> handlers = new ConcurrentHashMap<>();
    private volatile byte[] clip = new byte[0];
    private volatile boolean closed;

    private HostileCdn(String address) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        route("/clip", ex -> send(ex, 200, clip));
        route("/redirect", ex -> {
            String to = ex.getRequestURI().getRawQuery().substring("to=".length());
            ex.getResponseHeaders().set("Location", java.net.URLDecoder.decode(to, java.nio.charset.StandardCharsets.UTF_8));
            send(ex, 302, new byte[0]);
        });
        route("/loop", ex -> {
            ex.getResponseHeaders().set("Location", "/loop");
            send(ex, 302, new byte[0]);
        });
        route("/endless", ex -> stream(ex, 0, 64 * 1024, 0));
        route("/huge", ex -> stream(ex, 1L << 30, 64 * 1024, 0));
        route("/trickle", ex -> stream(ex, 0, 1, 200));
        route("/short", ex -> {
            ex.sendResponseHeaders(200, 1000);
            ex.getResponseBody().write(new byte[10]);
            ex.getResponseBody().flush();
            ex.close();
        });
        server.start();
    }

    /** A hostile host on {@code address} (127.0.0.1, or another loopback address such as 127.0.0.2). */
    public static HostileCdn on(String address) {
        return new HostileCdn(address);
    }

    public HostileCdn serving(byte[] body) {
        this.clip = body;
        return this;
    }

    /** Adds (or replaces) a route; requests to it are counted too. */
    public void route(String path, HttpHandler handler) {
        handlers.put(path, handler);
        server.createContext(path, ex -> {
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            try (ex) {
                handler.handle(ex);
            } catch (IOException e) {
                // the client hung up (the downloader stopped reading): that is the point of most routes
            }
        });
    }

    /** Serves {@code path} the way {@code existing} is served, e.g. a Bot API file path as {@code /endless}. */
    public void alias(String path, String existing) {
        route(path, handlers.get(existing));
    }

    public String url(String path) {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    public int totalHits() {
        return hits.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    /** Writes {@code chunk} zero bytes every {@code pauseMillis} until the client or the server goes away. */
    private void stream(HttpExchange ex, long announced, int chunk, long pauseMillis) throws IOException {
        ex.sendResponseHeaders(200, announced);
        OutputStream out = ex.getResponseBody();
        byte[] zeros = new byte[chunk];
        long sent = 0;
        while (!closed && (announced == 0 || sent < announced)) {
            out.write(zeros);
            out.flush();
            sent += chunk;
            if (pauseMillis > 0) {
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        threads.shutdownNow();
    }
}
