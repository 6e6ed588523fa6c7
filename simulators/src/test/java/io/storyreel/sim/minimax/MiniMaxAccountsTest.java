package io.storyreel.sim.minimax;

import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tasks belong to the account that created them (spec §2.5: "Only tasks created under the current account can be
 * queried"): with {@link MiniMaxSimulator#addAccount}, a second key creates its own tasks, is journalled under its own
 * key, and cannot query or retrieve the first account's task or file.
 */
class MiniMaxAccountsTest {

    @Test
    void aSecondKeyIsItsOwnAccountAndCannotSeeTheFirstAccountsTasks() {
        try (MiniMaxSimulator sim = MiniMaxSimulator.start(SimSettings.fast())) {
            MiniMaxTestClient first = new MiniMaxTestClient(sim);
            String other = "Bearer second-member-minimax-api-key";
            String create = sim.baseUrl() + "/v1/video_generation";

            assertThat(first.http.post(create, other, MiniMaxTestClient.body()).json().get("base_resp")
                    .get("status_code").asInt()).as("an unknown key").isEqualTo(2049);
            sim.addAccount("second-member-minimax-api-key");

            String taskId = first.create().json().get("task_id").asText();
            String fileId = first.awaitDone(taskId).get("file_id").asText();
            SimHttp.Answer query = first.http.get(sim.baseUrl() + "/v1/query/video_generation?task_id=" + taskId, other);
            assertThat(query.json().get("base_resp").get("status_code").asInt()).isEqualTo(2013);
            assertThat(query.json().path("status").asText()).isEmpty();
            SimHttp.Answer retrieve = first.http.get(sim.baseUrl() + "/v1/files/retrieve?file_id=" + fileId, other);
            assertThat(retrieve.json().get("base_resp").get("status_code").asInt()).isNotZero();
            assertThat(retrieve.json().path("file").isMissingNode() || retrieve.json().path("file").isNull()).isTrue();

            String own = first.http.post(create, other, MiniMaxTestClient.body()).json().get("task_id").asText();
            assertThat(first.http.get(sim.baseUrl() + "/v1/query/video_generation?task_id=" + own, other).json()
                    .get("base_resp").get("status_code").asInt()).isZero();
            assertThat(first.query(own).json().get("base_resp").get("status_code").asInt())
                    .as("and the first account cannot see the second's").isEqualTo(2013);
            assertThat(sim.journal().createsFor("second-member-minimax-api-key")).isEqualTo(1);
            assertThat(sim.journal().createsFor(sim.apiKey())).isEqualTo(1);
        }
    }
}
