package io.storyreel.sim.taskapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * within 3 seconds. What was sent is kept for tests.
 */
public final class Callbacks implements AutoCloseable {
    /** One POST made (or attempted): where, what, and the HTTP status (0 when the receiver could not be reached). */
    public record Sent(String url, JsonNode body, int status) {
    }

    private record Watch(String url, String statusField, Set<String> terminal, Function<Instant, ObjectNode> body,
                         String[] last) {
    }

    private static final Duration TICK = Duration.ofMillis(50);

    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
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
