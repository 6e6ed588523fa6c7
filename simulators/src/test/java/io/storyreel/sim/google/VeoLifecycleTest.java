package io.storyreel.sim.google;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.Frames;
import io.storyreel.sim.taskapi.Mp4Probe;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.sim.taskapi.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** predictLongRunning, the operation on the clock, the keyed download through its redirect, last frames, costs. */
class VeoLifecycleTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private VeoSimulator sim;
    private VeoTestClient client;

    private void start(SimSettings settings, VeoOptions options) {
        sim = VeoSimulator.start(settings, VeoSimulator.DEFAULT_API_KEY, options);
        client = new VeoTestClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void anOperationRunsOnTheClockAndItsVideoIsDownloadedWithTheKey(@TempDir Path dir) throws Exception {
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ofSeconds(10), Duration.ofSeconds(60)),
                VeoOptions.defaults());

        SimHttp.Answer created = client.create(VeoTestClient.MODEL, VeoTestClient.body(Map.of(), Map.of()));

        assertThat(created.status()).isEqualTo(200);
        String name = created.json().get("name").asText();
        assertThat(name).matches("models/veo-3\\.1-fast-generate-preview/operations/[a-z0-9]+");
        JsonNode running = client.operation(name).json();
        assertThat(running.get("name").asText()).isEqualTo(name);
        assertThat(running.has("done")).isFalse();

        clock.advance(Duration.ofSeconds(71));
        JsonNode done = client.awaitDone(name);
        String uri = done.at("/response/generateVideoResponse/generatedSamples/0/video/uri").asText();
        assertThat(uri).matches(".*/v1beta/files/[a-z0-9]+:download\\?alt=media");

        HttpResponse<byte[]> video = client.download(uri, false);
        assertThat(video.statusCode()).isEqualTo(200);
        Path file = dir.resolve("veo.mp4");
        Files.write(file, video.body());
        Mp4Probe probe = Mp4Probe.of(file);
        assertThat(probe.width()).isEqualTo(720);
        assertThat(probe.height()).isEqualTo(1280);
        assertThat(probe.fps()).isCloseTo(24, within(0.01));
        assertThat(probe.audio()).isTrue(); // Veo 3 always makes sound on the Gemini API

        assertThat(sim.journal().creates()).isEqualTo(1);
        assertThat(sim.charges().get(0).charged()).isEqualByComparingTo("0.60"); // $0.15/s x 4 s
        // the storage URL the download redirected to never saw the key
        CallJournal.Call storage = sim.journal().calls().stream().filter(c -> c.path().startsWith("/veo-storage/"))
                .findFirst().orElseThrow();
        assertThat(storage.credentialId()).isNull();
        assertThat(storage.httpStatus()).isEqualTo(200);
    }

    @Test
    void aKeyCanBeCheckedForFreeByReadingAModel() {
        start(SimSettings.fast().withClock(clock), VeoOptions.defaults());
        String model = sim.baseUrl() + "/v1beta/models/" + VeoTestClient.MODEL;

        SimHttp.Answer described = client.http.send("GET", model, Map.of("x-goog-api-key", sim.apiKey()), null);
        SimHttp.Answer listed = client.http.send("GET", sim.baseUrl() + "/v1beta/models",
                Map.of("x-goog-api-key", sim.apiKey()), null);
        SimHttp.Answer unknown = client.http.send("GET", sim.baseUrl() + "/v1beta/models/veo-9",
                Map.of("x-goog-api-key", sim.apiKey()), null);
        SimHttp.Answer wrongKey = client.http.send("GET", model, Map.of("x-goog-api-key", "AIzaWrong000000000000000"),
                null);

        assertThat(described.status()).isEqualTo(200);
        assertThat(described.json().get("name").asText()).isEqualTo("models/" + VeoTestClient.MODEL);
        assertThat(described.json().get("supportedGenerationMethods").toString()).contains("predictLongRunning");
        assertThat(listed.json().get("models").size()).isEqualTo(VeoOptions.defaults().models().size());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(wrongKey.status()).isEqualTo(400);
        assertThat(wrongKey.json().at("/error/details/0/reason").asText()).isEqualTo("API_KEY_INVALID");
        assertThat(sim.journal().creates()).isZero();
    }

    @Test
    void theDownloadNeedsTheKeyAndFilesAreGoneAfterTwoDays() throws Exception {
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ZERO, Duration.ZERO), VeoOptions.defaults());
        String uri = client.awaitDone(client.createName(VeoTestClient.body(Map.of(), Map.of())))
                .at("/response/generateVideoResponse/generatedSamples/0/video/uri").asText();

        SimHttp.Answer keyless = client.http.get(uri, null);
        assertThat(keyless.status()).isEqualTo(403);
        assertThat(keyless.json().at("/error/status").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(client.download(uri + "&key=" + sim.apiKey(), false).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofDays(2));
        HttpResponse<byte[]> gone = client.download(uri, false);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(SimHttp.JSON.readTree(gone.body()).at("/error/status").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aLastFrameMakesTheClipEndOnIt(@TempDir Path dir) throws Exception {
        start(SimSettings.fast(), VeoOptions.defaults().withRedirectDownloads(false));
        byte[] end = TestImages.jpeg(720, 1280, new Color(20, 140, 40), new Color(230, 40, 200));
        String name = client.createName(VeoTestClient.body(Map.of("lastFrame", VeoTestClient.inline(end)),
                Map.of("personGeneration", "allow_adult")));

        String uri = client.awaitDone(name).at("/response/generateVideoResponse/generatedSamples/0/video/uri")
                .asText();
        HttpResponse<byte[]> direct = client.download(uri, false);
        assertThat(direct.statusCode()).isEqualTo(200); // no redirect when switched off
        Path file = dir.resolve("bridge.mp4");
        Files.write(file, direct.body());

        Frames frames = Frames.of(file);
        assertThat(Frames.difference(frames.first(), VeoTestClient.PHOTO)).isLessThan(8);
        assertThat(Frames.difference(frames.last(), end)).isLessThan(8);
        assertThat(Frames.difference(frames.last(), VeoTestClient.PHOTO)).isGreaterThan(20);
    }

    @Test
    void theVideoCanComeInlineAndDoneFalseCanBeWritten() {
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ofSeconds(5), Duration.ofSeconds(5)),
                VeoOptions.defaults().withInlineVideo(true).withDoneFalseWhileRunning(true));
        String name = client.createName(VeoTestClient.body(Map.of(), Map.of()));
        assertThat(client.operation(name).json().get("done").asBoolean(true)).isFalse();
        clock.advance(Duration.ofSeconds(11));
        JsonNode video = client.awaitDone(name).at("/response/generateVideoResponse/generatedSamples/0/video");
        assertThat(video.get("encoding").asText()).isEqualTo("video/mp4");
        byte[] mp4 = Base64.getDecoder().decode(video.get("encodedVideo").asText());
        assertThat(new String(mp4, 4, 4)).isEqualTo("ftyp");
    }

    @Test
    void textOnlyRequestsAreServedToo() {
        start(SimSettings.fast(), VeoOptions.defaults());
        SimHttp.Answer a = client.create("veo-3.0-fast-generate-001", Map.of(
                "instances", java.util.List.of(Map.of("prompt", "a lighthouse at dusk")),
                "parameters", Map.of("durationSeconds", "6")));
        assertThat(a.status()).as(String.valueOf(a.json())).isEqualTo(200);
        assertThat(client.awaitDone(a.json().get("name").asText())
                .at("/response/generateVideoResponse/generatedSamples").size()).isEqualTo(1);
    }
}
