package io.storyreel.sim.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.Mp4Probe;
import io.storyreel.sim.taskapi.RawJwt;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.taskapi.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * A Kling client that follows only the official documentation (JWT by the Python sample's recipe with raw HMAC,
 * create, poll, download) against the simulator, ending in a probed MP4.
 */
class KlingLifecycleTest {

    private final SimHttp http = new SimHttp();
    private KlingSimulator sim;

    @BeforeEach
    void start() {
        sim = KlingSimulator.start(SimSettings.fast());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String bearer() {
        return "Bearer " + RawJwt.official(sim.accessKey(), sim.secretKey(), System.currentTimeMillis() / 1000);
    }

    @Test
    void officialRecipeCreatesPollsAndDownloadsAPlayableClip(@TempDir Path dir) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_name", "kling-v1");
        body.put("mode", "std");
        body.put("duration", "5");
        body.put("image", Base64.getEncoder().encodeToString(TestImages.jpeg(640, 400)));
        body.put("prompt", "The camera slowly pushes in");
        body.put("external_task_id", "clip-1");

        SimHttp.Answer created = http.post(sim.baseUrl() + "/v1/videos/image2video", bearer(), body);

        assertThat(created.status()).isEqualTo(200);
        JsonNode c = created.json();
        assertThat(c.get("code").asInt()).isZero();
        assertThat(c.get("message").asText()).isEqualTo("SUCCEED");
        assertThat(c.get("request_id").asText()).isNotBlank();
        String taskId = c.at("/data/task_id").asText();
        assertThat(taskId).hasSize(22);
        assertThat(c.at("/data/task_status").asText()).isEqualTo("submitted");
        assertThat(c.at("/data/task_info/external_task_id").asText()).isEqualTo("clip-1");
        long createdAt = c.at("/data/created_at").asLong();
        assertThat(createdAt).isGreaterThan(1_600_000_000_000L); // milliseconds

        List<String> seen = new ArrayList<>();
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode q = http.get(sim.baseUrl() + "/v1/videos/image2video/" + taskId, bearer()).json();
            String status = q.at("/data/task_status").asText();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                seen.add(status);
            }
            last.set(q);
            return status.equals("succeed") || status.equals("failed");
        });
        assertThat(seen).containsSubsequence("processing", "succeed");
        assertThat(seen).isSubsetOf("submitted", "processing", "succeed");
        JsonNode data = last.get().get("data");
        assertThat(data.get("created_at").asLong()).isEqualTo(createdAt);
        assertThat(data.get("updated_at").asLong()).isGreaterThan(createdAt);
        assertThat(data.get("final_unit_deduction").asText()).isEqualTo("1");
        JsonNode video = data.at("/task_result/videos/0");
        assertThat(video.get("duration").isTextual()).isTrue();
        assertThat(video.get("duration").asText()).isEqualTo("1.0");
        String url = video.get("url").asText();
        assertThat(url).matches(".*/bs2/upload-kling-api/\\d+/image2video/" + taskId + "-0_raw_video_1\\.mp4");

        Path file = dir.resolve("clip.mp4");
        HttpResponse<Path> download = http.download(url, file);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValueAsLong("Content-Length").orElse(-1))
                .isEqualTo(java.nio.file.Files.size(file));

        Mp4Probe probe = Mp4Probe.of(file);
        // kling-v1 std: 720p, 30 fps; a 640x400 picture keeps its 1.6 aspect: 1152x720
        assertThat(probe.width()).isEqualTo(1152);
        assertThat(probe.height()).isEqualTo(720);
        assertThat(probe.fps()).isCloseTo(30, within(0.01));
        assertThat(probe.frames()).isEqualTo(30);
        assertThat(probe.seconds()).isCloseTo(1.0, within(0.05));
        assertThat(probe.audio()).isFalse();
        assertThat(probe.videoCodec()).isEqualTo("h264");
        assertThat(probe.moovBeforeMdat()).isTrue();

        // the same task by its external id
        JsonNode byExternal = http.get(sim.baseUrl() + "/v1/videos/image2video/clip-1", bearer()).json();
        assertThat(byExternal.at("/data/task_id").asText()).isEqualTo(taskId);
        assertThat(sim.journal().creates()).isEqualTo(1);
        assertThat(sim.journal().createsFor(sim.accessKey())).isEqualTo(1);
        assertThat(sim.journal().createsForExternalId("clip-1")).isEqualTo(1);
    }
}
