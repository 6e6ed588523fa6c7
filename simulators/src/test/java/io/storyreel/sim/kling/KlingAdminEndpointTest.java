package io.storyreel.sim.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Fault rules armed over HTTP, the journal read over HTTP, and reset. */
class KlingAdminEndpointTest {

    private KlingSimulator sim;
    private KlingTestClient client;
    private final SimHttp http = new SimHttp();

    @BeforeEach
    void start() {
        sim = KlingSimulator.start(SimSettings.fast());
        client = new KlingTestClient(sim, SimSettings.fast().clock());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void faultArmedOverHttpFiresOnTheNextCreate() {
        SimHttp.Answer armed = http.post(sim.baseUrl() + "/__admin/faults", null,
                Map.of("rule", "rateLimitNext", "count", 1, "retryAfterSeconds", 2));
        assertThat(armed.status()).isEqualTo(200);

        SimHttp.Answer limited = client.create();
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("2");
        assertThat(client.create().status()).isEqualTo(200);
    }

    @Test
    void everyRuleNameIsAccepted() {
        for (Map<String, Object> rule : new Map[] {
                Map.of("rule", "rateLimitNext", "count", 1, "retryAfterSeconds", 1),
                Map.of("rule", "serverErrorsNext", "count", 1),
                Map.of("rule", "createTimesOutAfterCreating", "holdSeconds", 0.1),
                Map.of("rule", "failNextTask", "message", "nope"),
                Map.of("rule", "taskDuration", "seconds", 2),
                Map.of("rule", "truncateNextDownload"),
                Map.of("rule", "expireDownloadUrls"),
                Map.of("rule", "insufficientBalance", "on", true),
                Map.of("rule", "concurrencyLimit", "tasks", 3),
                Map.of("rule", "rejectNextAuth", "code", 1004),
                Map.of("rule", "clear")}) {
            assertThat(http.post(sim.baseUrl() + "/__admin/faults", null, rule).status())
                    .as(rule.toString()).isEqualTo(200);
        }
        SimHttp.Answer unknown = http.post(sim.baseUrl() + "/__admin/faults", null, Map.of("rule", "nonsense"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").asText()).contains("nonsense");
    }

    @Test
    void journalShowsCreatesAndResetClearsIt() {
        client.create();
        client.create();

        JsonNode journal = http.get(sim.baseUrl() + "/__admin/journal", null).json();
        assertThat(journal.get("creates").asInt()).isEqualTo(2);
        assertThat(journal.get("calls").get(0).get("path").asText()).isEqualTo("/v1/videos/image2video");
        assertThat(journal.get("calls").get(0).get("credentialId").asText()).isEqualTo(sim.accessKey());

        http.post(sim.baseUrl() + "/__admin/faults", null, Map.of("rule", "insufficientBalance", "on", true));
        assertThat(http.post(sim.baseUrl() + "/__admin/reset", null, "{}").status()).isEqualTo(200);

        assertThat(sim.journal().creates()).isZero();
        assertThat(client.create().status()).isEqualTo(200);
    }
}
