package io.storyreel.sim.fal;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.TestImages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Hand-built fal queue requests for simulator tests, as spec §2 describes them. */
final class FalTestClient {

    static final String PIKA = "fal-ai/pika/v2.2/image-to-video";
    static final String IMAGE = dataUri(TestImages.jpeg(640, 400));

    final SimHttp http = new SimHttp();
    private final FalSimulator sim;

    FalTestClient(FalSimulator sim) {
        this.sim = sim;
    }

    static String dataUri(byte[] jpeg) {
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg);
    }

    Map<String, String> auth() {
        return Map.of("Authorization", "Key " + sim.key());
    }

    static Map<String, Object> pika() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("image_url", IMAGE);
        body.put("prompt", "The camera slowly pushes in");
        return body;
    }

    SimHttp.Answer submit(String endpoint, Map<String, Object> body, String webhook) {
        String url = sim.baseUrl() + "/" + endpoint
                + (webhook == null ? "" : "?fal_webhook=" + URLEncoder.encode(webhook, StandardCharsets.UTF_8));
        return http.send("POST", url, auth(), body);
    }

    SimHttp.Answer submit(String endpoint, Map<String, Object> body) {
        return submit(endpoint, body, null);
    }

    /** Submits and returns the submit answer's JSON, failing on anything but 200. */
    JsonNode submitted(String endpoint, Map<String, Object> body) {
        SimHttp.Answer a = submit(endpoint, body);
        if (a.status() != 200) {
            throw new AssertionError("submit answered " + a.status() + " " + a.json());
        }
        return a.json();
    }

    SimHttp.Answer get(String url) {
        return http.send("GET", url, auth(), null);
    }

    SimHttp.Answer cancel(String cancelUrl) {
        return http.send("PUT", cancelUrl, auth(), null);
    }

    String status(JsonNode submitted) {
        return get(submitted.get("status_url").asText()).json().get("status").asText();
    }

    /** Polls the status URL until COMPLETED, then returns the result answer. */
    SimHttp.Answer awaitResult(JsonNode submitted) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> status(submitted).equals("COMPLETED"));
        return get(submitted.get("response_url").asText());
    }
}
