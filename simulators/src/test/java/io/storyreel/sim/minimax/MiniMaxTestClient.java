package io.storyreel.sim.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.TestImages;

import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Hand-built MiniMax requests for simulator tests, shaped as the official MCP server sends them. */
final class MiniMaxTestClient {

    static final String IMAGE = "data:image/jpeg;base64,"
            + Base64.getEncoder().encodeToString(TestImages.jpeg(480, 360));

    final SimHttp http = new SimHttp();
    private final MiniMaxSimulator sim;

    MiniMaxTestClient(MiniMaxSimulator sim) {
        this.sim = sim;
    }

    String bearer() {
        return "Bearer " + sim.apiKey();
    }

    static Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "MiniMax-Hailuo-02");
        body.put("prompt", "The cat turns its head. [Push in]");
        body.put("first_frame_image", IMAGE);
        body.put("duration", 6);
        body.put("resolution", "512P");
        body.put("prompt_optimizer", true);
        return body;
    }

    SimHttp.Answer create(Map<String, Object> body) {
        return http.post(sim.baseUrl() + "/v1/video_generation", bearer(), body);
    }

    SimHttp.Answer create() {
        return create(body());
    }

    SimHttp.Answer query(String taskId) {
        return http.get(sim.baseUrl() + "/v1/query/video_generation?task_id=" + taskId, bearer());
    }

    SimHttp.Answer retrieve(String fileId) {
        return http.get(sim.baseUrl() + "/v1/files/retrieve?file_id=" + fileId, bearer());
    }

    JsonNode awaitDone(String taskId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = query(taskId).json();
            String s = last[0].path("status").asText();
            return s.equals("Success") || s.equals("Fail");
        });
        return last[0];
    }

    /** Creates a task, waits for success and returns the retrieve answer's {@code file}. */
    JsonNode succeededFile() {
        String taskId = create().json().get("task_id").asText();
        JsonNode done = awaitDone(taskId);
        return retrieve(done.get("file_id").asText()).json().get("file");
    }
}
