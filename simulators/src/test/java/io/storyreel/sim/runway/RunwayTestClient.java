package io.storyreel.sim.runway;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.TestImages;

import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Hand-built Runway requests for simulator tests, as the spec describes them (Bearer key, version header). */
final class RunwayTestClient {

    static final String IMAGE = dataUri(TestImages.jpeg(640, 400));

    final SimHttp http = new SimHttp();
    private final RunwaySimulator sim;

    RunwayTestClient(RunwaySimulator sim) {
        this.sim = sim;
    }

    static String dataUri(byte[] jpeg) {
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg);
    }

    Map<String, String> headers() {
        return Map.of("Authorization", "Bearer " + sim.apiKey(), "X-Runway-Version", "2024-11-06");
    }

    static Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "gen4_turbo");
        body.put("promptImage", IMAGE);
        body.put("promptText", "Slow push-in, hair moves in the wind");
        body.put("ratio", "1280:720");
        body.put("duration", 5);
        return body;
    }

    SimHttp.Answer create(Map<String, Object> body) {
        return http.send("POST", sim.baseUrl() + "/v1/image_to_video", headers(), body);
    }

    SimHttp.Answer create() {
        return create(body());
    }

    String createId() {
        SimHttp.Answer a = create();
        if (a.status() != 200) {
            throw new AssertionError("create answered " + a.status() + " " + a.json());
        }
        return a.json().get("id").asText();
    }

    SimHttp.Answer get(String id) {
        return http.send("GET", sim.baseUrl() + "/v1/tasks/" + id, headers(), null);
    }

    SimHttp.Answer delete(String id) {
        return http.send("DELETE", sim.baseUrl() + "/v1/tasks/" + id, headers(), null);
    }

    String status(String id) {
        return get(id).json().get("status").asText();
    }

    /** Polls until the task is terminal and returns its body. */
    JsonNode awaitDone(String id) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = get(id).json();
            String s = last[0].get("status").asText();
            return s.equals("SUCCEEDED") || s.equals("FAILED") || s.equals("CANCELLED");
        });
        return last[0];
    }
}
