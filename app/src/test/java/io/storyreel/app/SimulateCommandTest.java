package io.storyreel.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.app.demo.SamplePhotos;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code storyreel simulate} serves a Kling client written from the official documentation alone: the JWT built as
 * in the spec's Python sample (HS256, iss = access key, exp = now + 1800, nbf = now - 5, signed with the secret key's
 * UTF-8 bytes), then create, poll and download over plain HTTP. No Storyreel client code is used here.
 */
class SimulateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    @Test
    void servesAClientThatFollowsTheOfficialKlingDocumentation() throws Exception {
        SimulateCommand cmd = new SimulateCommand();
        CommandLine cl = new CommandLine(cmd);
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> cl.execute(
                "--kling-port", "0", "--minimax-port", "0", "--telegram-port", "0", "--discord-port", "0", "--clip-seconds", "1",
                "--kling-access-key", "doc-ak-123456", "--kling-secret-key", "doc-sk-abcdefghijklmnop"));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("Running until stopped"));
            Matcher m = Pattern.compile("Kling simulator\\s+(http://127\\.0\\.0\\.1:\\d+)\\s+access key: (\\S+)\\s+secret key: (\\S+)")
                    .matcher(out.toString());
            assertThat(m.find()).as(out.toString()).isTrue();
            String base = m.group(1);
            assertThat(out.toString()).containsPattern("Telegram Bot API\\s+http://127\\.0\\.0\\.1:\\d+")
                    .containsPattern("Discord\\s+http://127\\.0\\.0\\.1:\\d+/api/v10\\s+gateway: ws://");
            assertThat(m.group(2)).isEqualTo("doc-ak-123456");
            String token = officialJwt(m.group(2), m.group(3));

            HttpClient http = HttpClient.newHttpClient();
            String image = Base64.getEncoder().encodeToString(SamplePhotos.all().get(0).jpeg());
            String body = JSON.writeValueAsString(JSON.createObjectNode()
                    .put("model_name", "kling-v2-1").put("mode", "std").put("duration", "5")
                    .put("prompt", "Camera zooms out slowly").put("image", image));
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/videos/image2video"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            JsonNode c = JSON.readTree(created.body());
            assertThat(c.path("code").asInt()).isZero();
            assertThat(c.path("message").asText()).isEqualTo("SUCCEED");
            String taskId = c.path("data").path("task_id").asText();
            assertThat(c.path("data").path("task_status").asText()).isEqualTo("submitted");

            JsonNode[] done = new JsonNode[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                HttpResponse<String> q = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/videos/image2video/" + taskId))
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
                JsonNode d = JSON.readTree(q.body()).path("data");
                assertThat(d.path("task_status").asText()).isIn("submitted", "processing", "succeed");
                done[0] = d;
                return d.path("task_status").asText().equals("succeed");
            });
            String url = done[0].path("task_result").path("videos").get(0).path("url").asText();
            HttpResponse<byte[]> video = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(video.statusCode()).isEqualTo(200);
            byte[] mp4 = video.body();
            assertThat(new String(mp4, 4, 4, StandardCharsets.ISO_8859_1)).isEqualTo("ftyp");
            assertThat(done[0].path("final_unit_deduction").asText()).isNotBlank();
        } finally {
            cmd.stop.countDown();
        }
        assertThat(running.get()).isZero();
    }

    /** The JWT exactly as the official Python sample builds it, with the JDK's own HMAC. */
    private static String officialJwt(String ak, String sk) throws Exception {
        long now = Instant.now().getEpochSecond();
        String header = B64URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = B64URL.encodeToString(("{\"iss\":\"" + ak + "\",\"exp\":" + (now + 1800) + ",\"nbf\":" + (now - 5) + "}")
                .getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(sk.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = B64URL.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
        return header + "." + payload + "." + sig;
    }
}
