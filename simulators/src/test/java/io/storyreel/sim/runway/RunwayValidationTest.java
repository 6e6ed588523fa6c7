package io.storyreel.sim.runway;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.AssetServer;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.taskapi.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Authentication, the version header and every documented validation answer, with nothing created. */
class RunwayValidationTest {

    private RunwaySimulator sim;
    private RunwayTestClient client;

    @BeforeEach
    void start() {
        sim = RunwaySimulator.start(SimSettings.fast());
        client = new RunwayTestClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aMissingOrWrongKeyIs401() {
        SimHttp.Answer none = client.http.send("POST", sim.baseUrl() + "/v1/image_to_video",
                Map.of("X-Runway-Version", "2024-11-06"), RunwayTestClient.body());
        SimHttp.Answer wrong = client.http.send("POST", sim.baseUrl() + "/v1/image_to_video",
                Map.of("Authorization", "Bearer key_" + "0".repeat(128), "X-Runway-Version", "2024-11-06"),
                RunwayTestClient.body());

        assertThat(none.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asText()).isEqualTo("Invalid API key.");
        assertThat(sim.journal().creates()).isZero();
    }

    @Test
    void theVersionHeaderIsRequiredUnlessSwitchedOff() {
        SimHttp.Answer missing = client.http.send("POST", sim.baseUrl() + "/v1/image_to_video",
                Map.of("Authorization", "Bearer " + sim.apiKey()), RunwayTestClient.body());
        SimHttp.Answer other = client.http.send("GET", sim.baseUrl() + "/v1/tasks/x",
                Map.of("Authorization", "Bearer " + sim.apiKey(), "X-Runway-Version", "2023-01-01"), null);

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").asText()).contains("X-Runway-Version");
        assertThat(other.status()).isEqualTo(400);

        sim.close();
        sim = RunwaySimulator.start(SimSettings.fast(), RunwaySimulator.DEFAULT_API_KEY,
                RunwayOptions.defaults().withVersionHeaderRequired(false));
        assertThat(client.http.send("POST", sim.baseUrl() + "/v1/image_to_video",
                Map.of("Authorization", "Bearer " + sim.apiKey()), RunwayTestClient.body()).status()).isEqualTo(200);
    }

    @Test
    void onlyWellFormedKeysCanBeConfigured() {
        assertThatThrownBy(() -> sim.addKey("my-key")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownModelListsTheModels() {
        Map<String, Object> body = RunwayTestClient.body();
        body.put("model", "gen3a_turbo");

        JsonNode issue = issues(body).get(0);

        assertThat(issue.get("code").asText()).isEqualTo("invalid_value");
        assertThat(issue.get("path").toString()).isEqualTo("[\"model\"]");
        assertThat(issue.get("values").toString()).contains("\"gen4.5\"", "\"gen4_turbo\"", "\"veo3.1\"")
                .doesNotContain("gen3a_turbo");
    }

    @Test
    void gen45RequiresDurationRatioAndAPromptAndReportsThemAllAtOnce() {
        Map<String, Object> body = RunwayTestClient.body();
        body.put("model", "gen4.5");
        body.remove("duration");
        body.remove("ratio");
        body.put("promptText", "");

        SimHttp.Answer a = client.create(body);

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).isEqualTo("Validation of body failed");
        assertThat(a.json().get("docUrl").asText()).isEqualTo("https://docs.dev.runwayml.com/api");
        assertThat(paths(a.json().get("issues"))).containsExactlyInAnyOrder("[\"duration\"]", "[\"ratio\"]",
                "[\"promptText\"]");
    }

    @Test
    void durationRangesAndEnumsPerModel() {
        Map<String, Object> body = RunwayTestClient.body();
        body.put("duration", 11);
        JsonNode tooBig = issues(body).get(0);
        assertThat(tooBig.get("code").asText()).isEqualTo("too_big");
        assertThat(tooBig.get("message").asText()).isEqualTo("Too big: expected number to be <=10");

        body.put("model", "veo3.1");
        body.put("duration", 5);
        JsonNode notAllowed = issues(body).get(0);
        assertThat(notAllowed.get("code").asText()).isEqualTo("invalid_value");
        assertThat(notAllowed.get("values").toString()).isEqualTo("[4,6,8]");

        body.put("model", "gen4_turbo");
        body.put("duration", "5");
        assertThat(issues(body).get(0).get("code").asText()).isEqualTo("invalid_type");

        body.put("duration", 5);
        body.put("ratio", "1920:1080");
        assertThat(issues(body).get(0).get("values").toString()).contains("1584:672");
    }

    @Test
    void promptTextIsMeasuredInUtf16CodeUnits() {
        Map<String, Object> body = RunwayTestClient.body();
        body.put("promptText", "🙂".repeat(500)); // 500 code points, 1000 UTF-16 units: allowed
        assertThat(client.create(body).status()).isEqualTo(200);

        body.put("promptText", "🙂".repeat(500) + "a");
        JsonNode issue = issues(body).get(0);
        assertThat(issue.get("code").asText()).isEqualTo("too_big");
        assertThat(issue.get("message").asText()).isEqualTo("Too big: expected string to have <=1000 characters");
    }

    @Test
    void keysAModelDoesNotTakeAreRefused() {
        Map<String, Object> body = RunwayTestClient.body();
        body.put("model", "veo3.1");
        body.put("duration", 8);
        body.put("contentModeration", Map.of("publicFigureThreshold", "low"));
        body.put("seed", 42);

        JsonNode issue = issues(body).get(0);

        assertThat(issue.get("code").asText()).isEqualTo("unrecognized_keys");
        assertThat(issue.get("keys").toString()).isEqualTo("[\"contentModeration\",\"seed\"]");

        Map<String, Object> gen4 = RunwayTestClient.body();
        gen4.put("audio", true);
        assertThat(issues(gen4).get(0).get("keys").toString()).isEqualTo("[\"audio\"]");
    }

    @Test
    void aLastFrameIsRefusedByModelsWithoutOneAndNeedsAFirstFrameElsewhere() {
        Map<String, Object> body = RunwayTestClient.body();
        body.put("promptImage", List.of(Map.of("uri", RunwayTestClient.IMAGE, "position", "first"),
                Map.of("uri", RunwayTestClient.IMAGE, "position", "last")));
        JsonNode onGen4 = issues(body).get(0);
        assertThat(onGen4.get("code").asText()).isEqualTo("invalid_value");
        assertThat(onGen4.get("path").toString()).isEqualTo("[\"promptImage\",1,\"position\"]");
        assertThat(onGen4.get("values").toString()).isEqualTo("[\"first\"]");

        body.put("model", "veo3.1");
        body.put("duration", 8);
        body.put("promptImage", List.of(Map.of("uri", RunwayTestClient.IMAGE, "position", "last")));
        assertThat(issues(body).get(0).get("message").asText())
                .isEqualTo("A first frame is required when a last frame is provided.");

        body.put("model", "seedance2");
        body.put("ratio", "1280:720");
        body.put("promptImage", List.of(Map.of("uri", RunwayTestClient.IMAGE, "position", "first"),
                Map.of("uri", RunwayTestClient.IMAGE)));
        assertThat(issues(body).get(0).get("message").asText()).contains("cannot be mixed");
        assertThat(sim.journal().creates()).isZero();
    }

    @Test
    void dataUrisAreCheckedWithTheDocumentedSentences() {
        assertThat(assetMessage("data:image/jpeg,notbase64")).isEqualTo("Invalid data URI.");
        assertThat(assetMessage("data:image/gif;base64," + Base64.getEncoder().encodeToString(
                TestImages.gif(400, 300)))).isEqualTo("Unsupported asset type.");
        assertThat(assetMessage("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(
                "not an image".getBytes()))).isEqualTo("Unsupported asset type.");
        assertThat(assetMessage("data:image/jpeg;base64,"
                + Base64.getEncoder().encodeToString(new byte[4 * 1024 * 1024])))
                .isEqualTo("Data URI exceeds the maximum size of 5 MB.");
    }

    @Test
    void urlsMustBeHttpsOnADomain() {
        assertThat(assetMessage("http://example.com/a.jpg")).isEqualTo("Only HTTPS URLs are allowed.");
        assertThat(assetMessage("https://203.0.113.7/a.jpg")).isEqualTo("URLs must be hosted on a domain.");
        assertThat(assetMessage("runway://upload/123")).isEqualTo("Failed to fetch asset. Upload not found.");
    }

    @Test
    void urlsAreAskedHeadFirstAndRedirectsAreNotFollowed() {
        sim.close();
        sim = RunwaySimulator.start(SimSettings.fast(), RunwaySimulator.DEFAULT_API_KEY,
                RunwayOptions.defaults().withHttpAssets(true));
        client = new RunwayTestClient(sim);
        try (AssetServer assets = new AssetServer(TestImages.jpeg(640, 400))) {
            assertThat(assetMessage(assets.base() + "/missing"))
                    .isEqualTo("Failed to fetch asset. Received HTTP response code \"404\".");
            assertThat(assetMessage(assets.base() + "/redirect"))
                    .isEqualTo("Failed to fetch asset. Received HTTP response code \"302\".");
            assertThat(assetMessage(assets.base() + "/text")).isEqualTo("Unsupported asset type.");
            assertThat(assetMessage(assets.base() + "/chunked")).contains("Content-Length");

            Map<String, Object> body = RunwayTestClient.body();
            body.put("promptImage", assets.base() + "/img.jpg");
            assertThat(client.create(body).status()).isEqualTo(200);
            assertThat(assets.requests()).contains("HEAD /img.jpg", "GET /img.jpg")
                    .doesNotContain("GET /redirect");
        }
    }

    private String assetMessage(String uri) {
        Map<String, Object> body = RunwayTestClient.body();
        body.put("promptImage", uri);
        JsonNode issue = issues(body).get(0);
        assertThat(issue.get("code").asText()).isEqualTo("custom");
        assertThat(issue.get("path").toString()).isEqualTo("[\"promptImage\"]");
        return issue.get("message").asText();
    }

    private JsonNode issues(Map<String, Object> body) {
        SimHttp.Answer a = client.create(body);
        assertThat(a.status()).as(String.valueOf(a.json())).isEqualTo(400);
        return a.json().get("issues");
    }

    private static List<String> paths(JsonNode issues) {
        return java.util.stream.StreamSupport.stream(issues.spliterator(), false)
                .map(i -> i.get("path").toString()).toList();
    }
}
