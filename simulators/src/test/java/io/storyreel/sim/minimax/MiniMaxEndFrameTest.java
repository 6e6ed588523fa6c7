package io.storyreel.sim.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.Frames;
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

/** {@code last_frame_image} on Hailuo-02: the clip moves from the first frame to the last. */
class MiniMaxEndFrameTest {

    private static final byte[] START = TestImages.jpeg(640, 400);
    private static final byte[] END = TestImages.jpeg(640, 400, new Color(20, 140, 40), new Color(230, 40, 200));

    private MiniMaxSimulator sim;
    private MiniMaxTestClient client;

    @BeforeEach
    void start() {
        sim = MiniMaxSimulator.start(SimSettings.fast());
        client = new MiniMaxTestClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void theClipEndsOnTheLastFrame(@TempDir Path dir) throws Exception {
        Map<String, Object> body = MiniMaxTestClient.body();
        body.put("resolution", "768P");
        body.put("first_frame_image", "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(START));
        body.put("last_frame_image", "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(END));

        String taskId = client.create(body).json().get("task_id").asText();
        JsonNode done = client.awaitDone(taskId);
        String url = client.retrieve(done.get("file_id").asText()).json().at("/file/download_url").asText();

        Path file = dir.resolve("bridge.mp4");
        assertThat(client.http.download(url, file).statusCode()).isEqualTo(200);
        Frames frames = Frames.of(file);
        assertThat(Frames.difference(frames.first(), START)).isLessThan(8);
        assertThat(Frames.difference(frames.last(), END)).isLessThan(8);
        assertThat(Frames.difference(frames.first(), END)).isGreaterThan(20);
    }
}
