package io.storyreel.core.provider.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.core.provider.Backoff;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.RecordingSleeper;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.core.provider.TestMedia;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MiniMaxProviderTest {
    static final String KEY = "eyJhbGciOiJSUzI1NiJ9.test-minimax-key-0123456789";
    static final Credentials KEYS = Credentials.of(MiniMaxProvider.API_KEY, KEY);
    static final ObjectMapper JSON = new ObjectMapper();

    MockWebServer server;
    SettableClock clock;
    RecordingSleeper sleeper;
    MiniMaxProvider minimax;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        clock = SettableClock.at("2026-11-24T10:00:00Z");
        sleeper = new RecordingSleeper(clock);
        minimax = provider(0, 2000);
    }

    MiniMaxProvider provider(int requestsPerMinute, long readTimeoutMillis) {
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(readTimeoutMillis, TimeUnit.MILLISECONDS).build();
        return new MiniMaxProvider(ProviderContext.of(http, server.url("/").toString(), CapabilitiesLoader.bundled("minimax"), clock)
                .withRequestsPerMinute(requestsPerMinute).withSleeper(sleeper)
                .withBackoff(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 4)));
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    static GenerationRequest request() {
        return new GenerationRequest("MiniMax-Hailuo-02", null, 6, "768p", "A cat [Push in]", null,
                new byte[]{1, 2, 3}, "image/png");
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setHeader("Trace-Id", "trace-1").setBody(body);
    }

    static MockResponse base(int code, String msg) {
        return json(200, "{\"task_id\":\"\",\"base_resp\":{\"status_code\":" + code + ",\"status_msg\":\"" + msg + "\"}}");
    }

    static MockResponse created(String id) {
        return json(200, "{\"task_id\":\"" + id + "\",\"base_resp\":{\"status_code\":0,\"status_msg\":\"success\"}}");
    }

    static MockResponse status(String status, String extra) {
        return json(200, "{\"task_id\":\"106916112212032\",\"status\":\"" + status + "\"" + extra
                + ",\"base_resp\":{\"status_code\":0,\"status_msg\":\"success\"}}");
    }

    @Test
    void submitSendsBearerKeyAndDataUrl() throws Exception {
        server.enqueue(created("106916112212032"));

        ProviderTaskRef ref = minimax.submit(KEYS, request(), "clip-1");

        assertThat(ref).isEqualTo(new ProviderTaskRef("minimax", "106916112212032", null));
        RecordedRequest r = server.takeRequest();
        assertThat(r.getPath()).isEqualTo("/v1/video_generation");
        assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode b = JSON.readTree(r.getBody().readUtf8());
        assertThat(b.get("first_frame_image").asText()).isEqualTo("data:image/png;base64,AQID");
        assertThat(b.get("duration").isInt()).isTrue();
        assertThat(b.get("resolution").asText()).isEqualTo("768P");
        assertThat(b.get("prompt_optimizer").asBoolean()).isTrue();
        assertThat(b.has("GroupId") || b.has("group_id")).isFalse();
    }

    @ParameterizedTest(name = "base_resp {0} -> {1}")
    @CsvSource({
            "1004, AUTH, , KEYS_REJECTED",
            "2049, AUTH, , KEYS_REJECTED",
            "1008, BALANCE, , NO_CREDIT",
            "1026, CONTENT_REJECTED, prompt, CONTENT_REFUSED",
            "2013, INVALID_INPUT, model, INPUT_REFUSED",
            "2056, RATE_LIMITED, , RATE_LIMITED",
            "2038, AUTH, , ACCOUNT_PROBLEM",
            "1042, INVALID_INPUT, prompt, INPUT_REFUSED",
            "2061, INVALID_INPUT, model, MODEL_NOT_ALLOWED",
            "9999, UNKNOWN, , UNEXPECTED_ANSWER",
    })
    void createErrorsArrivingWithHttp200AreMappedAndNeverResent(int code, ErrorKind kind, String field,
                                                                Problem problem) {
        server.enqueue(base(code, code == 2013 ? "invalid params, binding: expr_path=model, cause=missing" : "x"));

        ProviderException e = catchThrowableOfType(() -> minimax.submit(KEYS, request(), "c"), ProviderException.class);

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.rawCode()).isEqualTo("minimax:" + code);
        assertThat(e.field().orElse(null)).isEqualTo(field);
        assertThat(e.problem()).isEqualTo(problem);
        assertThat(e.provider()).contains("MiniMax");
        assertThat(e.getMessage()).doesNotContain(KEY).as("no chat command in a provider's sentence").doesNotContain("/");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "base_resp {0} proves no task: retried")
    @CsvSource({"1002", "1000", "1024", "1039", "2045"})
    void createRefusedWithARetryableCodeIsRetried(int code) {
        server.enqueue(base(code, "rate limit"));
        server.enqueue(created("42"));
        assertThat(minimax.submit(KEYS, request(), "c").taskId()).isEqualTo("42");
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void http429WithRetryAfterIsHonouredOnCreate() {
        server.enqueue(json(429, "").setHeader("Retry-After", "12"));
        server.enqueue(created("43"));
        assertThat(minimax.submit(KEYS, request(), "c").taskId()).isEqualTo("43");
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(12));
    }

    @Test
    void createWithoutAnswerIsAmbiguousAndNeverResent() {
        minimax = provider(0, 300);
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        server.enqueue(created("never-used"));

        ProviderException e = catchThrowableOfType(() -> minimax.submit(KEYS, request(), "c"), ProviderException.class);

        assertThat(e.kind()).isEqualTo(ErrorKind.AMBIGUOUS_SUBMIT);
        assertThat(e.retryable()).isFalse();
        assertThat(server.getRequestCount()).isEqualTo(1);
        ProviderException find = catchThrowableOfType(() -> minimax.findByIdempotencyKey(KEYS, "c"),
                ProviderException.class);
        assertThat(find.kind()).isEqualTo(ErrorKind.AMBIGUOUS_SUBMIT);
    }

    @Test
    void bare5xxOnCreateIsAmbiguous() {
        server.enqueue(new MockResponse().setResponseCode(502).setBody("bad gateway"));
        ProviderException e = catchThrowableOfType(() -> minimax.submit(KEYS, request(), "c"), ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.AMBIGUOUS_SUBMIT);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void requestsPerMinuteAreSpacedOnTheClock() {
        minimax = provider(2, 2000);
        for (int i = 0; i < 3; i++) {
            server.enqueue(created("t" + i));
        }
        minimax.submit(KEYS, request(), "a");
        minimax.submit(KEYS, request(), "b");
        assertThat(sleeper.waits()).isEmpty();
        minimax.submit(KEYS, request(), "c");
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void pollNormalisesTheStatusWords() {
        ProviderTaskRef ref = new ProviderTaskRef("minimax", "106916112212032", null);
        server.enqueue(status("Preparing", ""));
        server.enqueue(status("Queueing", ""));
        server.enqueue(status("Processing", ""));
        server.enqueue(status("Success", ",\"file_id\":176844028768320,\"video_width\":1366,\"video_height\":768"));
        assertThat(minimax.poll(KEYS, ref).status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(minimax.poll(KEYS, ref).status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(minimax.poll(KEYS, ref).status()).isEqualTo(TaskStatus.RUNNING);
        TaskState done = minimax.poll(KEYS, ref);
        assertThat(done.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(done.resultRef()).isEqualTo("176844028768320");
    }

    @Test
    void queryWithOnlyANonZeroBaseRespIsATerminalFailure() {
        server.enqueue(json(200, "{\"base_resp\":{\"status_code\":1026,\"status_msg\":\"input new_sensitive, input "
                + "first_frame_image sensitive\"}}"));
        TaskState s = minimax.poll(KEYS, new ProviderTaskRef("minimax", "1", null));
        assertThat(s.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(s.failure().kind()).isEqualTo(ErrorKind.CONTENT_REJECTED);
        assertThat(s.failure().field()).contains("image");
    }

    @Test
    void failWithOutputModerationIsContentRejected() {
        server.enqueue(json(200, "{\"task_id\":\"1\",\"status\":\"Fail\",\"base_resp\":{\"status_code\":1027,"
                + "\"status_msg\":\"output new_sensitive\"}}"));
        TaskState s = minimax.poll(KEYS, new ProviderTaskRef("minimax", "1", null));
        assertThat(s.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(s.failure().kind()).isEqualTo(ErrorKind.CONTENT_REJECTED);
    }

    @Test
    void rateLimitOnAQueryIsRetriedNotTakenAsTheTaskFailing() {
        server.enqueue(base(1002, "rate limit").setHeader("Retry-After", "5"));
        server.enqueue(json(503, "").setHeader("Retry-After", "2"));
        server.enqueue(status("Processing", ""));
        assertThat(minimax.poll(KEYS, new ProviderTaskRef("minimax", "1", null)).status())
                .isEqualTo(TaskStatus.RUNNING);
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    @Test
    void badKeyOnAQueryIsAnAuthError() {
        server.enqueue(base(2049, "invalid api key"));
        ProviderException e = catchThrowableOfType(() -> minimax.poll(KEYS, new ProviderTaskRef("minimax", "1", null)),
                ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
    }

    String retrieved(String url, String backup) {
        return "{\"file\":{\"file_id\":176844028768320,\"bytes\":0,\"created_at\":1700469398,\"filename\":\"output.mp4\","
                + "\"purpose\":\"video_generation\",\"download_url\":\"" + url + "\""
                + (backup == null ? "" : ",\"backup_download_url\":\"" + backup + "\"")
                + "},\"base_resp\":{\"status_code\":0,\"status_msg\":\"success\"}}";
    }

    @Test
    void downloadRetrievesTheFileAndFallsBackToTheBackupUrl(@TempDir Path dir) throws Exception {
        byte[] mp4 = TestMedia.mp4(2000);
        server.enqueue(json(200, retrieved(server.url("/main.mp4").toString(), server.url("/backup.mp4").toString())));
        server.enqueue(new MockResponse().setResponseCode(403));
        server.enqueue(new MockResponse().setBody(new Buffer().write(mp4)));
        TaskState done = new TaskState(TaskStatus.SUCCEEDED, "Success", 100, "176844028768320", -1, null);

        minimax.download(KEYS, new ProviderTaskRef("minimax", "1", null), done, dir.resolve("c.mp4"));

        RecordedRequest retrieve = server.takeRequest();
        assertThat(retrieve.getPath()).isEqualTo("/v1/files/retrieve?file_id=176844028768320");
        assertThat(retrieve.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(server.takeRequest().getPath()).isEqualTo("/main.mp4");
        RecordedRequest backup = server.takeRequest();
        assertThat(backup.getPath()).isEqualTo("/backup.mp4");
        assertThat(backup.getHeader("Authorization")).as("no key to the CDN").isNull();
        assertThat(Files.readAllBytes(dir.resolve("c.mp4"))).isEqualTo(mp4);
    }

    @Test
    void expiredLinksAreRenewedWithASecondRetrieve(@TempDir Path dir) throws Exception {
        byte[] mp4 = TestMedia.mp4(10);
        server.enqueue(json(200, retrieved(server.url("/old.mp4").toString(), null)));
        server.enqueue(new MockResponse().setResponseCode(403));
        server.enqueue(json(200, retrieved(server.url("/new.mp4").toString(), null)));
        server.enqueue(new MockResponse().setBody(new Buffer().write(mp4)));
        TaskState done = new TaskState(TaskStatus.SUCCEEDED, "Success", 100, "9", -1, null);

        minimax.download(KEYS, new ProviderTaskRef("minimax", "1", null), done, dir.resolve("c.mp4"));
        assertThat(Files.readAllBytes(dir.resolve("c.mp4"))).isEqualTo(mp4);
    }

    @Test
    void groupIdIsSentOnlyWhenTheUserGaveOne(@TempDir Path dir) throws Exception {
        server.enqueue(json(200, retrieved(server.url("/v.mp4").toString(), null)));
        server.enqueue(new MockResponse().setBody(new Buffer().write(TestMedia.mp4(10))));
        Credentials withGroup = Credentials.of(MiniMaxProvider.API_KEY, KEY, MiniMaxProvider.GROUP_ID, "1234567");
        minimax.download(withGroup, new ProviderTaskRef("minimax", "1", null),
                new TaskState(TaskStatus.SUCCEEDED, "Success", 100, "9", -1, null), dir.resolve("c.mp4"));
        assertThat(server.takeRequest().getRequestUrl().queryParameter("GroupId")).isEqualTo("1234567");
    }

    @Test
    void verifyKeysUsesAFreeQuery() throws Exception {
        server.enqueue(base(2049, "invalid api key"));
        VideoProvider.KeyCheck bad = minimax.verifyKeys(KEYS);
        assertThat(bad.valid()).isFalse();
        assertThat(bad.checkedOnline()).isTrue();
        assertThat(server.takeRequest().getPath()).isEqualTo("/v1/query/video_generation?task_id=0");

        server.enqueue(base(2013, "task not found"));
        VideoProvider.KeyCheck good = minimax.verifyKeys(KEYS);
        assertThat(good.valid()).isTrue();
        assertThat(good.checkedOnline()).isTrue();

        VideoProvider.KeyCheck format = minimax.verifyKeys(Credentials.of(MiniMaxProvider.API_KEY, "short"));
        assertThat(format.valid()).isFalse();
        assertThat(format.checkedOnline()).isFalse();
    }

    @Test
    void endFrameOnlyOnHailuo02AboveLowResolution() throws Exception {
        GenerationRequest r = new GenerationRequest("MiniMax-Hailuo-02", null, 6, "512P", "p", null, new byte[]{1},
                "image/jpeg", new byte[]{2}, "image/jpeg", null);
        ProviderException e = catchThrowableOfType(() -> minimax.submit(KEYS, r, "c"), ProviderException.class);
        assertThat(e.field()).contains("last_frame_image");
        server.enqueue(created("1"));
        minimax.submit(KEYS, new GenerationRequest("MiniMax-Hailuo-02", null, 6, "768P", "p", null, new byte[]{1},
                "image/jpeg", new byte[]{2}, "image/webp", null), "c");
        assertThat(JSON.readTree(server.takeRequest().getBody().readUtf8()).get("last_frame_image").asText())
                .isEqualTo("data:image/webp;base64,Ag==");
    }
}
