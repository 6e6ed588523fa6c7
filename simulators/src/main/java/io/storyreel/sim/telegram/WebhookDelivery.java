package io.storyreel.sim.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Telegram's side of a webhook (A10): while a webhook is set, pending updates are POSTed to it one at a time, in
 * order, as JSON, with {@code X-Telegram-Bot-Api-Secret-Token} when a secret was given. A 2xx answer confirms the
 * update; anything else (or no answer) keeps it queued, is recorded as the webhook's last error, and is tried again
 * after a growing pause (Telegram keeps an update for 24 hours). One daemon thread; {@link #close} ends it.
 */
final class WebhookDelivery implements AutoCloseable {
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    private static final System.Logger LOG = System.getLogger(WebhookDelivery.class.getName());
    private static final long MAX_PAUSE_MS = 2000;

    private final TelegramWorld world;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread thread;
    private volatile boolean closed;

    WebhookDelivery(TelegramWorld world, ObjectMapper mapper) {
        this.world = world;
        this.mapper = mapper;
        this.thread = new Thread(this::run, "fake-telegram-webhook");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            TelegramWorld.Outgoing next;
            try {
                next = world.nextForWebhook(failures == 0 ? 0 : Math.min(MAX_PAUSE_MS, 100L << Math.min(failures, 5)));
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) {
                continue;
            }
            int status = post(next);
            if (status >= 200 && status < 300) {
                world.confirmWebhookDelivery(next.update());
                failures = 0;
            } else {
                world.webhookFailed(status <= 0 ? "Connection refused" : "Wrong response from the webhook: " + status
                        + " " + reason(status));
                failures++;
            }
        }
    }

    private int post(TelegramWorld.Outgoing out) {
        try {
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(out.url())).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(out.update())));
            if (out.secret() != null) {
                rb.header(SECRET_HEADER, out.secret());
            }
            return http.send(rb.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "webhook POST failed: " + e);
            return -1;
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            default -> "";
        };
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
