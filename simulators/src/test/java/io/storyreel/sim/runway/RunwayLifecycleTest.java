package io.storyreel.sim.runway;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.sim.taskapi.Charge;
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
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A client that follows spec §1 alone: create, poll on the simulator's clock, download; plus end frames and costs. */
class RunwayLifecycleTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private RunwaySimulator sim;
    private RunwayTestClient client;

    private void start(SimSettings settings) {
        sim = RunwaySimulator.start(settings);
        client = new RunwayTestClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void tasksMoveFromPendingThroughRunningToSucceededOnTheClock(@TempDir Path dir) throws Exception {
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ofSeconds(10), Duration.ofSeconds(40)));

        SimHttp.Answer created = client.create();

        assertThat(created.status()).isEqualTo(200);
        String id = created.json().get("id").asText();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(created.json().at("/estimatedCost/credits").asInt()).isEqualTo(25); // gen4_turbo 5/s x 5 s
        JsonNode pending = client.get(id).json();
        assertThat(pending.get("status").asText()).isEqualTo("PENDING");
        assertThat(pending.get("createdAt").asText()).isEqualTo("2026-12-03T10:00:00.000Z");
        assertThat(pending.has("output")).isFalse();

        clock.advance(Duration.ofSeconds(20));
        JsonNode running = client.get(id).json();
        assertThat(running.get("status").asText()).isEqualTo("RUNNING");
        assertThat(running.get("progress").asDouble()).isCloseTo(0.25, within(0.01));
        assertThat(running.at("/estimatedCost/credits").asInt()).isEqualTo(25);

        clock.advance(Duration.ofSeconds(30));
        JsonNode done = client.awaitDone(id);
        assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/cost/credits").asInt()).isEqualTo(25);
        String url = done.at("/output/0").asText();
        assertThat(url).contains(".mp4?_jwt=");

        Path file = dir.resolve("clip.mp4");
        HttpResponse<Path> download = client.http.download(url, file);
        assertThat(download.statusCode()).isEqualTo(200);
        Mp4Probe probe = Mp4Probe.of(file);
        assertThat(probe.width()).isEqualTo(1280); // ratio is the output size
        assertThat(probe.height()).isEqualTo(720);
        assertThat(probe.fps()).isCloseTo(30, within(0.01));
        assertThat(probe.seconds()).isCloseTo(1.0, within(0.05));
        assertThat(probe.audio()).isFalse();
        assertThat(probe.moovBeforeMdat()).isTrue();

        assertThat(sim.journal().creates()).isEqualTo(1);
        assertThat(sim.journal().createsFor(sim.apiKey())).isEqualTo(1);
        assertThat(sim.charges()).containsExactly(new Charge(id, sim.apiKey(), "gen4_turbo", BigDecimal.valueOf(25),
                BigDecimal.valueOf(25), "credits"));
    }

    @Test
    void veoWithAFirstAndLastFrameMovesFromOneToTheOtherWithSound(@TempDir Path dir) throws Exception {
        start(SimSettings.fast());
        byte[] startImage = TestImages.jpeg(720, 1280);
        byte[] endImage = TestImages.jpeg(720, 1280, new Color(20, 140, 40), new Color(230, 40, 200));
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("model", "veo3.1_fast");
        body.put("promptImage", List.of(
                Map.of("uri", RunwayTestClient.dataUri(startImage), "position", "first"),
                Map.of("uri", RunwayTestClient.dataUri(endImage), "position", "last")));
        body.put("ratio", "720:1280");
        body.put("duration", 4);

        SimHttp.Answer created = client.create(body);

        assertThat(created.status()).as(created.json().toString()).isEqualTo(200);
        assertThat(created.json().at("/estimatedCost/credits").asInt()).isEqualTo(60); // 15/s with audio x 4 s
        JsonNode done = client.awaitDone(created.json().get("id").asText());
        Path file = dir.resolve("bridge.mp4");
        client.http.download(done.at("/output/0").asText(), file);
        Mp4Probe probe = Mp4Probe.of(file);
        assertThat(probe.width()).isEqualTo(720);
        assertThat(probe.height()).isEqualTo(1280);
        assertThat(probe.fps()).isCloseTo(24, within(0.01));
        assertThat(probe.audio()).isTrue();
        Frames frames = Frames.of(file);
        assertThat(Frames.difference(frames.first(), startImage)).isLessThan(8);
        assertThat(Frames.difference(frames.last(), endImage)).isLessThan(8);
        assertThat(Frames.difference(frames.last(), startImage)).isGreaterThan(20);
    }

    @Test
    void veoAudioOffIsSilentAndCheaper() {
        start(SimSettings.fast());
        Map<String, Object> body = RunwayTestClient.body();
        body.put("model", "veo3.1");
        body.put("duration", 8);
        body.put("audio", false);
        body.remove("promptText");

        SimHttp.Answer created = client.create(body);

        assertThat(created.status()).as(created.json().toString()).isEqualTo(200);
        assertThat(created.json().at("/estimatedCost/credits").asInt()).isEqualTo(160); // 20/s silent x 8 s
    }

    @Test
    void aSucceededTaskFetchedAgainGivesAFreshUrl() {
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ZERO, Duration.ZERO));
        String id = client.createId();
        String first = client.awaitDone(id).at("/output/0").asText();
        clock.advance(Duration.ofHours(1));
        String second = client.get(id).json().at("/output/0").asText();
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void estimatedCostCanBeLeftOut() {
        sim = RunwaySimulator.start(SimSettings.fast(), RunwaySimulator.DEFAULT_API_KEY,
                RunwayOptions.defaults().withEstimatedCost(false));
        client = new RunwayTestClient(sim);
        SimHttp.Answer created = client.create();
        assertThat(created.json().has("estimatedCost")).isFalse();
        assertThat(created.json().has("id")).isTrue();
    }

    @Test
    void theImageIsCroppedOrPaddedIntoTheRatio(@TempDir Path dir) throws Exception {
        sim = RunwaySimulator.start(SimSettings.fast(), RunwaySimulator.DEFAULT_API_KEY,
                RunwayOptions.defaults().withFit(io.storyreel.sim.render.ClipRenderer.Fit.PAD));
        client = new RunwayTestClient(sim);
        Map<String, Object> body = RunwayTestClient.body();
        body.put("promptImage", RunwayTestClient.dataUri(TestImages.jpeg(500, 500)));
        String url = client.awaitDone(client.create(body).json().get("id").asText()).at("/output/0").asText();
        Path file = dir.resolve("padded.mp4");
        client.http.download(url, file);
        int edge = Frames.of(file).first().getRGB(10, 360) & 0xffffff;
        assertThat(((edge >> 16) & 0xff) + ((edge >> 8) & 0xff) + (edge & 0xff)).isLessThan(60); // a black bar
        assertThat(Files.size(file)).isPositive();
    }
}
