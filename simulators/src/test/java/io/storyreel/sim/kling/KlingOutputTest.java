package io.storyreel.sim.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.Mp4Probe;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.taskapi.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The clip a model/mode produces: resolution, frame rate, sound, and the units charged. */
class KlingOutputTest {

    private KlingSimulator sim;
    private KlingTestClient client;

    @BeforeEach
    void start() {
        sim = KlingSimulator.start(SimSettings.fast().withClipSeconds(0.5));
        client = new KlingTestClient(sim, SimSettings.fast().clock());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private JsonNode run(Map<String, Object> body) {
        JsonNode created = client.create(body).json();
        assertThat(created.get("code").asInt()).as(created.toString()).isZero();
        JsonNode data = client.awaitDone(created.at("/data/task_id").asText());
        assertThat(data.get("task_status").asText()).isEqualTo("succeed");
        return data;
    }

    private Mp4Probe probe(JsonNode data, Path dir) throws Exception {
        Path file = dir.resolve(data.get("task_id").asText() + ".mp4");
        assertThat(client.http.download(data.at("/task_result/videos/0/url").asText(), file).statusCode())
                .isEqualTo(200);
        return Mp4Probe.of(file);
    }

    @Test
    void v26ProWithSoundIs1080pWithAnAacTrackAndCostsFiveUnits(@TempDir Path dir) throws Exception {
        Map<String, Object> body = KlingTestClient.body();
        body.put("model_name", "kling-v2-6");
        body.put("mode", "pro");
        body.put("sound", "on");
        body.put("image", Base64.getEncoder().encodeToString(TestImages.jpeg(360, 480))); // portrait

        JsonNode data = run(body);
        Mp4Probe p = probe(data, dir);

        assertThat(p.width()).isEqualTo(1080);
        assertThat(p.height()).isEqualTo(1440);
        assertThat(p.fps()).isCloseTo(24, within(0.01));
        assertThat(p.audio()).isTrue();
        assertThat(data.get("final_unit_deduction").asText()).isEqualTo("5");
    }

    @Test
    void v21ProTenSecondsIsSilent1080pAndCostsSevenUnits(@TempDir Path dir) throws Exception {
        Map<String, Object> body = KlingTestClient.body();
        body.put("model_name", "kling-v2-1");
        body.put("mode", "pro");
        body.put("duration", "10");

        JsonNode data = run(body);
        Mp4Probe p = probe(data, dir);

        assertThat(p.height()).isEqualTo(1080);
        assertThat(p.width()).isEqualTo(1440);
        assertThat(p.audio()).isFalse();
        assertThat(p.frames()).isEqualTo(12); // 0.5 s at 24 fps
        assertThat(data.get("final_unit_deduction").asText()).isEqualTo("7");
    }

    @Test
    void v3IsPricedPerSecond() {
        Map<String, Object> body = KlingTestClient.body();
        body.put("model_name", "kling-v3");
        body.put("mode", "std");
        body.put("duration", "7");
        assertThat(run(body).get("final_unit_deduction").asText()).isEqualTo("4.2");
    }

    @Test
    void watermarkRequestAddsAWatermarkUrl() {
        Map<String, Object> body = KlingTestClient.body();
        body.put("watermark_info", Map.of("enabled", true));
        JsonNode data = run(body);
        assertThat(data.at("/watermark_info/enabled").asBoolean()).isTrue();
        assertThat(data.at("/task_result/videos/0/watermark_url").asText()).endsWith(".mp4");
    }
}
