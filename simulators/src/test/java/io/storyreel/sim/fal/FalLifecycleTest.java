package io.storyreel.sim.fal;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.sim.taskapi.Frames;
import io.storyreel.sim.taskapi.Mp4Probe;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.taskapi.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The queue protocol end to end on the simulator's clock, the clips each model makes, and their prices. */
class FalLifecycleTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private FalSimulator sim;
    private FalTestClient client;

    private void start(SimSettings settings) {
        sim = FalSimulator.start(settings);
        client = new FalTestClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aRequestMovesThroughTheQueueOnTheClockToAPlayableResult(@TempDir Path dir) throws Exception {
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ofSeconds(10), Duration.ofSeconds(40)));

        SimHttp.Answer submit = client.submit(FalTestClient.PIKA, FalTestClient.pika());

        assertThat(submit.status()).isEqualTo(200);
        JsonNode s = submit.json();
        String id = s.get("request_id").asText();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(s.get("gateway_request_id").asText()).isEqualTo(id);
        assertThat(s.get("status").asText()).isEqualTo("IN_QUEUE");
        assertThat(s.get("queue_position").asInt()).isZero();
        assertThat(submit.header("x-fal-request-id")).isEqualTo(id);
        // follow-up URLs are built from the app id, without the endpoint's sub-path
        assertThat(s.get("status_url").asText()).isEqualTo(sim.baseUrl() + "/fal-ai/pika/requests/" + id + "/status");
        assertThat(s.get("response_url").asText()).isEqualTo(sim.baseUrl() + "/fal-ai/pika/requests/" + id);
        assertThat(s.get("cancel_url").asText()).isEqualTo(sim.baseUrl() + "/fal-ai/pika/requests/" + id + "/cancel");

        SimHttp.Answer queued = client.get(s.get("status_url").asText());
        assertThat(queued.status()).isEqualTo(202);
        assertThat(queued.json().get("status").asText()).isEqualTo("IN_QUEUE");
        assertThat(client.get(s.get("response_url").asText()).status()).isEqualTo(400);

        clock.advance(Duration.ofSeconds(15));
        SimHttp.Answer running = client.get(s.get("status_url").asText() + "?logs=1");
        assertThat(running.json().get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(running.json().at("/logs/0/level").asText()).isEqualTo("INFO");

        clock.advance(Duration.ofSeconds(40));
        SimHttp.Answer result = client.awaitResult(s);
        SimHttp.Answer completed = client.get(s.get("status_url").asText());
        assertThat(completed.status()).isEqualTo(200);
        // the running time, at least the 40 s of processing (longer if rendering lagged behind the clock)
        assertThat(completed.json().at("/metrics/inference_time").asDouble()).isGreaterThanOrEqualTo(40);
        assertThat(completed.json().has("error")).isFalse();

        assertThat(result.status()).isEqualTo(200);
        JsonNode video = result.json().get("video");
        assertThat(video.get("content_type").asText()).isEqualTo("video/mp4");
        assertThat(video.get("file_name").asText()).isEqualTo("output.mp4");
        assertThat(result.json().get("seed").isIntegralNumber()).isTrue();
        Path file = dir.resolve("pika.mp4");
        assertThat(client.http.download(video.get("url").asText(), file).statusCode()).isEqualTo(200);
        assertThat(java.nio.file.Files.size(file)).isEqualTo(video.get("file_size").asLong());
        Mp4Probe probe = Mp4Probe.of(file);
        assertThat(probe.width()).isEqualTo(1152); // 720p, the 640x400 picture's aspect
        assertThat(probe.height()).isEqualTo(720);
        assertThat(probe.fps()).isCloseTo(24, within(0.01));
        assertThat(probe.audio()).isFalse();

        assertThat(sim.journal().creates()).isEqualTo(1);
        assertThat(sim.charges().get(0).charged()).isEqualByComparingTo("0.20");
        assertThat(sim.charges().get(0).unit()).isEqualTo("USD");
    }

    @Test
    void klingOnFalWithATailImageEndsOnIt(@TempDir Path dir) throws Exception {
        start(SimSettings.fast());
        byte[] startImage = TestImages.jpeg(640, 400);
        byte[] endImage = TestImages.jpeg(640, 400, new Color(20, 140, 40), new Color(230, 40, 200));

        JsonNode s = client.submitted("fal-ai/kling-video/v2.5-turbo/pro/image-to-video", Map.of(
                "prompt", "She turns to the window", "image_url", FalTestClient.dataUri(startImage),
                "tail_image_url", FalTestClient.dataUri(endImage), "duration", "10"));
        SimHttp.Answer result = client.awaitResult(s);

        Path file = dir.resolve("kling.mp4");
        client.http.download(result.json().at("/video/url").asText(), file);
        assertThat(Mp4Probe.of(file).height()).isEqualTo(1080);
        Frames frames = Frames.of(file);
        assertThat(Frames.difference(frames.first(), startImage)).isLessThan(8);
        assertThat(Frames.difference(frames.last(), endImage)).isLessThan(8);
        assertThat(sim.charges().get(0).charged()).isEqualByComparingTo("0.70"); // $0.35 + 5 x $0.07
    }

    @Test
    void klingV3MakesSoundUnlessToldNotTo(@TempDir Path dir) throws Exception {
        start(SimSettings.fast());
        String endpoint = "fal-ai/kling-video/v3/pro/image-to-video";
        JsonNode loud = client.submitted(endpoint, Map.of("start_image_url", FalTestClient.IMAGE, "prompt", "wind",
                "duration", 4));
        JsonNode quiet = client.submitted(endpoint, Map.of("start_image_url", FalTestClient.IMAGE, "prompt", "wind",
                "duration", "4", "generate_audio", false));

        Path a = dir.resolve("loud.mp4");
        Path b = dir.resolve("quiet.mp4");
        client.http.download(client.awaitResult(loud).json().at("/video/url").asText(), a);
        client.http.download(client.awaitResult(quiet).json().at("/video/url").asText(), b);

        assertThat(Mp4Probe.of(a).audio()).isTrue();
        assertThat(Mp4Probe.of(b).audio()).isFalse();
        BigDecimal loudPrice = sim.charges().stream().filter(c -> c.taskId().equals(loud.get("request_id").asText()))
                .findFirst().orElseThrow().charged();
        assertThat(loudPrice).isEqualByComparingTo("1.344"); // $0.336/s with audio x 4 s
    }

    @Test
    void hailuo02TakesAnEndImageAndSeedanceSizesByItsAspectRatio(@TempDir Path dir) throws Exception {
        start(SimSettings.fast());
        byte[] endImage = TestImages.jpeg(640, 400, new Color(20, 140, 40), new Color(230, 40, 200));
        JsonNode hailuo = client.submitted("fal-ai/minimax/hailuo-02/standard/image-to-video", Map.of(
                "prompt", "p", "image_url", FalTestClient.IMAGE, "end_image_url", FalTestClient.dataUri(endImage)));
        JsonNode seedance = client.submitted("fal-ai/bytedance/seedance/v1.5/pro/image-to-video", Map.of(
                "prompt", "p", "image_url", FalTestClient.IMAGE, "aspect_ratio", "9:16", "generate_audio", false));

        Path h = dir.resolve("hailuo.mp4");
        Path sd = dir.resolve("seedance.mp4");
        client.http.download(client.awaitResult(hailuo).json().at("/video/url").asText(), h);
        client.http.download(client.awaitResult(seedance).json().at("/video/url").asText(), sd);

        assertThat(Mp4Probe.of(h).height()).isEqualTo(768);
        assertThat(Mp4Probe.of(h).fps()).isCloseTo(25, within(0.01));
        assertThat(Frames.difference(Frames.of(h).last(), endImage)).isLessThan(8);
        Mp4Probe s = Mp4Probe.of(sd);
        assertThat(s.width()).isEqualTo(720);
        assertThat(s.height()).isEqualTo(1280);
        assertThat(s.audio()).isFalse();
    }

    @Test
    void theFullEndpointPathIsAnsweredTooUnlessSwitchedOff() {
        start(SimSettings.fast());
        JsonNode s = client.submitted(FalTestClient.PIKA, FalTestClient.pika());
        String full = sim.baseUrl() + "/" + FalTestClient.PIKA + "/requests/" + s.get("request_id").asText() + "/status";
        assertThat(client.get(full).status()).isIn(200, 202);
        sim.close();

        sim = FalSimulator.start(SimSettings.fast(), FalSimulator.DEFAULT_KEY,
                FalOptions.defaults().withFullPathAccepted(false));
        client = new FalTestClient(sim);
        JsonNode t = client.submitted(FalTestClient.PIKA, FalTestClient.pika());
        String fullAgain = sim.baseUrl() + "/" + FalTestClient.PIKA + "/requests/" + t.get("request_id").asText()
                + "/status";
        assertThat(client.get(fullAgain).status()).isEqualTo(404);
        assertThat(client.get(t.get("status_url").asText()).status()).isIn(200, 202);
    }
}
