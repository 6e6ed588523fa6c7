package io.storyreel.sim.runway;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Every fault rule as a Runway client sees it, and the paid creates on the journal. */
class RunwayFaultRulesTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private RunwaySimulator sim;
    private RunwayTestClient client;

    private void start(SimSettings settings, RunwayOptions options) {
        sim = RunwaySimulator.start(settings, RunwaySimulator.DEFAULT_API_KEY, options);
        client = new RunwayTestClient(sim);
    }

    private void start(SimSettings settings) {
        start(settings, RunwayOptions.defaults());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void rateLimitIs429WithRetryAfter() {
        start(SimSettings.fast());
        sim.faults().rateLimitNext(1, Duration.ofSeconds(7));

        SimHttp.Answer limited = client.create();

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("7");
        assertThat(client.create().status()).isEqualTo(200);
        assertThat(sim.journal().creates()).isEqualTo(1);
    }

    @Test
    void serverErrorsAre502Then503Then504() {
        start(SimSettings.fast());
        sim.faults().serverErrorsNext(3);

        List<Integer> statuses = List.of(client.create().status(), client.get("x").status(), client.create().status());

        assertThat(statuses).containsExactly(502, 503, 504);
        assertThat(sim.journal().creates()).isZero();
    }

    @Test
    void aCreateThatTimesOutHasCreatedAPaidTask() {
        start(SimSettings.fast());
        sim.faults().createTimesOutAfterCreating(Duration.ofMillis(200));

        assertThatThrownBy(client::create).isInstanceOf(UncheckedIOException.class);

        CallJournal.Call call = sim.journal().calls().get(0);
        assertThat(call.created()).isTrue();
        assertThat(call.httpStatus()).isEqualTo(-1);
        assertThat(sim.journal().creates()).isEqualTo(1);
        assertThat(sim.charges()).hasSize(1);
    }

    @Test
    void aFailedTaskCarriesItsFailureCodeAndIsNotCharged() {
        start(SimSettings.fast());
        sim.faults().failNextTask(null, "SAFETY.INPUT.TEXT");

        String id = client.createId();
        JsonNode failed = client.awaitDone(id);

        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("failureCode").asText()).isEqualTo("SAFETY.INPUT.TEXT");
        assertThat(failed.get("failure").asText()).isNotBlank();
        assertThat(failed.has("output")).isFalse();
        assertThat(sim.charges().get(0).charged()).isEqualByComparingTo(BigDecimal.ZERO);

        sim.faults().failNextTask(null);
        assertThat(client.awaitDone(client.createId()).get("failureCode").asText()).isEqualTo("SAFETY.OUTPUT.VIDEO");
    }

    @Test
    void aSlowTaskKeepsRunningUntilTheClockPassesIt() {
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ofSeconds(5), Duration.ofSeconds(30)));
        sim.faults().taskDuration(Duration.ofMinutes(20));

        String id = client.createId();
        clock.advance(Duration.ofMinutes(10));
        assertThat(client.status(id)).isEqualTo("RUNNING");
        clock.advance(Duration.ofMinutes(11));
        assertThat(client.awaitDone(id).get("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aHeldTaskIsThrottledForAWhile() {
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ofSeconds(5), Duration.ofSeconds(30)));
        sim.faults().holdNextTasks(1, Duration.ofMinutes(3), 0);

        String id = client.createId();
        assertThat(client.status(id)).isEqualTo("THROTTLED");
        clock.advance(Duration.ofMinutes(2));
        assertThat(client.status(id)).isEqualTo("THROTTLED");
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(client.status(id)).isEqualTo("PENDING");
    }

    @Test
    void tasksBeyondTheConcurrencyOfAModelWaitThrottledUntilASlotFrees() {
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ofSeconds(5), Duration.ofSeconds(60)));

        String a = client.createId();
        String b = client.createId();
        String c = client.createId();
        Map<String, Object> otherModel = RunwayTestClient.body();
        otherModel.put("model", "gen4.5");
        String d = client.create(otherModel).json().get("id").asText();

        assertThat(List.of(client.status(a), client.status(b), client.status(c), client.status(d)))
                .containsExactly("PENDING", "PENDING", "THROTTLED", "PENDING");
        clock.advance(Duration.ofSeconds(66)); // a and b finish; c gets a slot
        await().atMost(Duration.ofSeconds(30)).until(() -> client.status(a).equals("SUCCEEDED"));
        assertThat(client.status(c)).isIn("PENDING", "RUNNING");
        assertThat(sim.journal().creates()).isEqualTo(4);
    }

    @Test
    void aTruncatedDownloadSendsLessThanItsLength() throws Exception {
        start(SimSettings.fast());
        String url = client.awaitDone(client.createId()).at("/output/0").asText();
        sim.faults().truncateNextDownload();

        assertThatThrownBy(() -> client.http.getBytes(url)).isInstanceOf(IOException.class);
        assertThat(client.http.getBytes(url).statusCode()).isEqualTo(200);
    }

    @Test
    void outputUrlsExpireAndAFreshGetGivesAWorkingOne() throws Exception {
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ZERO, Duration.ZERO));
        String id = client.createId();
        String url = client.awaitDone(id).at("/output/0").asText();
        assertThat(client.http.getBytes(url).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofHours(24));

        assertThat(client.http.getBytes(url).statusCode()).isEqualTo(403);
        String fresh = client.get(id).json().at("/output/0").asText();
        assertThat(client.http.getBytes(fresh).statusCode()).isEqualTo(200);
        assertThat(client.http.getBytes(url.replace("_jwt=", "_jwt=x")).statusCode()).isEqualTo(403);

        sim.faults().expireDownloadUrls();
        assertThat(client.http.getBytes(fresh).statusCode()).isEqualTo(403);
    }

    @Test
    void rejectNextAuthIs401Once() {
        start(SimSettings.fast());
        sim.faults().rejectNextAuth(1);
        assertThat(client.create().status()).isEqualTo(401);
        assertThat(client.create().status()).isEqualTo(200);
    }

    @Test
    void noCreditsIsRefusedBeforeAnythingIsCreated() {
        start(SimSettings.fast(), RunwayOptions.defaults().withInitialCredits(40));
        assertThat(client.create().status()).isEqualTo(200); // 25 credits held back
        SimHttp.Answer broke = client.create();
        assertThat(broke.status()).isEqualTo(400);
        assertThat(broke.json().get("error").asText()).isEqualTo("You do not have enough credits to run this task.");

        sim.faults().insufficientBalance(true);
        Map<String, Object> cheap = RunwayTestClient.body();
        cheap.put("duration", 2);
        assertThat(client.create(cheap).status()).isEqualTo(400);
        assertThat(sim.journal().creates()).isEqualTo(1);
    }

    @Test
    void theDailyCapIs429() {
        start(SimSettings.fast(), RunwayOptions.defaults().withDailyCapPerModel(2));
        client.createId();
        client.createId();
        SimHttp.Answer capped = client.create();
        assertThat(capped.status()).isEqualTo(429);
        assertThat(capped.json().get("error").asText()).contains("per day");
        assertThat(sim.journal().creates()).isEqualTo(2);
    }

    @Test
    void deleteCancelsAnUnfinishedTaskWhichIsThenGoneAndNotCharged() {
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ofSeconds(5), Duration.ofSeconds(60)));
        String a = client.createId();
        String b = client.createId();
        String c = client.createId();
        assertThat(client.status(c)).isEqualTo("THROTTLED");

        SimHttp.Answer deleted = client.delete(a);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.raw().body()).isEmpty();
        SimHttp.Answer gone = client.get(a);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("error").asText()).isEqualTo("Could not find Task");
        assertThat(client.status(c)).isEqualTo("PENDING"); // the freed slot goes to the throttled task
        assertThat(client.delete(a).status()).isEqualTo(404);
        assertThat(client.delete("00000000-0000-4000-8000-000000000000").status()).isEqualTo(404);
        assertThat(sim.charges().stream().filter(ch -> ch.taskId().equals(a)).findFirst().orElseThrow().charged())
                .isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(client.status(b)).isEqualTo("PENDING");
    }

    @Test
    void cancelledTasksCanBeMadeReadable() {
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ofSeconds(5), Duration.ofSeconds(60)),
                RunwayOptions.defaults().withCancelledReadable(true));
        String a = client.createId();
        client.delete(a);
        assertThat(client.status(a)).isEqualTo("CANCELLED");
    }

    @Test
    void theOrganizationShowsTheBalanceAndUsage() {
        start(SimSettings.fast());
        client.awaitDone(client.createId());

        JsonNode org = client.http.send("GET", sim.baseUrl() + "/v1/organization", client.headers(), null).json();

        assertThat(org.get("creditBalance").asLong()).isEqualTo(100_000 - 25);
        assertThat(org.at("/tier/maxMonthlyCreditSpend").asInt()).isPositive();
        assertThat(org.at("/usage/models/gen4_turbo/dailyGenerations").asInt()).isEqualTo(1);
    }

    @Test
    void faultsAndTheJournalWorkOverTheAdminRoutes() {
        start(SimSettings.fast());
        SimHttp.Answer armed = client.http.post(sim.baseUrl() + "/__admin/faults", null,
                Map.of("rule", "failNextTask", "code", "INTERNAL.BAD_OUTPUT.CODE01"));
        assertThat(armed.status()).isEqualTo(200);
        String id = client.createId();
        assertThat(client.awaitDone(id).get("failureCode").asText()).isEqualTo("INTERNAL.BAD_OUTPUT.CODE01");

        JsonNode journal = client.http.get(sim.baseUrl() + "/__admin/journal", null).json();
        assertThat(journal.get("creates").asInt()).isEqualTo(1);
        assertThat(journal.at("/charges/0/taskId").asText()).isEqualTo(id);
        assertThat(journal.at("/charges/0/estimated").asInt()).isEqualTo(25);
        assertThat(journal.at("/charges/0/charged").asInt()).isZero();
        assertThat(journal.at("/charges/0/unit").asText()).isEqualTo("credits");
    }
}
