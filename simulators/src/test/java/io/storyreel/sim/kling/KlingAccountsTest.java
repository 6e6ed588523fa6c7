package io.storyreel.sim.kling;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second key pair is refused until {@link KlingSimulator#addAccount} registers it; then its creates are its own, and
 * its tasks belong to it: another account's key cannot see them, by task id or by external id (spec: external ids are
 * unique "within a single user account", and a query finds tasks of the caller's account only).
 */
class KlingAccountsTest {

    private static String bearer(String ak, String sk) {
        return "Bearer " + JWT.create().withIssuer(ak).withHeader(Map.of("alg", "HS256"))
                .withExpiresAt(new Date(System.currentTimeMillis() + 1_800_000))
                .withNotBefore(new Date(System.currentTimeMillis() - 5_000))
                .sign(Algorithm.HMAC256(sk));
    }

    @Test
    void anAddedAccountIsAcceptedAndJournalledUnderItsAccessKey() {
        try (KlingSimulator sim = KlingSimulator.start(SimSettings.fast())) {
            KlingTestClient client = new KlingTestClient(sim, SimSettings.fast().clock());
            String url = sim.baseUrl() + "/v1/videos/image2video";
            String ak = "second-member-access-key";
            String sk = "second-member-secret-key-987654321";

            SimHttp.Answer before = client.http.post(url, bearer(ak, sk), KlingTestClient.body());
            assertThat(before.status()).isEqualTo(401);
            assertThat(before.json().get("code").asInt()).isEqualTo(1000);

            sim.addAccount(ak, sk);
            assertThat(client.http.post(url, bearer(ak, sk), KlingTestClient.body()).status()).isEqualTo(200);
            assertThat(client.http.post(url, bearer(sim.accessKey(), sim.secretKey()), KlingTestClient.body()).status())
                    .isEqualTo(200);
            assertThat(client.http.post(url, bearer(ak, "a-wrong-secret-key-000000000"), KlingTestClient.body())
                    .status()).isEqualTo(401);

            assertThat(sim.journal().createsFor(ak)).isEqualTo(1);
            assertThat(sim.journal().createsFor(sim.accessKey())).isEqualTo(1);
        }
    }

    @Test
    void oneAccountsTaskIsNotFoundWithAnotherAccountsKey() {
        try (KlingSimulator sim = KlingSimulator.start(SimSettings.fast())) {
            KlingTestClient client = new KlingTestClient(sim, SimSettings.fast().clock());
            String ak = "second-member-access-key";
            String sk = "second-member-secret-key-987654321";
            sim.addAccount(ak, sk);
            Map<String, Object> body = KlingTestClient.body();
            body.put("external_task_id", "clip-of-the-first-account");
            String taskId = client.create(body).json().get("data").get("task_id").asText();
            String url = sim.baseUrl() + "/v1/videos/image2video/";

            assertThat(client.query(taskId).status()).isEqualTo(200);
            assertThat(client.query("clip-of-the-first-account").status()).isEqualTo(200);
            for (String id : new String[]{taskId, "clip-of-the-first-account"}) {
                SimHttp.Answer other = client.http.get(url + id, bearer(ak, sk));
                assertThat(other.status()).as("the second account asking for %s", id).isEqualTo(404);
                assertThat(other.json().get("code").asInt()).isEqualTo(1203);
            }
            // the second account may use the same external id for a task of its own
            assertThat(client.http.post(sim.baseUrl() + "/v1/videos/image2video", bearer(ak, sk), body).status())
                    .isEqualTo(200);
            assertThat(sim.journal().createsForExternalId("clip-of-the-first-account")).isEqualTo(2);
        }
    }
}
