package io.storyreel.sim.fal;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.AssetServer;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.taskapi.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys, endpoints and each model's input rules, with invalid inputs completing as 422 results. */
class FalValidationTest {

    private FalSimulator sim;
    private FalTestClient client;

    private void start(FalOptions options) {
        sim = FalSimulator.start(SimSettings.fast(), FalSimulator.DEFAULT_KEY, options);
        client = new FalTestClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void theKeyGoesInAKeyAuthorization() {
        start(FalOptions.defaults());
        String url = sim.baseUrl() + "/" + FalTestClient.PIKA;

        SimHttp.Answer none = client.http.send("POST", url, Map.of(), FalTestClient.pika());
        SimHttp.Answer bearer = client.http.send("POST", url, Map.of("Authorization", "Bearer " + sim.key()),
                FalTestClient.pika());
        SimHttp.Answer wrong = client.http.send("POST", url, Map.of("Authorization", "Key nope:nope"),
                FalTestClient.pika());

        assertThat(List.of(none.status(), bearer.status(), wrong.status())).containsOnly(401);
        assertThat(wrong.json().get("detail").asText()).doesNotContain("nope");
        assertThat(sim.journal().creates()).isZero();
    }

    @Test
    void anUnknownEndpointIs404() {
        start(FalOptions.defaults());
        assertThat(client.submit("fal-ai/pika/v9/image-to-video", FalTestClient.pika()).status()).isEqualTo(404);
    }

    @Test
    void anInvalidInputIsQueuedAndCompletesWithA422Result() {
        start(FalOptions.defaults());
        JsonNode s = client.submitted(FalTestClient.PIKA, Map.of("image_url", FalTestClient.IMAGE,
                "resolution", "4k", "duration", 7));

        SimHttp.Answer result = client.awaitResult(s);

        assertThat(result.status()).isEqualTo(422);
        assertThat(result.header("X-Fal-Retryable")).isEqualTo("false");
        JsonNode detail = result.json().get("detail");
        assertThat(detail).hasSize(3);
        assertThat(detail.get(0).get("loc").toString()).isEqualTo("[\"body\",\"prompt\"]");
        assertThat(detail.get(0).get("type").asText()).isEqualTo("missing");
        assertThat(detail.get(0).get("msg").asText()).isEqualTo("Field required");
        assertThat(detail.get(1).get("type").asText()).isEqualTo("literal_error");
        assertThat(detail.get(1).get("msg").asText()).isEqualTo("Input should be '720p' or '1080p'");
        assertThat(detail.get(2).get("loc").toString()).isEqualTo("[\"body\",\"duration\"]");
        assertThat(client.get(s.get("status_url").asText()).json().get("error_type").asText())
                .isEqualTo("missing");
        assertThat(sim.charges().get(0).estimated()).isNull(); // no price for an invalid input
        assertThat(sim.charges().get(0).charged()).isZero();
    }

    @Test
    void validationCanAnswerAtSubmit() {
        start(FalOptions.defaults().withValidationAtSubmit(true));
        SimHttp.Answer a = client.submit(FalTestClient.PIKA, Map.of("image_url", FalTestClient.IMAGE));
        assertThat(a.status()).isEqualTo(422);
        assertThat(sim.journal().creates()).isZero();
    }

    @Test
    void durationsAreTakenAsStringsOrNumbers() {
        start(FalOptions.defaults().withValidationAtSubmit(true));
        Map<String, Object> body = new java.util.HashMap<>(FalTestClient.pika());
        body.put("duration", "10");
        assertThat(client.submit(FalTestClient.PIKA, body).status()).isEqualTo(200);
        body.put("duration", 10);
        assertThat(client.submit(FalTestClient.PIKA, body).status()).isEqualTo(200);
    }

    @Test
    void rangesAndTheRuleAcrossFields() {
        start(FalOptions.defaults().withValidationAtSubmit(true));
        SimHttp.Answer cfg = client.submit("fal-ai/kling-video/v2.5-turbo/pro/image-to-video", Map.of(
                "prompt", "p", "image_url", FalTestClient.IMAGE, "cfg_scale", 1.5));
        assertThat(cfg.json().at("/detail/0/type").asText()).isEqualTo("less_than_equal");

        SimHttp.Answer both = client.submit("fal-ai/kling-video/v3/pro/image-to-video", Map.of(
                "start_image_url", FalTestClient.IMAGE, "prompt", "p", "multi_prompt", List.of(Map.of("prompt", "a"))));
        assertThat(both.json().at("/detail/0/type").asText()).isEqualTo("value_error");

        SimHttp.Answer voices = client.submit("fal-ai/kling-video/v3/pro/image-to-video", Map.of(
                "start_image_url", FalTestClient.IMAGE, "voice_ids", List.of("a", "b", "c")));
        assertThat(voices.json().at("/detail/0/type").asText()).isEqualTo("too_long");
    }

    @Test
    void imagesAreFetchedFromUrlsAndBrokenOnesAreReported() {
        start(FalOptions.defaults().withValidationAtSubmit(true));
        try (AssetServer assets = new AssetServer(TestImages.jpeg(640, 400))) {
            Map<String, Object> body = new java.util.HashMap<>(FalTestClient.pika());
            body.put("image_url", assets.base() + "/img.jpg");
            assertThat(client.submit(FalTestClient.PIKA, body).status()).isEqualTo(200);

            body.put("image_url", assets.base() + "/missing");
            SimHttp.Answer missing = client.submit(FalTestClient.PIKA, body);
            assertThat(missing.json().at("/detail/0/type").asText()).isEqualTo("file_download_error");

            body.put("image_url", assets.base() + "/text");
            assertThat(client.submit(FalTestClient.PIKA, body).json().at("/detail/0/type").asText())
                    .isEqualTo("image_load_error");
        }
    }

    @Test
    void fieldsAModelDoesNotHaveAreIgnoredUnlessSwitchedToRefuse() {
        start(FalOptions.defaults().withValidationAtSubmit(true));
        Map<String, Object> body = new java.util.HashMap<>(FalTestClient.pika());
        body.put("end_image_url", FalTestClient.IMAGE); // Pika 2.2 image-to-video takes no end frame
        assertThat(client.submit(FalTestClient.PIKA, body).status()).isEqualTo(200);
        sim.close();

        start(FalOptions.defaults().withValidationAtSubmit(true).withUnknownFieldsRejected(true));
        SimHttp.Answer refused = client.submit(FalTestClient.PIKA, body);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().at("/detail/0/type").asText()).isEqualTo("extra_forbidden");
        assertThat(refused.json().at("/detail/0/loc/1").asText()).isEqualTo("end_image_url");
    }

    @Test
    void hailuo02EndImagesAt512pCanBeRefused() {
        start(FalOptions.defaults().withValidationAtSubmit(true).withHailuoEndImageAt512(false));
        Map<String, Object> body = Map.of("prompt", "p", "image_url", FalTestClient.IMAGE,
                "end_image_url", FalTestClient.IMAGE, "resolution", "512P");
        SimHttp.Answer a = client.submit("fal-ai/minimax/hailuo-02/standard/image-to-video", body);
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.json().at("/detail/0/loc/1").asText()).isEqualTo("end_image_url");
    }
}
