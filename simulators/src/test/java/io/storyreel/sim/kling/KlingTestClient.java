package io.storyreel.sim.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.RawJwt;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.TestImages;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Hand-built Kling requests for simulator tests: tokens by the official recipe on the simulator's clock. */
final class KlingTestClient {

    static final String IMAGE = Base64.getEncoder().encodeToString(TestImages.jpeg(480, 360));

    final SimHttp http = new SimHttp();
    private final KlingSimulator sim;
    private final Clock clock;

    KlingTestClient(KlingSimulator sim, Clock clock) {
        this.sim = sim;
        this.clock = clock;
    }

    String bearer() {
        return "Bearer " + RawJwt.official(sim.accessKey(), sim.secretKey(), clock.instant().getEpochSecond());
    }

    static Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_name", "kling-v1");
        body.put("mode", "std");
        body.put("duration", "5");
        body.put("image", IMAGE);
        body.put("prompt", "a slow push in");
        return body;
    }

    SimHttp.Answer create(Map<String, Object> body) {
        return http.post(sim.baseUrl() + "/v1/videos/image2video", bearer(), body);
    }

    SimHttp.Answer create() {
        return create(body());
    }

    SimHttp.Answer query(String id) {
        return http.get(sim.baseUrl() + "/v1/videos/image2video/" + id, bearer());
    }

    /** Polls until the task is terminal and returns its {@code data}. */
    JsonNode awaitDone(String taskId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = query(taskId).json().get("data");
            String s = last[0].get("task_status").asText();
            return s.equals("succeed") || s.equals("failed");
        });
        return last[0];
    }
}
