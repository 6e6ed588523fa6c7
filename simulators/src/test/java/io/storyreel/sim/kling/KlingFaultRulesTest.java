package io.storyreel.sim.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every fault rule, as a client sees it on the wire, and what the journal records. */
class KlingFaultRulesTest {

    private KlingSimulator sim;
    private KlingTestClient client;

    private void start(SimSettings settings) {
        sim = KlingSimulator.start(settings);
        client = new KlingTestClient(sim, settings.clock());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void rateLimitAnswers429With1302AndRetryAfterThenRecovers() {
        start(SimSettings.fast());
        sim.faults().rateLimitNext(2, Duration.ofSeconds(3));

        for (int i = 0; i < 2; i++) {
            SimHttp.Answer a = client.create();
            assertThat(a.status()).isEqualTo(429);
            assertThat(a.json().get("code").asInt()).isEqualTo(1302);
            assertThat(a.header("Retry-After")).isEqualTo("3");
            assertThat(a.json().get("request_id").asText()).isNotBlank();
        }
        assertThat(client.create().status()).isEqualTo(200);
        assertThat(sim.journal().creates()).isEqualTo(1);
        assertThat(sim.journal().calls()).hasSize(3);
    }

    @Test
    void serverErrorsCycleThroughThe5xxCodesOnAnyEndpoint() {
        start(SimSettings.fast());
        sim.faults().serverErrorsNext(3);

        SimHttp.Answer first = client.query("whatever");
        SimHttp.Answer second = client.create();
        SimHttp.Answer third = client.query("whatever");

        assertThat(List.of(first.status(), second.status(), third.status())).containsExactly(500, 503, 504);
        assertThat(List.of(first.json().get("code").asInt(), second.json().get("code").asInt(),
                third.json().get("code").asInt())).containsExactly(5000, 5001, 5002);
        assertThat(client.create().status()).isEqualTo(200);
        assertThat(sim.journal().creates()).isEqualTo(1);
    }

    @Test
    void createThatTimesOutHasStillCreatedTheTaskFindableByExternalId() {
        start(SimSettings.fast());
        sim.faults().createTimesOutAfterCreating(Duration.ofMillis(300));
        Map<String, Object> body = KlingTestClient.body();
        body.put("external_task_id", "clip-42");

        assertThatThrownBy(() -> client.create(body)).isInstanceOf(UncheckedIOException.class);

        SimHttp.Answer found = client.query("clip-42");
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().at("/data/task_info/external_task_id").asText()).isEqualTo("clip-42");
        assertThat(sim.journal().createsForExternalId("clip-42")).isEqualTo(1);
        CallJournal.Call create = sim.journal().calls().get(0);
        assertThat(create.created()).isTrue();
        assertThat(create.httpStatus()).isEqualTo(-1);

        // a blind retry with the same external id is refused, so it cannot be charged twice
        SimHttp.Answer retry = client.create(body);
        assertThat(retry.status()).isEqualTo(400);
        assertThat(retry.json().get("code").asInt()).isEqualTo(1201);
        assertThat(sim.journal().creates()).isEqualTo(1);
    }

    @Test
    void failedTaskCarriesTheModerationMessageAndCostsNothing() {
        start(SimSettings.fast());
        sim.faults().failNextTask(null);

        String id = client.create().json().at("/data/task_id").asText();
        JsonNode data = client.awaitDone(id);

        assertThat(data.get("task_status").asText()).isEqualTo("failed");
        assertThat(data.get("task_status_msg").asText()).isEqualTo("Failure to pass the risk control system");
        assertThat(data.get("final_unit_deduction").asText()).isEqualTo("0");
        assertThat(data.has("task_result")).isFalse();

        String next = client.create().json().at("/data/task_id").asText();
        assertThat(client.awaitDone(next).get("task_status").asText()).isEqualTo("succeed");
    }

    @Test
    void failNextTaskTakesACustomMessage() {
        start(SimSettings.fast());
        sim.faults().failNextTask("custom reason");
        String id = client.create().json().at("/data/task_id").asText();
        assertThat(client.awaitDone(id).get("task_status_msg").asText()).isEqualTo("custom reason");
    }

