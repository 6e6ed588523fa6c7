package io.storyreel.sim.fal;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every fault rule as a fal client sees it, and the paid creates on the journal. */
class FalFaultRulesTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private FalSimulator sim;
    private FalTestClient client;

    private void start(SimSettings settings) {
        sim = FalSimulator.start(settings);
        client = new FalTestClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void rateLimitIs429WithRetryAfter() {
        start(SimSettings.fast());
        sim.faults().rateLimitNext(1, Duration.ofSeconds(4));
        SimHttp.Answer a = client.submit(FalTestClient.PIKA, FalTestClient.pika());
        assertThat(a.status()).isEqualTo(429);
        assertThat(a.header("Retry-After")).isEqualTo("4");
        assertThat(client.submit(FalTestClient.PIKA, FalTestClient.pika()).status()).isEqualTo(200);
        assertThat(sim.journal().creates()).isEqualTo(1);
    }

    @Test
    void serverErrorsCarryTheirErrorType() {
        start(SimSettings.fast());
        sim.faults().serverErrorsNext(2);
        SimHttp.Answer first = client.submit(FalTestClient.PIKA, FalTestClient.pika());
        SimHttp.Answer second = client.submit(FalTestClient.PIKA, FalTestClient.pika());
        assertThat(List.of(first.status(), second.status())).containsExactly(503, 504);
        assertThat(first.header("X-Fal-Error-Type")).isEqualTo("runner_scheduling_failure");
        assertThat(second.json().get("error_type").asText()).isEqualTo("request_timeout");
        assertThat(first.header("x-fal-request-id")).isNotBlank();
        assertThat(sim.journal().creates()).isZero();
    }

    @Test
    void aSubmitThatTimesOutHasQueuedAPaidRequest() {
        start(SimSettings.fast());
        sim.faults().createTimesOutAfterCreating(Duration.ofMillis(200));
        assertThatThrownBy(() -> client.submit(FalTestClient.PIKA, FalTestClient.pika()))
                .isInstanceOf(UncheckedIOException.class);
        CallJournal.Call call = sim.journal().calls().get(0);
        assertThat(call.created()).isTrue();
        assertThat(call.httpStatus()).isEqualTo(-1);
        assertThat(sim.journal().creates()).isEqualTo(1);
    }

    @Test
    void aFailedRequestIsAContentPolicy422OrTheInfrastructureErrorItWasArmedWith() {
        start(SimSettings.fast());
        sim.faults().failNextTask(null);
        SimHttp.Answer moderated = client.awaitResult(client.submitted(FalTestClient.PIKA, FalTestClient.pika()));
        assertThat(moderated.status()).isEqualTo(422);
        assertThat(moderated.json().at("/detail/0/type").asText()).isEqualTo("content_policy_violation");
        assertThat(moderated.json().at("/detail/0/msg").asText())
                .isEqualTo("The content was flagged by a content checker.");
        assertThat(moderated.header("X-Fal-Retryable")).isEqualTo("false");

        sim.faults().failNextTask(null, "runner_disconnected");
        SimHttp.Answer infra = client.awaitResult(client.submitted(FalTestClient.PIKA, FalTestClient.pika()));
        assertThat(infra.status()).isEqualTo(503);
        assertThat(infra.header("X-Fal-Error-Type")).isEqualTo("runner_disconnected");

        sim.faults().filterNextOutput("sexual");
        SimHttp.Answer filtered = client.awaitResult(client.submitted(FalTestClient.PIKA, FalTestClient.pika()));
        assertThat(filtered.json().at("/detail/0/categories/0").asText()).isEqualTo("sexual");
        assertThat(sim.charges()).allSatisfy(c -> assertThat(c.charged()).isEqualByComparingTo(BigDecimal.ZERO));
    }

    @Test
    void aSlowRequestStaysInProgress() {
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ofSeconds(5), Duration.ofSeconds(30)));
        sim.faults().taskDuration(Duration.ofMinutes(15));
        JsonNode s = client.submitted(FalTestClient.PIKA, FalTestClient.pika());
        clock.advance(Duration.ofMinutes(10));
        assertThat(client.status(s)).isEqualTo("IN_PROGRESS");
        clock.advance(Duration.ofMinutes(6));
        assertThat(client.awaitResult(s).status()).isEqualTo(200);
    }

    @Test
    void downloadsCanBeTruncatedAndExpireAsTheLifecycleHeaderSays() throws Exception {
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ZERO, Duration.ZERO));
        SimHttp.Answer submitted = client.http.send("POST", sim.baseUrl() + "/" + FalTestClient.PIKA,
                Map.of("Authorization", "Key " + sim.key(), "X-Fal-Object-Lifecycle-Preference",
                        "{\"expiration_duration_seconds\": 3600}"), FalTestClient.pika());
        String url = client.awaitResult(submitted.json()).json().at("/video/url").asText();

        sim.faults().truncateNextDownload();
        assertThatThrownBy(() -> client.http.getBytes(url)).isInstanceOf(IOException.class);
        assertThat(client.http.getBytes(url).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(61));
        assertThat(client.http.getBytes(url).statusCode()).isEqualTo(404);

        JsonNode other = client.submitted(FalTestClient.PIKA, FalTestClient.pika());
        String otherUrl = client.awaitResult(other).json().at("/video/url").asText();
        assertThat(client.http.getBytes(otherUrl).statusCode()).isEqualTo(200);
        sim.faults().expireDownloadUrls();
        assertThat(client.http.getBytes(otherUrl).statusCode()).isEqualTo(404);
    }

    @Test
    void aWrongKeyAndALockedAccountAreRefusedBeforeQueueing() {
        start(SimSettings.fast());
        sim.faults().rejectNextAuth(1);
        assertThat(client.submit(FalTestClient.PIKA, FalTestClient.pika()).status()).isEqualTo(401);

        sim.faults().insufficientBalance(true);
        SimHttp.Answer locked = client.submit(FalTestClient.PIKA, FalTestClient.pika());
        assertThat(locked.status()).isEqualTo(403);
        assertThat(locked.json().get("detail").asText()).isEqualTo("User is locked. Reason: Exhausted balance. "
                + "Top up your balance at fal.ai/dashboard/billing.");
        assertThat(sim.journal().creates()).isZero();
    }

    @Test
    void adminRoutesArmFaultsAndShowTheJournalWithPrices() {
        start(SimSettings.fast());
        assertThat(client.http.post(sim.baseUrl() + "/__admin/faults", null,
                Map.of("rule", "holdNextTasks", "seconds", 60, "ahead", 3)).status()).isEqualTo(200);
        JsonNode s = client.submitted(FalTestClient.PIKA, FalTestClient.pika());
        assertThat(s.get("queue_position").asInt()).isEqualTo(3);

        JsonNode journal = client.http.get(sim.baseUrl() + "/__admin/journal", null).json();
        assertThat(journal.get("creates").asInt()).isEqualTo(1);
        assertThat(journal.at("/charges/0/estimated").decimalValue()).isEqualByComparingTo("0.20");
        assertThat(journal.at("/charges/0/unit").asText()).isEqualTo("USD");
    }
}
