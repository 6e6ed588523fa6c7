package io.storyreel.sim.taskapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A simulator's task callbacks (Kling spec §1.5, MiniMax §2.6): each watched task's status is looked at every 50 ms on
 * the simulator's clock, and every change is POSTed as JSON to the task's {@code callback_url}, once, without retry
 * (neither provider documents one). Also the MiniMax challenge: a POST of {@code {"challenge": …}} that must be echoed
 * within 3 seconds. And one-shot deliveries (fal's webhook, §2.6 of providers-next.md): one POST when the task is done,
 * with headers made for that body, retried on the simulator's clock until a 2xx answer. What was sent is kept for
 * tests.
 */
public final class Callbacks implements AutoCloseable {
    /**
     * One POST made (or attempted): where, what (as JSON and as the exact bytes), with which extra headers, and the
     * HTTP status (0 when the receiver could not be reached).
     */
    public record Sent(String url, JsonNode body, int status, Map<String, String> headers, byte[] raw) {
        Sent(String url, JsonNode body, int status) {
            this(url, body, status, Map.of(), body.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A one-shot POST: where, the exact body, and extra headers (a signature over that body, say). */
    public record Delivery(String url, byte[] body, Map<String, String> headers) {
    }

    /**
     * How a one-shot delivery is retried: up to {@code retries} more attempts after a non-2xx answer or no answer,
     * waiting {@code backoff.get(i)} on the simulator's clock before retry {@code i} (the last wait repeats), each
     * attempt allowed {@code timeout}; {@code duplicate} delivers a successful POST a second time, as at-least-once
     * senders sometimes do.
     */
    public record Retry(int retries, List<Duration> backoff, Duration timeout, boolean duplicate) {
        public Retry {
            backoff = List.copyOf(backoff);
            if (retries < 0 || (retries > 0 && backoff.isEmpty())) {
                throw new IllegalArgumentException("retries need at least one backoff");
            }
        }
    }

    private static final class OneShot {
        final Function<Instant, Optional<Delivery>> ready;
        final Retry retry;
        int attempts;
        Instant nextAt;

        OneShot(Function<Instant, Optional<Delivery>> ready, Retry retry) {
            this.ready = ready;
            this.retry = retry;
        }
    }

    private record Watch(String url, String statusField, Set<String> terminal, Function<Instant, ObjectNode> body,
                         String[] last) {
    }

    private static final Duration TICK = Duration.ofMillis(50);

    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final Map<String, OneShot> oneShots = new ConcurrentHashMap<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;

    public Callbacks(Clock clock, String name) {
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-callbacks");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Posts {@code body(now)} to {@code url} whenever its {@code statusField} changes, until it reaches one of
     * {@code terminal}. The status at the time of this call is not sent: it is not a change.
     */
    public void watch(String taskId, String url, String statusField, Set<String> terminal,
                      Function<Instant, ObjectNode> body) {
        String now = body.apply(clock.instant()).path(statusField).asText();
        watches.put(taskId, new Watch(url, statusField, terminal, body, new String[]{now}));
    }

    /**
     * Posts {@code ready(now)} once it is present (fal's webhook on completion), built afresh for every attempt, and
     * retries it as {@code retry} says until a 2xx answer.
     */
    public void deliverOnce(String key, Function<Instant, Optional<Delivery>> ready, Retry retry) {
        oneShots.put(key, new OneShot(ready, retry));
    }

    /**
     * MiniMax's verification (spec §2.6): POSTs {@code {"challenge": <random>}} and reports whether the same value came
     * back within {@code timeout}.
     */
    public boolean challenge(String url, Duration timeout) {
        String value = UUID.randomUUID().toString();
        ObjectNode body = SimExchange.JSON.createObjectNode().put("challenge", value);
        try {
            HttpResponse<String> r = http.send(request(url, body, timeout), HttpResponse.BodyHandlers.ofString());
            sent.add(new Sent(url, body, r.statusCode()));
            return r.statusCode() / 100 == 2 && value.equals(SimExchange.JSON.readTree(r.body()).path("challenge").asText());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            sent.add(new Sent(url, body, 0));
            return false;
        }
    }

    /** Every POST made so far, in order. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    private void tick() {
        Instant now = clock.instant();
        for (Map.Entry<String, OneShot> e : oneShots.entrySet()) {
            OneShot shot = e.getValue();
            try {
                if (shot.nextAt != null && now.isBefore(shot.nextAt)) {
                    continue;
                }
                Optional<Delivery> delivery = shot.ready.apply(now);
                if (delivery.isEmpty()) {
                    continue;
                }
                int status = post(delivery.get(), shot.retry.timeout());
                if (status / 100 == 2) {
                    if (shot.retry.duplicate()) {
                        post(shot.ready.apply(now).orElseThrow(), shot.retry.timeout());
                    }
                    oneShots.remove(e.getKey());
                } else if (shot.attempts >= shot.retry.retries()) {
                    oneShots.remove(e.getKey());
                } else {
                    List<Duration> backoff = shot.retry.backoff();
                    shot.nextAt = now.plus(backoff.get(Math.min(shot.attempts, backoff.size() - 1)));
                    shot.attempts++;
                }
            } catch (RuntimeException ex) {
                oneShots.remove(e.getKey()); // the task is gone
            }
        }
        for (Map.Entry<String, Watch> e : watches.entrySet()) {
            Watch w = e.getValue();
            try {
                ObjectNode body = w.body().apply(now);
                String status = body.path(w.statusField()).asText();
                if (!status.equals(w.last()[0])) {
                    w.last()[0] = status;
                    post(w.url(), body);
                }
                if (w.terminal().contains(status)) {
                    watches.remove(e.getKey());
                }
            } catch (RuntimeException ex) {
                watches.remove(e.getKey()); // the task is gone
            }
        }
    }

    private void post(String url, ObjectNode body) {
        try {
            HttpResponse<Void> r = http.send(request(url, body, Duration.ofSeconds(5)), HttpResponse.BodyHandlers.discarding());
            sent.add(new Sent(url, body, r.statusCode()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            sent.add(new Sent(url, body, 0));
        }
    }

    private int post(Delivery d, Duration timeout) {
        JsonNode json;
        try {
            json = SimExchange.JSON.readTree(d.body());
        } catch (java.io.IOException e) {
            json = SimExchange.JSON.getNodeFactory().textNode(new String(d.body(), StandardCharsets.UTF_8));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(d.url())).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
        d.headers().forEach(b::header);
        int status;
        try {
            status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 0;
        } catch (Exception e) {
            status = 0;
        }
        sent.add(new Sent(d.url(), json, status, Map.copyOf(d.headers()), d.body().clone()));
        return status;
    }

    private static HttpRequest request(String url, JsonNode body, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
