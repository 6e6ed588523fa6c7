package io.storyreel.app.engine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pass-through HTTP proxy in front of a provider simulator that can freeze a clip download half-way: with
 * {@link #holdNextDownload()} armed, the next video GET gets its headers and half its bytes, then nothing until
 * {@link #release()}. That gives a crash test a download that is provably in flight when it kills the bot. With
 * {@link #redirectVideosTo} set, every video GET is redirected elsewhere instead (a hostile CDN). JSON answers are
 * rewritten so that the result URLs they carry point at the proxy too.
 */
public final class DownloadGate implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "transfer-encoding",
            "upgrade", "keep-alive", "expect");

    private final String target;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "download-gate");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile String videoRedirect;

    public DownloadGate(String targetBaseUrl) {
        this.target = targetBaseUrl;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void holdNextDownload() {
        armed.set(true);
    }

    /** Waits until a download is frozen half-way. */
    void awaitHeld(Duration timeout) throws InterruptedException {
        if (!held.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no clip download reached the gate within " + timeout);
        }
    }

    void release() {
        release.countDown();
    }

    /** From now on every video GET is answered with a redirect to {@code url}, as a compromised CDN would. */
    public void redirectVideosTo(String url) {
        videoRedirect = url;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String redirect = videoRedirect;
            if (redirect != null && ex.getRequestURI().getPath().endsWith(".mp4")) {
                ex.getResponseHeaders().set("Location", redirect);
                ex.sendResponseHeaders(302, -1);
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
                    .timeout(Duration.ofSeconds(30))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                    vs.forEach(v -> rb.header(k, v));
                }
            });
            HttpResponse<byte[]> r;
            try {
                r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            byte[] out = r.body();
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.contains("json")) {
                out = new String(out, StandardCharsets.UTF_8).replace(target, baseUrl()).getBytes(StandardCharsets.UTF_8);
            }
            r.headers().map().forEach((k, vs) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase(java.util.Locale.ROOT)) && !k.startsWith(":")) {
                    ex.getResponseHeaders().put(k, List.copyOf(vs));
                }
            });
            boolean video = ex.getRequestURI().getPath().endsWith(".mp4") && r.statusCode() == 200;
            ex.sendResponseHeaders(r.statusCode(), out.length == 0 ? -1 : out.length);
            OutputStream os = ex.getResponseBody();
            if (video && armed.compareAndSet(true, false)) {
                os.write(out, 0, out.length / 2);
                os.flush();
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                os.write(out, out.length / 2, out.length - out.length / 2);
            } else {
                os.write(out);
            }
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
