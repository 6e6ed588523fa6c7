package io.storyreel.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.app.demo.SamplePhotos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code storyreel simulate} serves Runway, fal.ai and Google Veo to clients written here from
 * {@code shared/specs/providers-next.md} alone, over plain {@code java.net.http} (no Storyreel client code): each
 * creates a task from a sample photo, polls it to the end and downloads a real MP4; the admin routes arm faults and
 * show the journal for each.
 */
class SimulateNewProvidersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUNWAY_KEY = "key_" + "ab".repeat(64);

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final StringWriter out = new StringWriter();
    private SimulateCommand cmd;
    private CompletableFuture<Integer> running;
    private String photo;

    @BeforeEach
    void startSimulate() {
        cmd = new SimulateCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out, true));
        running = CompletableFuture.supplyAsync(() -> cl.execute("--kling-port", "0", "--minimax-port", "0",
                "--runway-port", "0", "--fal-port", "0", "--google-port", "0", "--telegram-port", "0",
                "--discord-port", "0", "--clip-seconds", "1", "--runway-api-key", RUNWAY_KEY,
                "--fal-key", "spec-id:spec-secret", "--google-api-key", "AIza-spec-key"));
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("Running until stopped"));
        photo = Base64.getEncoder().encodeToString(SamplePhotos.all().get(0).jpeg());
    }

    @AfterEach
    void stop() throws Exception {
        cmd.stop.countDown();
        assertThat(running.get()).isZero();
    }

    @Test
    void thePrintedRunLinePointsTheBotAtRunwayAndGoogle() {
        String runway = find("Runway simulator\\s+(http://127\\.0\\.0\\.1:\\d+)").group(1);
        String google = find("Google Veo sim\\s+(http://127\\.0\\.0\\.1:\\d+)/v1beta").group(1);
        assertThat(find("storyreel run .*").group()).contains(" --runway-base-url " + runway)
                .contains(" --google-base-url " + google);
    }

    @Test
    void runwayServesAClientWrittenFromTheSpec() throws Exception {
        Matcher m = find("Runway simulator\\s+(http://127\\.0\\.0\\.1:\\d+)\\s+API key: (\\S+)");
        String base = m.group(1);
        assertThat(m.group(2)).isEqualTo(RUNWAY_KEY);
        String body = JSON.createObjectNode().put("model", "gen4_turbo")
                .put("promptImage", "data:image/jpeg;base64," + photo).put("promptText", "Slow push-in")
                .put("ratio", "1280:720").put("duration", 5).toString();

        HttpResponse<String> created = send(runway(base + "/v1/image_to_video").POST(
                HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = JSON.readTree(created.body()).get("id").asText();

        JsonNode[] task = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            task[0] = JSON.readTree(send(runway(base + "/v1/tasks/" + id).GET()).body());
            assertThat(task[0].get("status").asText()).isIn("PENDING", "THROTTLED", "RUNNING", "SUCCEEDED");
            return task[0].get("status").asText().equals("SUCCEEDED");
        });
        assertThat(task[0].at("/cost/credits").asInt()).isEqualTo(25);
        assertMp4(bytes(HttpRequest.newBuilder(URI.create(task[0].at("/output/0").asText())).GET()));

        assertThat(send(runway(base + "/v1/tasks/" + id).DELETE()).statusCode()).isEqualTo(204);
        assertThat(send(runway(base + "/v1/tasks/" + id).GET()).statusCode()).isEqualTo(404);
        assertThat(journalCreates(base)).isEqualTo(1);
    }

    @Test
    void falServesAClientWrittenFromTheSpec() throws Exception {
        Matcher m = find("fal\\.ai simulator\\s+(http://127\\.0\\.0\\.1:\\d+)\\s+key: (\\S+)\\s+webhook JWKS: (\\S+)");
        String base = m.group(1);
        String key = m.group(2);
        assertThat(key).isEqualTo("spec-id:spec-secret");
        JsonNode jwks = JSON.readTree(send(HttpRequest.newBuilder(URI.create(m.group(3))).GET()).body());
        assertThat(jwks.at("/keys/0/crv").asText()).isEqualTo("Ed25519");
        String body = JSON.createObjectNode().put("image_url", "data:image/jpeg;base64," + photo)
                .put("prompt", "The camera slowly pushes in").toString();

        HttpResponse<String> submitted = send(HttpRequest.newBuilder(URI.create(base + "/fal-ai/pika/v2.2/image-to-video"))
                .header("Authorization", "Key " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
        JsonNode queue = JSON.readTree(submitted.body());
        assertThat(queue.get("status").asText()).isEqualTo("IN_QUEUE");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> s = send(HttpRequest.newBuilder(URI.create(queue.get("status_url").asText()))
                    .header("Authorization", "Key " + key).GET());
            assertThat(s.statusCode() / 100).isEqualTo(2);
            return JSON.readTree(s.body()).get("status").asText().equals("COMPLETED");
        });
        HttpResponse<String> result = send(HttpRequest.newBuilder(URI.create(queue.get("response_url").asText()))
                .header("Authorization", "Key " + key).GET());
        assertThat(result.statusCode()).isEqualTo(200);
        assertMp4(bytes(HttpRequest.newBuilder(URI.create(JSON.readTree(result.body()).at("/video/url").asText()))
                .GET()));
        assertThat(journalCreates(base)).isEqualTo(1);
    }

    @Test
    void googleVeoServesAClientWrittenFromTheSpecAndFaultsCanBeArmed() throws Exception {
        Matcher m = find("Google Veo sim\\s+(http://127\\.0\\.0\\.1:\\d+)/v1beta\\s+API key: (\\S+)");
        String base = m.group(1);
        String key = m.group(2);
        HttpResponse<String> armed = send(HttpRequest.newBuilder(URI.create(base + "/__admin/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"rule\":\"filterNextOutput\"}")));
        assertThat(armed.statusCode()).isEqualTo(200);

        String filtered = create(base, key);
        JsonNode done = awaitOperation(base, key, filtered);
        assertThat(done.at("/response/generateVideoResponse/raiMediaFilteredCount").asInt()).isEqualTo(1);
        assertThat(done.at("/response/generateVideoResponse").has("generatedSamples")).isFalse();

        JsonNode ok = awaitOperation(base, key, create(base, key));
        String uri = ok.at("/response/generateVideoResponse/generatedSamples/0/video/uri").asText();
        HttpResponse<byte[]> redirect = http.send(HttpRequest.newBuilder(URI.create(uri))
                .header("x-goog-api-key", key).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(redirect.statusCode()).isEqualTo(302);
        // followed by hand, without the key, as the spec tells clients to
        assertMp4(bytes(HttpRequest.newBuilder(URI.create(redirect.headers().firstValue("Location").orElseThrow()))
                .GET()));
        assertThat(journalCreates(base)).isEqualTo(2);
    }

    @Test
    void aBadRunwayKeyIsOneLineAndExitCode2() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("simulate", "--runway-api-key", "not-a-runway-key", "--kling-port", "0");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--runway-api-key").doesNotContain("Exception");
    }

    private String create(String base, String key) throws Exception {
        String body = "{\"instances\":[{\"prompt\":\"She smiles\",\"image\":{\"bytesBase64Encoded\":\"" + photo
                + "\",\"mimeType\":\"image/jpeg\"}}],\"parameters\":{\"aspectRatio\":\"16:9\",\"durationSeconds\":4}}";
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base
                + "/v1beta/models/veo-3.1-fast-generate-preview:predictLongRunning"))
                .header("x-goog-api-key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return JSON.readTree(created.body()).get("name").asText();
    }

    private JsonNode awaitOperation(String base, String key, String name) {
        JsonNode[] op = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            op[0] = JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/v1beta/" + name))
                    .header("x-goog-api-key", key).GET()).body());
            return op[0].path("done").asBoolean(false);
        });
        return op[0];
    }

    private HttpRequest.Builder runway(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + RUNWAY_KEY)
                .header("X-Runway-Version", "2024-11-06");
    }

    private int journalCreates(String base) throws Exception {
        return JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/__admin/journal")).GET()).body())
                .get("creates").asInt();
    }

    private Matcher find(String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(out.toString());
        assertThat(m.find()).as(out.toString()).isTrue();
        return m;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private byte[] bytes(HttpRequest.Builder request) throws Exception {
        HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static void assertMp4(byte[] mp4) {
        assertThat(new String(mp4, 4, 4, StandardCharsets.ISO_8859_1)).isEqualTo("ftyp");
        assertThat(mp4.length).isGreaterThan(1000);
    }
}
