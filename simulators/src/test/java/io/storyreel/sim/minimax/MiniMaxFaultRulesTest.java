package io.storyreel.sim.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.sim.taskapi.SimHttp;
import io.storyreel.sim.taskapi.SimSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every fault rule in MiniMax's wire form, the documented 5 RPM, and what the journal records. */
class MiniMaxFaultRulesTest {

    private MiniMaxSimulator sim;
    private MiniMaxTestClient client;

    private void start(SimSettings settings) {
        sim = MiniMaxSimulator.start(settings);
        client = new MiniMaxTestClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static int code(SimHttp.Answer a) {
        return a.json().at("/base_resp/status_code").asInt();
    }

    @Test
    void rateLimitIs429With1002AndRetryAfter() {
        start(SimSettings.fast());
        sim.faults().rateLimitNext(1, Duration.ofSeconds(4));

        SimHttp.Answer limited = client.create();

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("4");
        assertThat(code(limited)).isEqualTo(1002);
        assertThat(code(client.create())).isZero();
        assertThat(sim.journal().creates()).isEqualTo(1);
    }

    @Test
    void theSixthCreateInAMinuteIsRefusedWith1002UntilTheWindowMoves() {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-24T10:00:00Z"));
        start(SimSettings.fast().withClock(clock));
        for (int i = 0; i < 5; i++) {
            assertThat(code(client.create())).isZero();
            clock.advance(Duration.ofSeconds(1));
        }

        SimHttp.Answer sixth = client.create();

        assertThat(sixth.status()).isEqualTo(200);
        assertThat(code(sixth)).isEqualTo(1002);
        assertThat(sixth.json().get("task_id").asText()).isEmpty();
        clock.advance(Duration.ofSeconds(56));
        assertThat(code(client.create())).isZero();
        assertThat(sim.journal().creates()).isEqualTo(6);
    }

    @Test
    void createsPerMinuteIsConfigurable() {
        start(SimSettings.fast());
        sim.faults().createsPerMinute(1);
        assertThat(code(client.create())).isZero();
        assertThat(code(client.create())).isEqualTo(1002);
        sim.faults().createsPerMinute(0);
        assertThat(code(client.create())).isZero();
    }

    @Test
    void serverErrorsAre500With1024() {
        start(SimSettings.fast());
        sim.faults().serverErrorsNext(2);

        SimHttp.Answer a = client.create();
        SimHttp.Answer b = client.query("123");

        assertThat(a.status()).isEqualTo(500);
        assertThat(b.status()).isEqualTo(500);
        assertThat(code(a)).isEqualTo(1024);
        assertThat(code(client.create())).isZero();
        assertThat(sim.journal().creates()).isEqualTo(1);
    }

    @Test
    void createThatTimesOutHasStillCreatedOneTask() {
        start(SimSettings.fast());
        sim.faults().createTimesOutAfterCreating(Duration.ofMillis(300));

        assertThatThrownBy(() -> client.create()).isInstanceOf(UncheckedIOException.class);

        assertThat(sim.journal().creates()).isEqualTo(1);
        CallJournal.Call call = sim.journal().calls().get(0);
        assertThat(call.httpStatus()).isEqualTo(-1);
        assertThat(call.taskId()).matches("\\d+");
    }

    @Test
    void failedTaskIsFailWith1027() {
        start(SimSettings.fast());
        sim.faults().failNextTask(null);

        JsonNode done = client.awaitDone(client.create().json().get("task_id").asText());

        assertThat(done.get("status").asText()).isEqualTo("Fail");
        assertThat(done.at("/base_resp/status_code").asInt()).isEqualTo(1027);
        assertThat(done.at("/base_resp/status_msg").asText()).isEqualTo("output new_sensitive");
        assertThat(done.has("file_id")).isFalse();
    }

    @Test
    void slowTaskStaysProcessing() {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-24T10:00:00Z"));
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ofSeconds(20), Duration.ofSeconds(60)));
        sim.faults().taskDuration(Duration.ofMinutes(10));
        String id = client.create().json().get("task_id").asText();

        assertThat(client.query(id).json().get("status").asText()).isEqualTo("Preparing");
        clock.advance(Duration.ofSeconds(15));
        assertThat(client.query(id).json().get("status").asText()).isEqualTo("Queueing");
        clock.advance(Duration.ofMinutes(9));
        assertThat(client.query(id).json().get("status").asText()).isEqualTo("Processing");
        clock.advance(Duration.ofMinutes(2));
        assertThat(client.awaitDone(id).get("status").asText()).isEqualTo("Success");
    }

    @Test
    void truncatedDownloadBreaksOnce() throws Exception {
        start(SimSettings.fast());
        String url = client.succeededFile().get("download_url").asText();
        sim.faults().truncateNextDownload();

        assertThatThrownBy(() -> client.http.getBytes(url)).isInstanceOf(IOException.class);
        assertThat(client.http.getBytes(url).statusCode()).isEqualTo(200);
    }

    @Test
    void expiredUrlsAnswerOssStyle403() throws Exception {
        start(SimSettings.fast());
        String url = client.succeededFile().get("download_url").asText();
        sim.faults().expireDownloadUrls();

        HttpResponse<byte[]> answer = client.http.getBytes(url);

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(new String(answer.body())).contains("<Code>AccessDenied</Code>", "Request has expired.");
    }

    @Test
    void urlsExpireAfterNineHoursAndRetrieveIssuesAFreshOne() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-24T10:00:00Z"));
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ZERO, Duration.ZERO));
        String taskId = client.create().json().get("task_id").asText();
        String fileId = client.awaitDone(taskId).get("file_id").asText();
        String url = client.retrieve(fileId).json().at("/file/download_url").asText();

        clock.advance(Duration.ofHours(9).plusSeconds(1));

        assertThat(client.http.getBytes(url).statusCode()).isEqualTo(403);
        String fresh = client.retrieve(fileId).json().at("/file/download_url").asText();
        assertThat(client.http.getBytes(fresh).statusCode()).isEqualTo(200);
    }

    @Test
    void insufficientBalanceIs1008() {
        start(SimSettings.fast());
        sim.faults().insufficientBalance(true);

        SimHttp.Answer a = client.create();

        assertThat(a.status()).isEqualTo(200);
        assertThat(code(a)).isEqualTo(1008);
        assertThat(sim.journal().creates()).isZero();
    }

    @Test
    void concurrencyOverTheLimitIs1002() {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-24T10:00:00Z"));
        start(SimSettings.fast().withClock(clock).withTimes(Duration.ofSeconds(5), Duration.ofSeconds(60)));
        sim.faults().concurrencyLimit(1);

        assertThat(code(client.create())).isZero();
        SimHttp.Answer second = client.create();

        assertThat(code(second)).isEqualTo(1002);
        assertThat(sim.journal().creates()).isEqualTo(1);
    }

    @Test
    void rejectNextAuthMapsToMiniMaxCodes() {
        start(SimSettings.fast());
        sim.faults().rejectNextAuth(1004);
        assertThat(code(client.create())).isEqualTo(1004);
        sim.faults().rejectNextAuth(2049);
        assertThat(code(client.create())).isEqualTo(2049);
        assertThat(code(client.create())).isZero();
    }
}
