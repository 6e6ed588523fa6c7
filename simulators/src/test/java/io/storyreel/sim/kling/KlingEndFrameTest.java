package io.storyreel.sim.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.Frames;
import io.storyreel.sim.taskapi.Mp4Probe;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.taskapi.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code image_tail} matrix of providers-next §5 and clips that really end on the end frame. */
class KlingEndFrameTest {

    private static final byte[] START = TestImages.jpeg(640, 400);
    private static final byte[] END = TestImages.jpeg(640, 400, new Color(20, 140, 40), new Color(230, 40, 200));

    private KlingSimulator sim;
    private KlingTestClient client;

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
    void aStartAndAnEndFrameMakeAClipThatMovesFromOneToTheOther(@TempDir Path dir) throws Exception {
        Map<String, Object> body = bridge("kling-v3", "std", "5");
        body.put("sound", "on");

        JsonNode done = client.awaitDone(created(body));

        Path file = dir.resolve("bridge.mp4");
        client.http.download(done.at("/task_result/videos/0/url").asText(), file);
        Frames frames = Frames.of(file);
        assertThat(Frames.difference(frames.first(), START)).isLessThan(8);
        assertThat(Frames.difference(frames.last(), END)).isLessThan(8);
        assertThat(Frames.difference(frames.last(), START)).isGreaterThan(20);
        assertThat(Mp4Probe.of(file).audio()).isTrue(); // v3 makes sound with an end frame too
    }

    @Test
    void theMatrixDecidesWhoTakesAnEndFrame() {
        assertThat(client.create(bridge("kling-v1", "std", "5")).status()).isEqualTo(200);
        assertThat(client.create(bridge("kling-v1", "std", "10")).json().get("code").asInt()).isEqualTo(1201);
        assertThat(client.create(bridge("kling-v1-6", "pro", "10")).status()).isEqualTo(200);
        assertThat(client.create(bridge("kling-v2-5-turbo", "std", "5")).json().get("code").asInt()).isEqualTo(1201);
        assertThat(client.create(bridge("kling-v2-5-turbo", "pro", "10")).status()).isEqualTo(200);
        assertThat(client.create(bridge("kling-v2-master", "std", "5")).json().get("code").asInt()).isEqualTo(1201);
        assertThat(client.create(bridge("kling-v2-6", "pro", "5")).status()).isEqualTo(200);
        Map<String, Object> loud = bridge("kling-v2-6", "pro", "5");
        loud.put("sound", "on");
        SimHttp.Answer refused = client.create(loud);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("code").asInt()).isEqualTo(1201);
        assertThat(refused.json().get("message").asText()).contains("image_tail");
        assertThat(sim.journal().creates()).isEqualTo(4);
    }

    private static Map<String, Object> bridge(String model, String mode, String duration) {
        Map<String, Object> body = KlingTestClient.body();
        body.put("model_name", model);
        body.put("mode", mode);
        body.put("duration", duration);
        body.put("image", Base64.getEncoder().encodeToString(START));
        body.put("image_tail", Base64.getEncoder().encodeToString(END));
        return body;
    }

    private String created(Map<String, Object> body) {
        SimHttp.Answer a = client.create(body);
        assertThat(a.status()).as(String.valueOf(a.json())).isEqualTo(200);
        return a.json().at("/data/task_id").asText();
    }
}
