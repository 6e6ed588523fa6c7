package io.storyreel.app.runtime;

import io.storyreel.core.generation.GenerationEngine;
import io.storyreel.core.generation.GenerationListener;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bot's callback endpoint over real HTTP: MiniMax's challenge is echoed; Kling's flat task and a relay's
 * enveloped copy both name the task to poll; anything else is refused and polls nothing.
 */
class CallbackServerTest {
    private final List<String> changed = new CopyOnWriteArrayList<>();
    private final GenerationEngine engine = new GenerationEngine() {
        @Override
        public void attach(GenerationListener listener) {
        }

        @Override
        public void start(String storybookId, long uploadLimitBytes) {
        }

        @Override
        public void retryClip(String storybookId, int position, String payerKey, String replacing) {
        }

        @Override
        public java.util.Optional<io.storyreel.core.generation.CurrentClip> currentClip(String storybookId, int position) {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.Set<Integer> alreadyMade(String storybookId, String provider) {
            return java.util.Set.of();
        }

        @Override
        public io.storyreel.core.generation.GenerationLimits.Admission admits(String payerKey,
                io.storyreel.core.generation.GenerationLimits.Order order) {
            return new io.storyreel.core.generation.GenerationLimits.Admission(true, null);
        }

        @Override
        public void mergeWithout(String storybookId) {
        }

        @Override
        public CancelResult cancel(String storybookId) {
            return null;
        }

        @Override
        public void filmDelivered(String filmId) {
        }

        @Override
        public void deliveryFailed(String filmId, boolean tooLarge, String reason) {
        }

        @Override
        public void startWorkers() {
        }

        @Override
        public void stop() {
        }

        @Override
        public void taskChanged(String provider, String providerTaskId) {
            changed.add(provider + ":" + providerTaskId);
        }
    };
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void echoesChallengesAndPassesTaskIdsToTheEngine() throws Exception {
        try (CallbackServer server = new CallbackServer(0, engine)) {
            String base = "http://127.0.0.1:" + server.port() + "/hooks";

            HttpResponse<String> challenge = post(base + "/minimax", "{\"challenge\":\"c-123\"}");
            assertThat(challenge.statusCode()).isEqualTo(200);
            assertThat(challenge.body()).isEqualTo("{\"challenge\":\"c-123\"}");

            assertThat(post(base + "/minimax", "{\"task_id\":\"115\",\"status\":\"Success\",\"file_id\":\"2\","
                    + "\"base_resp\":{\"status_code\":0,\"status_msg\":\"success\"}}").statusCode()).isEqualTo(200);
            assertThat(post(base + "/kling", "{\"task_id\":\"Cj1\",\"task_status\":\"succeed\"}").statusCode())
                    .isEqualTo(200);
            assertThat(post(base + "/kling/", "{\"code\":0,\"data\":{\"task_id\":\"Cj2\"}}").statusCode())
                    .isEqualTo(200);
            assertThat(changed).containsExactly("minimax:115", "kling:Cj1", "kling:Cj2");

            assertThat(post(base + "/luma", "{\"task_id\":\"x\"}").statusCode()).isEqualTo(404);
            assertThat(post(base + "/kling", "not json").statusCode()).isEqualTo(400);
            assertThat(post(base + "/kling", "{\"task_status\":\"succeed\"}").statusCode()).isEqualTo(200);
            assertThat(changed).hasSize(3);
        }
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }
}
