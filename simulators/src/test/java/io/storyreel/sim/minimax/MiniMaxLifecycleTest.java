package io.storyreel.sim.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.Mp4Probe;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** Create → query → files/retrieve → download, as the official MiniMax MCP server does it, ending in a probed MP4. */
class MiniMaxLifecycleTest {

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
    void createQueryRetrieveAndDownloadAPlayableClip(@TempDir Path dir) throws Exception {
        SimHttp.Answer created = client.create();

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.header("Trace-Id")).matches("[0-9a-f]{32}");
        assertThat(created.json().at("/base_resp/status_code").asInt()).isZero();
        assertThat(created.json().at("/base_resp/status_msg").asText()).isEqualTo("success");
        String taskId = created.json().get("task_id").asText();
        assertThat(taskId).matches("\\d{15,}");

        List<String> seen = new ArrayList<>();
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            last[0] = client.query(taskId).json();
            String s = last[0].get("status").asText();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(s)) {
                seen.add(s);
            }
            return s.equals("Success") || s.equals("Fail");
        });
        assertThat(seen).isSubsetOf("Preparing", "Queueing", "Processing", "Success");
        assertThat(seen).containsSubsequence("Processing", "Success");
        JsonNode done = last[0];
        assertThat(done.get("file_id").isTextual()).isTrue();
        // Hailuo-02 512P, a 480x360 picture keeps its 4:3 aspect: 682x512 (even width)
        assertThat(done.get("video_width").asInt()).isEqualTo(682);
        assertThat(done.get("video_height").asInt()).isEqualTo(512);

        SimHttp.Answer retrieved = client.retrieve(done.get("file_id").asText());
        JsonNode file = retrieved.json().get("file");
        assertThat(file.get("file_id").isNumber()).isTrue();
        assertThat(file.get("file_id").asText()).isEqualTo(done.get("file_id").asText());
        assertThat(file.get("purpose").asText()).isEqualTo("video_generation");
        long createdAt = file.get("created_at").asLong();
        assertThat(createdAt).isBetween(1_600_000_000L, 4_000_000_000L); // seconds
        String url = file.get("download_url").asText();
        assertThat(url).contains("Expires=").contains("Signature=").contains("OSSAccessKeyId=");
        long expires = Long.parseLong(url.replaceAll(".*Expires=(\\d+).*", "$1"));
        assertThat(expires - System.currentTimeMillis() / 1000).isBetween(9 * 3600L - 60, 9 * 3600L + 60);

        Path mp4 = dir.resolve("output.mp4");
        HttpResponse<Path> got = client.http.download(url, mp4);
        assertThat(got.statusCode()).isEqualTo(200);
        Mp4Probe probe = Mp4Probe.of(mp4);
        assertThat(probe.width()).isEqualTo(682);
        assertThat(probe.height()).isEqualTo(512);
        assertThat(probe.fps()).isCloseTo(25, within(0.01));
        assertThat(probe.frames()).isEqualTo(25);
        assertThat(probe.seconds()).isCloseTo(1.0, within(0.05));
        assertThat(probe.audio()).isFalse();
        assertThat(probe.moovBeforeMdat()).isTrue();

        HttpResponse<byte[]> backup = client.http.getBytes(file.get("backup_download_url").asText());
        assertThat(backup.statusCode()).isEqualTo(200);
        assertThat(backup.body()).isEqualTo(Files.readAllBytes(mp4));

        assertThat(sim.journal().creates()).isEqualTo(1);
        assertThat(sim.journal().createsFor(sim.apiKey())).isEqualTo(1);
    }

    @Test
    void tamperedSignatureIsRefusedLikeOss() throws Exception {
        String url = client.succeededFile().get("download_url").asText();
        String tampered = url.replaceAll("Expires=(\\d+)", "Expires=9999999999");

        HttpResponse<byte[]> answer = client.http.getBytes(tampered);

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(new String(answer.body())).contains("<Code>SignatureDoesNotMatch</Code>");
    }
}