    @Test
    void slowTaskStaysProcessingUntilTheClockPassesItsDuration() {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-24T10:00:00Z"));
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ofSeconds(10), Duration.ofSeconds(60)));
        sim.faults().taskDuration(Duration.ofMinutes(30));

        String id = client.create().json().at("/data/task_id").asText();
        assertThat(status(id)).isEqualTo("submitted");
        clock.advance(Duration.ofSeconds(11));
        assertThat(status(id)).isEqualTo("processing");
        clock.advance(Duration.ofMinutes(20));
        assertThat(status(id)).isEqualTo("processing");
        clock.advance(Duration.ofMinutes(10));
        assertThat(client.awaitDone(id).get("task_status").asText()).isEqualTo("succeed");
    }

    @Test
    void truncatedDownloadSendsFewerBytesThanContentLengthOnce() throws Exception {
        start(SimSettings.fast());
        String url = succeededUrl();
        sim.faults().truncateNextDownload();

        assertThatThrownBy(() -> client.http.getBytes(url)).isInstanceOf(IOException.class);

        var whole = client.http.getBytes(url);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat((long) whole.body().length)
                .isEqualTo(whole.headers().firstValueAsLong("Content-Length").orElseThrow());
    }

    @Test
    void expiredUrlsAnswer404() throws Exception {
        start(SimSettings.fast());
        String url = succeededUrl();
        assertThat(client.http.getBytes(url).statusCode()).isEqualTo(200);

        sim.faults().expireDownloadUrls();

        assertThat(client.http.getBytes(url).statusCode()).isEqualTo(404);
    }

    @Test
    void urlsExpireWhenTheirLifetimeHasPassed() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-24T10:00:00Z"));
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ZERO, Duration.ZERO));
        String url = succeededUrl();
        assertThat(client.http.getBytes(url).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofDays(30));

        assertThat(client.http.getBytes(url).statusCode()).isEqualTo(404);
    }

    @Test
    void insufficientBalanceIs429With1102() {
        start(SimSettings.fast());
        sim.faults().insufficientBalance(true);

        SimHttp.Answer a = client.create();

        assertThat(a.status()).isEqualTo(429);
        assertThat(a.json().get("code").asInt()).isEqualTo(1102);
        assertThat(a.json().get("message").asText()).isEqualTo("Account balance not enough");
        sim.faults().insufficientBalance(false);
        assertThat(client.create().status()).isEqualTo(200);
        assertThat(sim.journal().creates()).isEqualTo(1);
    }

    @Test
    void concurrencyOverTheLimitIs429With1303AndTheVerbatimMessage() {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-24T10:00:00Z"));
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ofSeconds(5), Duration.ofSeconds(60)));
        sim.faults().concurrencyLimit(2);

        assertThat(client.create().status()).isEqualTo(200);
        assertThat(client.create().status()).isEqualTo(200);
        SimHttp.Answer third = client.create();

        assertThat(third.status()).isEqualTo(429);
        assertThat(third.json().get("code").asInt()).isEqualTo(1303);
        assertThat(third.json().get("message").asText()).isEqualTo("parallel task over resource pack limit");

        clock.advance(Duration.ofMinutes(2)); // both finish (once rendered) and free their slots
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> client.create().status() == 200);
        // the journal records a call once its answer is written: the client may read the answer first
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(sim.journal().creates()).isEqualTo(3));
    }

    @Test
    void rejectNextAuthAnswersTheGivenCodeOnce() {
        start(SimSettings.fast());
        sim.faults().rejectNextAuth(1004);

        SimHttp.Answer rejected = client.create();

        assertThat(rejected.status()).isEqualTo(401);
        assertThat(rejected.json().get("code").asInt()).isEqualTo(1004);
        assertThat(client.create().status()).isEqualTo(200);
    }

    @Test
    void clearDisarmsEveryRule() {
        start(SimSettings.fast());
        sim.faults().rateLimitNext(5, Duration.ofSeconds(1));
        sim.faults().insufficientBalance(true);
        sim.faults().rejectNextAuth(1000);

        sim.faults().clear();

        assertThat(client.create().status()).isEqualTo(200);
    }

    private String status(String id) {
        return client.query(id).json().at("/data/task_status").asText();
    }

    private String succeededUrl() {
        String id = client.create().json().at("/data/task_id").asText();
        JsonNode data = client.awaitDone(id);
        assertThat(data.get("task_status").asText()).isEqualTo("succeed");
        return data.at("/task_result/videos/0/url").asText();
    }
}
