package io.storyreel.app.runtime;

import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.generation.GenerationEngine;
import io.storyreel.core.provider.CallbackReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Receives provider task callbacks on {@code …/<secret>/<provider id>}, whatever prefix the reverse proxy keeps, and
 * hands each delivery (body, headers, query) to that provider's {@link CallbackReader}: a challenge is answered as
 * the reader says, a status change makes the engine poll that task soon ({@link EarlyPolls}: at most once per task
 * per debounce gap). The server knows no wire format. It listens on the configured bind address (loopback by default, behind a reverse proxy), reads
 * each request under header and body deadlines on a small bounded pool, answers with {@code Connection: close}, and
 * refuses what does not fit. Nothing in a callback is trusted beyond naming a task: the poll that follows decides.
 *
 * <p>The JDK's own HTTP server reads a request on its worker thread with no deadline (its limits are JVM-wide
 * properties read once), so two connections trickling bytes stopped every callback; hence this small strict server,
 * which only ever has to read one short POST per connection.
 */
final class CallbackServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackServer.class);
    private static final int MAX_BODY = 64 * 1024;
    static final int WORKERS = 8;
    static final int QUEUE = 64;

    private final StoryreelConfig.Callbacks settings;
    private final Map<String, CallbackReader> readers;
    private final byte[] secret;
    private final ServerSocket socket;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;
    private final EarlyPolls polls;
    private final Thread acceptor;

    /**
     * @param settings bind address, port (0: any free one), the secret path segment (not blank), timeouts, debounce
     * @param readers  each provider's callback reader, keyed by the provider id that ends the path
     */
    CallbackServer(StoryreelConfig.Callbacks settings, Map<String, CallbackReader> readers, GenerationEngine engine) {
        if (settings.secret() == null || settings.secret().isBlank()) {
            throw new IllegalArgumentException("the callback server needs its secret path segment");
        }
        this.settings = settings;
        this.readers = Map.copyOf(readers);
        this.secret = settings.secret().getBytes(StandardCharsets.US_ASCII);
        try {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.port()), QUEUE);
        } catch (IOException e) {
            throw new UncheckedIOException("The callback port " + settings.bindAddress() + ":" + settings.port()
                    + " could not be opened: " + e.getMessage(), e);
        }
        workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                StoryreelRuntime.daemon("provider-callbacks-"));
        workers.allowCoreThreadTimeOut(true);
        timer = Executors.newSingleThreadScheduledExecutor(StoryreelRuntime.daemon("provider-callbacks-later-"));
        polls = new EarlyPolls(settings.pollDebounce(), engine::taskChanged, timer);
        acceptor = StoryreelRuntime.daemon("provider-callbacks-accept-").newThread(this::accept);
        acceptor.start();
        log.info("Listening for provider callbacks on {}:{}", settings.bindAddress(), port());
    }

    int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    log.warn("The callback port stopped accepting: {}", e.toString());
                }
                return;
            }
            try {
                workers.execute(() -> serve(connection));
            } catch (RejectedExecutionException full) {
                // every worker is busy and the queue is full: shed this one rather than wait for a slow client
                closeQuietly(connection);
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            CallbackRequest request;
            try {
                request = CallbackRequest.read(connection, settings.headerTimeout(), settings.bodyTimeout(), MAX_BODY);
            } catch (CallbackRequest.Refused r) {
                if (r.status > 0) {
                    answer(connection, r.status, "{}");
                }
                return;
            }
            handle(connection, request);
        } catch (IOException | RuntimeException e) {
            log.debug("A provider callback could not be handled: {}", e.toString());
        }
    }

    private void handle(Socket connection, CallbackRequest request) throws IOException {
        String path = request.path().replaceAll("/+$", "");
        int last = path.lastIndexOf('/');
        String provider = path.substring(last + 1);
        String before = last <= 0 ? "" : path.substring(path.lastIndexOf('/', last - 1) + 1, last);
        CallbackReader reader = readers.get(provider);
        if (reader == null || !"POST".equals(request.method())
                || !MessageDigest.isEqual(secret, before.getBytes(StandardCharsets.US_ASCII))) {
            answer(connection, 404, "{}");
            return;
        }
        CallbackReader.Callback callback = reader.read(new CallbackReader.Delivery(request.body(), request.headers(),
                request.query()));
        if (callback instanceof CallbackReader.Callback.Challenge c) {
            answer(connection, 200, c.answerJson());
        } else if (callback instanceof CallbackReader.Callback.TaskChanged t) {
            answer(connection, 200, "{}");
            log.debug("{} callback for task {}", provider, t.taskId());
            polls.changed(provider, t.taskId());
        } else {
            answer(connection, callback instanceof CallbackReader.Callback.NoTask ? 200 : 400, "{}");
        }
    }

    private static void answer(Socket connection, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        OutputStream out = connection.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        try {
            connection.shutdownOutput();
        } catch (SocketException ignored) {
            // the client went away first
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            default -> "Error";
        };
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        workers.shutdownNow();
        timer.shutdownNow();
    }
}
