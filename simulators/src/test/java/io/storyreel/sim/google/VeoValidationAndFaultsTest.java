package io.storyreel.sim.google;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.testing.SettableClock;
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

/** Keys, models, body rules in Google's error shape, quotas and every fault rule, with the journal's paid creates. */
class VeoValidationAndFaultsTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private VeoSimulator sim;
    private VeoTestClient client;

    private void start(SimSettings settings, VeoOptions options) {
        sim = VeoSimulator.start(settings, VeoSimulator.DEFAULT_API_KEY, options);
        client = new VeoTestClient(sim);
    }

    private void start() {
        start(SimSettings.fast(), VeoOptions.defaults());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void theKeyIsCheckedInTheHeaderOrTheQuery() {
        start();
        String url = sim.baseUrl() + "/v1beta/models/" + VeoTestClient.MODEL + ":predictLongRunning";
        Object body = VeoTestClient.body(Map.of(), Map.of());

        SimHttp.Answer none = client.http.send("POST", url, Map.of(), body);
        SimHttp.Answer wrong = client.http.send("POST", url, Map.of("x-goog-api-key", "AIza-wrong"), body);
        SimHttp.Answer query = client.http.send("POST", url + "?key=" + sim.apiKey(), Map.of(), body);

        assertThat(none.status()).isEqualTo(403);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(wrong.json().at("/error/details/0/reason").asText()).isEqualTo("API_KEY_INVALID");
        assertThat(query.status()).isEqualTo(200);
        assertThat(sim.journal().creates()).isEqualTo(1);
    }

    @Test
    void aWrongKeyCanBe403() {
        start(SimSettings.fast(), VeoOptions.defaults().withBadKeyStatus(403));
        sim.faults().rejectNextAuth(1);
        SimHttp.Answer a = client.create(VeoTestClient.MODEL, VeoTestClient.body(Map.of(), Map.of()));
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.json().at("/error/status").asText()).isEqualTo("PERMISSION_DENIED");
    }

    @Test
    void anUnknownModelIs404AndModelsAreConfiguration() {
        start(SimSettings.fast(), VeoOptions.defaults().withModels(List.of(new VeoModel("veo-9-test",
                List.of(4, 8), Map.of("720p", new BigDecimal("0.01")), true, false, true, 1, 5))));
        SimHttp.Answer retired = client.create(VeoTestClient.MODEL, VeoTestClient.body(Map.of(), Map.of()));
        assertThat(retired.status()).isEqualTo(404);
        assertThat(retired.json().at("/error/message").asText()).contains("is not found for API version v1beta");
        assertThat(client.create("veo-9-test", VeoTestClient.body(Map.of(), Map.of())).status()).isEqualTo(200);
    }

    @Test
    void bodyRulesAreInvalidArgument() {
        start();
        assertThat(invalid(VeoTestClient.MODEL, Map.of(), Map.of("seed", 42))).contains("seed");
        assertThat(invalid(VeoTestClient.MODEL, Map.of(), Map.of("generateAudio", false))).contains("generateAudio");
        assertThat(invalid(VeoTestClient.MODEL, Map.of(), Map.of("durationSeconds", 5))).contains("durationSeconds");
        assertThat(invalid(VeoTestClient.MODEL, Map.of(), Map.of("resolution", "1080p")))
                .contains("must be 8");
        assertThat(invalid(VeoTestClient.MODEL, Map.of(), Map.of("aspectRatio", "1:1"))).contains("aspectRatio");
        assertThat(invalid(VeoTestClient.MODEL, Map.of("image", Map.of("gcsUri", "gs://b/x.jpg",
                "mimeType", "image/jpeg")), Map.of())).contains("gcsUri");
        assertThat(invalid(VeoTestClient.MODEL, Map.of(), Map.of("personGeneration", "allow_all")))
                .contains("allow_adult");
        assertThat(invalid("veo-3.0-generate-001", Map.of("lastFrame", VeoTestClient.inline(VeoTestClient.PHOTO)),
                Map.of())).contains("lastFrame");
        assertThat(invalid(VeoTestClient.MODEL, Map.of("referenceImages", List.of(Map.of("image",
                VeoTestClient.inline(VeoTestClient.PHOTO), "referenceType", "ASSET"))), Map.of()))
                .contains("referenceImages");
        // string and number durations are both taken
        assertThat(client.create(VeoTestClient.MODEL, VeoTestClient.body(Map.of(), Map.of("durationSeconds", "8",
                "resolution", "1080p"))).status()).isEqualTo(200);
        assertThat(sim.journal().creates()).isEqualTo(1);
    }

    @Test
    void sdkOnlyFieldsCanBeIgnored() {
        start(SimSettings.fast(), VeoOptions.defaults().withSdkOnlyFieldsRejected(false));
        assertThat(client.create(VeoTestClient.MODEL, VeoTestClient.body(Map.of(), Map.of("seed", 1))).status())
                .isEqualTo(200);
    }

    @Test
    void theQuotaPerMinuteIs429WithRetryInfo() {
        start(SimSettings.fast().withClock(clock), VeoOptions.defaults());
        for (int i = 0; i < 10; i++) {
            client.createName(VeoTestClient.body(Map.of(), Map.of()));
        }
        SimHttp.Answer limited = client.create(VeoTestClient.MODEL, VeoTestClient.body(Map.of(), Map.of()));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().at("/error/status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(limited.header("Retry-After")).isEqualTo("60");
        assertThat(limited.json().at("/error/details/0/retryDelay").asText()).isEqualTo("60s");
        clock.advance(Duration.ofSeconds(61));
        assertThat(client.create(VeoTestClient.MODEL, VeoTestClient.body(Map.of(), Map.of())).status())
                .isEqualTo(200);
        assertThat(sim.journal().creates()).isEqualTo(11);
    }

    @Test
    void rateLimitAndServerErrorFaults() {
        start();
        sim.faults().rateLimitNext(1, Duration.ofSeconds(9));
        SimHttp.Answer limited = client.create(VeoTestClient.MODEL, VeoTestClient.body(Map.of(), Map.of()));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("9");

        sim.faults().serverErrorsNext(2);
        assertThat(client.operation("models/x/operations/y").status()).isEqualTo(500);
        SimHttp.Answer unavailable = client.create(VeoTestClient.MODEL, VeoTestClient.body(Map.of(), Map.of()));
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.json().at("/error/status").asText()).isEqualTo("UNAVAILABLE");
        assertThat(sim.journal().creates()).isZero();
    }

    @Test
    void aCreateThatTimesOutHasStartedAPaidOperation() {
        start();
        sim.faults().createTimesOutAfterCreating(Duration.ofMillis(200));
        assertThatThrownBy(() -> client.create(VeoTestClient.MODEL, VeoTestClient.body(Map.of(), Map.of())))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(sim.journal().creates()).isEqualTo(1);
        assertThat(sim.journal().calls().get(0).httpStatus()).isEqualTo(-1);
    }

    @Test
    void safetyFilteringIsDoneWithNoVideosAndIsNotCharged() {
        start();
        sim.faults().filterNextOutput(null);

        JsonNode done = client.awaitDone(client.createName(VeoTestClient.body(Map.of(), Map.of())));

        assertThat(done.get("done").asBoolean()).isTrue();
        assertThat(done.has("error")).isFalse();
        JsonNode response = done.at("/response/generateVideoResponse");
        assertThat(response.has("generatedSamples")).isFalse();
        assertThat(response.get("raiMediaFilteredCount").asInt()).isEqualTo(1);
        assertThat(response.at("/raiMediaFilteredReasons/0").asText()).isNotBlank();
        assertThat(sim.charges().get(0).charged()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void aFailedOperationIsDoneWithAnError() {
        start();
        sim.faults().failNextTask(null);
        JsonNode done = client.awaitDone(client.createName(VeoTestClient.body(Map.of(), Map.of())));
        assertThat(done.at("/error/code").asInt()).isEqualTo(13);
        assertThat(done.at("/error/message").asText()).isNotBlank();
        assertThat(done.has("response")).isFalse();
    }

    @Test
    void aSlowOperationStaysUndone() {
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ofSeconds(5), Duration.ofSeconds(30)),
                VeoOptions.defaults());
        sim.faults().taskDuration(Duration.ofMinutes(6));
        String name = client.createName(VeoTestClient.body(Map.of(), Map.of()));
        clock.advance(Duration.ofMinutes(5));
        assertThat(client.operation(name).json().has("done")).isFalse();
        clock.advance(Duration.ofMinutes(2));
        assertThat(client.awaitDone(name).has("response")).isTrue();
    }

    @Test
    void downloadsCanBeTruncatedOrExpired() throws Exception {
        start();
        String uri = client.awaitDone(client.createName(VeoTestClient.body(Map.of(), Map.of())))
                .at("/response/generateVideoResponse/generatedSamples/0/video/uri").asText();
        sim.faults().truncateNextDownload();
        assertThatThrownBy(() -> client.download(uri, false)).isInstanceOf(IOException.class);
        assertThat(client.download(uri, false).statusCode()).isEqualTo(200);
        sim.faults().expireDownloadUrls();
        assertThat(client.download(uri, false).statusCode()).isEqualTo(404);
    }

    @Test
    void noCreditIsPermissionDenied() {
        start();
        sim.faults().insufficientBalance(true);
        SimHttp.Answer a = client.create(VeoTestClient.MODEL, VeoTestClient.body(Map.of(), Map.of()));
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.json().at("/error/status").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(sim.journal().creates()).isZero();
    }

    @Test
    void adminRoutesWorkForVeo() {
        start();
        assertThat(client.http.post(sim.baseUrl() + "/__admin/faults", null,
                Map.of("rule", "filterNextOutput", "reasons", "person")).status()).isEqualTo(200);
        JsonNode done = client.awaitDone(client.createName(VeoTestClient.body(Map.of(), Map.of())));
        assertThat(done.at("/response/generateVideoResponse/raiMediaFilteredReasons/0").asText()).isEqualTo("person");
        JsonNode journal = client.http.get(sim.baseUrl() + "/__admin/journal", null).json();
        assertThat(journal.get("creates").asInt()).isEqualTo(1);
        assertThat(journal.at("/charges/0/estimated").decimalValue()).isEqualByComparingTo("0.60");
    }

    private String invalid(String model, Map<String, Object> instance, Map<String, Object> parameters) {
        SimHttp.Answer a = client.create(model, VeoTestClient.body(instance, parameters));
        assertThat(a.status()).as(String.valueOf(a.json())).isEqualTo(400);
        assertThat(a.json().at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(a.json().at("/error/code").asInt()).isEqualTo(400);
        return a.json().at("/error/message").asText();
    }
}
