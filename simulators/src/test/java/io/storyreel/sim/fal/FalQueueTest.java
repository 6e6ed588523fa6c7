package io.storyreel.sim.fal;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Queue positions from concurrency and held requests, and cancellation in each state. */
class FalQueueTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private FalSimulator sim;
    private FalTestClient client;

    private void start(FalOptions options) {
        sim = FalSimulator.start(SimSettings.fast().withClock(clock)
                .withTimes(Duration.ofSeconds(5), Duration.ofSeconds(60)), FalSimulator.DEFAULT_KEY, options);
        client = new FalTestClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void requestsBeyondTheConcurrencyWaitInTheQueueWithTheirPosition() {
        start(FalOptions.defaults());
        JsonNode a = client.submitted(FalTestClient.PIKA, FalTestClient.pika());
        JsonNode b = client.submitted(FalTestClient.PIKA, FalTestClient.pika());
        JsonNode c = client.submitted(FalTestClient.PIKA, FalTestClient.pika());
        JsonNode d = client.submitted(FalTestClient.PIKA, FalTestClient.pika());
        assertThat(d.get("queue_position").asInt()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(10));
        assertThat(List.of(client.status(a), client.status(b), client.status(c), client.status(d)))
                .containsExactly("IN_PROGRESS", "IN_PROGRESS", "IN_QUEUE", "IN_QUEUE");
        assertThat(position(c)).isZero();
        assertThat(position(d)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(57)); // a and b are done at 65 s: c and d have their slots, queued till 70 s
        await().atMost(Duration.ofSeconds(30)).until(() -> client.status(a).equals("COMPLETED"));
        assertThat(client.status(c)).isIn("IN_QUEUE", "IN_PROGRESS");
        assertThat(position(d)).isZero();
        assertThat(sim.journal().creates()).isEqualTo(4);
    }

    @Test
    void aHeldRequestCountsDownItsQueuePosition() {
        start(FalOptions.defaults());
        sim.faults().holdNextTasks(1, Duration.ofMinutes(4), 8);

        JsonNode s = client.submitted(FalTestClient.PIKA, FalTestClient.pika());
        assertThat(s.get("queue_position").asInt()).isEqualTo(8);
        clock.advance(Duration.ofMinutes(2));
        assertThat(position(s)).isEqualTo(4);
        clock.advance(Duration.ofSeconds(119));
        assertThat(position(s)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(position(s)).isZero();
        clock.advance(Duration.ofSeconds(5));
        assertThat(client.status(s)).isEqualTo("IN_PROGRESS");
    }

    @Test
    void cancellingAQueuedRequestEndsIt() {
        start(FalOptions.defaults());
        JsonNode s = client.submitted(FalTestClient.PIKA, FalTestClient.pika());

        SimHttp.Answer cancel = client.cancel(s.get("cancel_url").asText());

        assertThat(cancel.status()).isEqualTo(202);
        assertThat(cancel.json().get("status").asText()).isEqualTo("CANCELLATION_REQUESTED");
        JsonNode status = client.get(s.get("status_url").asText()).json();
        assertThat(status.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(status.get("error_type").asText()).isEqualTo("request_cancelled");
        SimHttp.Answer result = client.get(s.get("response_url").asText());
        assertThat(result.status()).isEqualTo(400);
        assertThat(result.json().get("error_type").asText()).isEqualTo("request_cancelled");
        assertThat(sim.charges().get(0).charged()).isEqualByComparingTo(BigDecimal.ZERO);

        SimHttp.Answer again = client.cancel(s.get("cancel_url").asText());
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("status").asText()).isEqualTo("ALREADY_COMPLETED");
    }

    @Test
    void cancellingARunningRequestStopsItOrNotAsConfigured() {
        start(FalOptions.defaults());
        JsonNode stopped = client.submitted(FalTestClient.PIKA, FalTestClient.pika());
        clock.advance(Duration.ofSeconds(10));
        assertThat(client.status(stopped)).isEqualTo("IN_PROGRESS");
        assertThat(client.cancel(stopped.get("cancel_url").asText()).status()).isEqualTo(202);
        assertThat(client.status(stopped)).isEqualTo("COMPLETED");
        sim.close();

        start(FalOptions.defaults().withRunningCancelStops(false));
        JsonNode runsOn = client.submitted(FalTestClient.PIKA, FalTestClient.pika());
        clock.advance(Duration.ofSeconds(10));
        assertThat(client.cancel(runsOn.get("cancel_url").asText()).status()).isEqualTo(202);
        assertThat(client.status(runsOn)).isEqualTo("IN_PROGRESS");
        clock.advance(Duration.ofMinutes(2));
        assertThat(client.awaitResult(runsOn).status()).isEqualTo(200);
        assertThat(sim.charges().get(0).charged()).isEqualByComparingTo("0.20");
    }

    @Test
    void cancellingAnUnknownRequestIsNotFound() {
        start(FalOptions.defaults());
        SimHttp.Answer a = client.cancel(sim.baseUrl() + "/fal-ai/pika/requests/00000000-0000-4000-8000-000000000000"
                + "/cancel");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.json().get("status").asText()).isEqualTo("NOT_FOUND");
    }

    private int position(JsonNode submitted) {
        return client.get(submitted.get("status_url").asText()).json().get("queue_position").asInt();
    }
}
