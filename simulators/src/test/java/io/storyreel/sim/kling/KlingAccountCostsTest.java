package io.storyreel.sim.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /account/costs} (spec §1.4): token checked like any call, both times required, at most one call a second
 * per account, and the resource pack's remaining quantity lowered by each succeeded task's units.
 */
class KlingAccountCostsTest {

    @Test
    void answersWithTheResourcePackAndCountsWhatSucceededTasksCost() {
        SettableClock clock = new SettableClock(Instant.now());
        SimSettings fast = SimSettings.fast();
        SimSettings settings = new SimSettings(fast.port(), clock, fast.queueTime(), fast.processingTime(),
                fast.clipSeconds(), fast.urlLifetime());
        try (KlingSimulator sim = KlingSimulator.start(settings)) {
            KlingTestClient client = new KlingTestClient(sim, clock);
            String base = sim.baseUrl() + "/account/costs";
            long ms = clock.millis();
            String query = "?start_time=" + (ms - 86_400_000) + "&end_time=" + ms;

            assertThat(client.http.get(base + query, "Bearer not-a-jwt").json().get("code").asInt()).isEqualTo(1002);
            SimHttp.Answer missing = client.http.get(base + "?end_time=" + ms, client.bearer());
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.json().get("code").asInt()).isEqualTo(1201);
            SimHttp.Answer backwards = client.http.get(base + "?start_time=" + ms + "&end_time=" + (ms - 1),
                    client.bearer());
            assertThat(backwards.json().get("code").asInt()).isEqualTo(1201);

            SimHttp.Answer first = client.http.get(base + query, client.bearer());
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.json().get("code").asInt()).isZero();
            JsonNode pack = first.json().get("data").get("resource_pack_subscribe_infos").get(0);
            double before = pack.get("remaining_quantity").asDouble();
            assertThat(before).isEqualTo(pack.get("total_quantity").asDouble());

            SimHttp.Answer tooSoon = client.http.get(base + query, client.bearer());
            assertThat(tooSoon.status()).isEqualTo(429);
            assertThat(tooSoon.json().get("code").asInt()).isEqualTo(1302);

            String taskId = client.create().json().get("data").get("task_id").asText();
            clock.advance(Duration.ofSeconds(30)); // the task finishes on the simulator's clock
            JsonNode done = client.awaitDone(taskId);
            assertThat(done.get("task_status").asText()).isEqualTo("succeed");
            double units = done.get("final_unit_deduction").asDouble();
            assertThat(units).isPositive();

            JsonNode after = client.http.get(base + query, client.bearer()).json();
            assertThat(after.get("code").asInt()).isZero();
            assertThat(after.get("data").get("resource_pack_subscribe_infos").get(0).get("remaining_quantity")
                    .asDouble()).isEqualTo(before - units);
            clock.advance(Duration.ofSeconds(2));
            assertThat(client.http.get(base + query + "&resource_pack_name=no-such-pack", client.bearer()).json()
                    .get("data").get("resource_pack_subscribe_infos").size()).isZero();
        }
    }
}
