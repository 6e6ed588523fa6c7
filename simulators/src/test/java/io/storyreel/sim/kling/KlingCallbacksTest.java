package io.storyreel.sim.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.CallbackReceiver;
import io.storyreel.sim.taskapi.SimSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Spec §1.5: with a {@code callback_url}, each status change is POSTed as the flat task object. */
class KlingCallbacksTest {

    @Test
    void eachStatusChangeIsPostedAsTheFlatTaskObject() {
        try (KlingSimulator sim = KlingSimulator.start(SimSettings.fast());
             CallbackReceiver hook = new CallbackReceiver()) {
            KlingTestClient client = new KlingTestClient(sim, SimSettings.fast().clock());
            Map<String, Object> body = KlingTestClient.body();
            body.put("callback_url", hook.url());
            body.put("external_task_id", "clip-with-callback");
            String taskId = client.create(body).json().get("data").get("task_id").asText();

            await().atMost(Duration.ofSeconds(30)).until(() -> hook.bodies().stream()
                    .anyMatch(b -> b.path("task_status").asText().equals("succeed")));
            assertThat(hook.bodies()).extracting(b -> b.path("task_status").asText())
                    .containsExactly("processing", "succeed");
            JsonNode done = hook.bodies().get(1);
            assertThat(done.has("code")).as("flat, no envelope").isFalse();
            assertThat(done.get("task_id").asText()).isEqualTo(taskId);
            assertThat(done.get("task_info").get("external_task_id").asText()).isEqualTo("clip-with-callback");
            assertThat(done.get("task_result").get("videos").get(0).get("url").asText()).startsWith("http");
            assertThat(done.get("final_unit_deduction").asText()).isNotEmpty();
        }
    }
}
