package io.storyreel.sim.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.CallbackReceiver;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Spec §2.6: a challenge first (a task is created only if it is echoed), then every status change. */
class MiniMaxCallbacksTest {

    @Test
    void theChallengeIsEchoedThenEveryStatusChangeIsPosted() {
        try (MiniMaxSimulator sim = MiniMaxSimulator.start(SimSettings.fast());
             CallbackReceiver hook = new CallbackReceiver()) {
            MiniMaxTestClient client = new MiniMaxTestClient(sim);
            Map<String, Object> body = MiniMaxTestClient.body();
            body.put("callback_url", hook.url());
            SimHttp.Answer created = client.create(body);
            assertThat(created.json().get("base_resp").get("status_code").asInt()).isZero();
            String taskId = created.json().get("task_id").asText();

            await().atMost(Duration.ofSeconds(30)).until(() -> hook.bodies().stream()
                    .anyMatch(b -> b.path("status").asText().equals("Success")));
            assertThat(hook.bodies().get(0).has("challenge")).isTrue();
            JsonNode done = hook.bodies().get(hook.bodies().size() - 1);
            assertThat(done.get("task_id").asText()).isEqualTo(taskId);
            assertThat(done.get("file_id").asText()).isNotEmpty();
            assertThat(done.get("base_resp").get("status_code").asInt()).isZero();
            assertThat(done.has("video_width")).isFalse();
            assertThat(hook.bodies()).extracting(b -> b.path("status").asText()).contains("Processing");
        }
    }

    @Test
    void aCallbackThatDoesNotEchoTheChallengeCreatesNoTask() {
        try (MiniMaxSimulator sim = MiniMaxSimulator.start(SimSettings.fast());
             CallbackReceiver hook = new CallbackReceiver().ignoringChallenges()) {
            MiniMaxTestClient client = new MiniMaxTestClient(sim);
            Map<String, Object> body = MiniMaxTestClient.body();
            body.put("callback_url", hook.url());
            SimHttp.Answer created = client.create(body);

            assertThat(created.json().get("base_resp").get("status_code").asInt()).isEqualTo(2013);
            assertThat(created.json().path("task_id").asText("")).isEmpty();
            await().atMost(Duration.ofSeconds(5)).until(() -> !sim.journal().calls().isEmpty());
            assertThat(sim.journal().creates()).isZero();
        }
    }
}
