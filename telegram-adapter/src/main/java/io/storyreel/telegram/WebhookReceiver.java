package io.storyreel.telegram;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Receives updates Telegram POSTs to the bot's webhook (spec A10), behind the operator's reverse proxy. A call must
 * carry the {@code secret_token} given to {@code setWebhook} in {@code X-Telegram-Bot-Api-Secret-Token}; without it,
 * or with another, it is answered 401 and nothing in it is looked at. Each accepted update is read into TelegramBots'
 * {@link Update} and handed to the same consumer long polling feeds, then confirmed with 200 (Telegram sends it
 * again until then). An update seen moments ago (a retry after a lost answer) is confirmed without being handed on
 * twice.
 */
final class WebhookReceiver implements AutoCloseable {
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);
    private static final int MAX_BODY = 1024 * 1024;
    private static final int REMEMBERED = 1000;

    private final byte[] secret;
    private final Consumer<Update> consumer;
    private final ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final HttpServer server;
    private final ExecutorService threads;
    private final Set<Integer> recent = new LinkedHashSet<>();

    WebhookReceiver(String bind, int port, String secret, Consumer<Update> consumer) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.consumer = consumer;
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("telegram.webhook.port " + port + " on " + bind + " could not be opened ("
                    + e.getMessage() + ")", e);
        }
        threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "telegram-webhook");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                answer(ex, 405);
                return;
            }
            String given = ex.getRequestHeaders().getFirst(SECRET_HEADER);
            if (given == null || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
                log.warn("Refused a webhook call from {} without the right secret token", ex.getRemoteAddress().getAddress());
                answer(ex, 401);
                return;
            }
            Update update;
            try (InputStream in = ex.getRequestBody()) {
                byte[] body = in.readNBytes(MAX_BODY + 1);
                if (body.length > MAX_BODY) {
                    answer(ex, 413);
                    return;
                }
                update = mapper.readValue(body, Update.class);
            } catch (IOException e) {
                answer(ex, 400);
                return;
            }
            if (update == null || update.getUpdateId() == null) {
                answer(ex, 400);
                return;
            }
            if (firstTime(update.getUpdateId())) {
                consumer.accept(update);
            }
            answer(ex, 200);
        } catch (RuntimeException e) {
            log.warn("A webhook update could not be handled: {}", e.toString());
        }
    }

    private synchronized boolean firstTime(int updateId) {
        if (!recent.add(updateId)) {
            return false;
        }
        if (recent.size() > REMEMBERED) {
            recent.remove(recent.iterator().next());
        }
        return true;
    }

    private static void answer(HttpExchange ex, int status) throws IOException {
        byte[] b = "{}".getBytes(StandardCharsets.UTF_8);
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
