package io.storyreel.sim.taskapi;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded HTTP server under each provider simulator: the JDK's {@link HttpServer} on 127.0.0.1, one handler
 * for every path, and a cached thread pool so a held response (a simulated timeout) never blocks other requests.
 */
public final class SimHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimHttpServer.class);

    /** Answers one request; must respond (or drop) through the exchange. */
    @FunctionalInterface
    public interface Handler {
        void handle(SimExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private SimHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static SimHttpServer start(int port, String name, Handler handler) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            server.createContext("/", exchange -> {
                SimExchange ex = new SimExchange(exchange);
                try {
                    handler.handle(ex);
                } catch (SimExchange.ConnectionDropped dropped) {
                    throw dropped;
                } catch (RuntimeException | IOException e) {
                    LOG.warn("{} simulator failed on {} {}: {}", name, exchange.getRequestMethod(),
                            exchange.getRequestURI().getRawPath(), e.toString());
                    if (!ex.responded()) {
                        ex.respondText(500, "simulator error: " + e.getClass().getSimpleName());
                    }
                } finally {
                    ex.close();
                }
            });
            server.setExecutor(executor);
            server.start();
            return new SimHttpServer(server, executor);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot bind the " + name + " simulator to 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>} with no trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
