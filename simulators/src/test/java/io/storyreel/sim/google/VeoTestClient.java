package io.storyreel.sim.google;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.TestImages;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Hand-built Gemini API requests for simulator tests, as spec §3 describes them. */
final class VeoTestClient {

    static final String MODEL = "veo-3.1-fast-generate-preview";
    static final byte[] PHOTO = TestImages.jpeg(720, 1280);

    final SimHttp http = new SimHttp();
    final HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final VeoSimulator sim;

    VeoTestClient(VeoSimulator sim) {
        this.sim = sim;
    }

    static Map<String, Object> inline(byte[] jpeg) {
        return Map.of("bytesBase64Encoded", Base64.getEncoder().encodeToString(jpeg), "mimeType", "image/jpeg");
    }

    static Map<String, Object> body(Map<String, Object> instanceExtras, Map<String, Object> parameters) {
        Map<String, Object> instance = new LinkedHashMap<>();
        instance.put("prompt", "She turns toward the window and smiles");
        instance.put("image", inline(PHOTO));
        instance.putAll(instanceExtras);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("aspectRatio", "9:16");
        params.put("durationSeconds", 4);
        params.putAll(parameters);
        return Map.of("instances", List.of(instance), "parameters", params);
    }

    SimHttp.Answer create(String model, Object body) {
        return http.send("POST", sim.baseUrl() + "/v1beta/models/" + model + ":predictLongRunning",
                Map.of("x-goog-api-key", sim.apiKey()), body);
    }

    String createName(Object body) {
        SimHttp.Answer a = create(MODEL, body);
        if (a.status() != 200) {
            throw new AssertionError("create answered " + a.status() + " " + a.json());
        }
        return a.json().get("name").asText();
    }

    SimHttp.Answer operation(String name) {
        return http.send("GET", sim.baseUrl() + "/v1beta/" + name, Map.of("x-goog-api-key", sim.apiKey()), null);
    }

    JsonNode awaitDone(String name) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = operation(name).json();
            return last[0].path("done").asBoolean(false);
        });
        return last[0];
    }

    /** The download as spec §3.4 says: with the key, a redirect followed by hand without the key. */
    HttpResponse<byte[]> download(String uri, boolean sendKeyOnRedirect) throws Exception {
        HttpResponse<byte[]> first = noRedirects.send(HttpRequest.newBuilder(URI.create(uri))
                .header("x-goog-api-key", sim.apiKey()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (first.statusCode() / 100 != 3) {
            return first;
        }
        HttpRequest.Builder next = HttpRequest.newBuilder(URI.create(first.headers().firstValue("Location")
                .orElseThrow())).GET();
        if (sendKeyOnRedirect) {
            next.header("x-goog-api-key", sim.apiKey());
        }
        return noRedirects.send(next.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
