package io.storyreel.core.provider.kling;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.core.download.HostileCdn;
import io.storyreel.core.logging.SecretRegistry;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class KlingProviderTest {
    static final String AK = "ak-test-0123456789";
    static final String SK = "sk-test-secret-abcdefghij";
    static final Credentials KEYS = Credentials.of(KlingProvider.ACCESS_KEY, AK, KlingProvider.SECRET_KEY, SK);
    static final ObjectMapper JSON = new ObjectMapper();

    MockWebServer server;
    SettableClock clock;
    RecordingSleeper sleeper;
    KlingProvider kling;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        clock = SettableClock.at("2026-11-24T10:00:00Z");
        sleeper = new RecordingSleeper(clock);
        kling = provider(0, 2000);
    }

    KlingProvider provider(int requestsPerMinute, long readTimeoutMillis) {
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(readTimeoutMillis, TimeUnit.MILLISECONDS).build();
        return new KlingProvider(ProviderContext.of(http, server.url("/").toString(), CapabilitiesLoader.bundled("kling"), clock)
                .withRequestsPerMinute(requestsPerMinute).withSleeper(sleeper)
                .withBackoff(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 4)));
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    static GenerationRequest request() {
        return new GenerationRequest("kling-v2-5-turbo", "std", 5, null, "A cat turns its head", null,
                new byte[]{1, 2, 3, 4}, "image/jpeg");
    }

    static MockResponse ok(String data) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody("{\"code\":0,\"message\":\"SUCCEED\",\"request_id\":\"r1\",\"data\":" + data + "}");
    }

    static MockResponse error(int status, int code, String message) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody("{\"code\":" + code + ",\"message\":\"" + message + "\",\"request_id\":\"r2\"}");
    }

    static MockResponse created(String taskId) {
        return ok("{\"task_id\":\"" + taskId + "\",\"task_status\":\"submitted\",\"created_at\":1,\"updated_at\":1}");
    }

    static MockResponse task(String taskId, String status, String extra) {
        return ok("{\"task_id\":\"" + taskId + "\",\"task_status\":\"" + status + "\"" + extra + "}");
    }

    JsonNode body(RecordedRequest r) throws Exception {
        return JSON.readTree(r.getBody().readUtf8());
    }

    @Test
    void submitSignsWithJwtOfTheSpecAndSendsTheIdempotencyKey() throws Exception {
        server.enqueue(created("CjI17WevH1IAAAAAAHmgsw"));

        ProviderTaskRef ref = kling.submit(KEYS, request(), "clip-42");

        assertThat(ref).isEqualTo(new ProviderTaskRef("kling", "CjI17WevH1IAAAAAAHmgsw", "clip-42"));
        RecordedRequest r = server.takeRequest();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo("/v1/videos/image2video");
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        String auth = r.getHeader("Authorization");
        assertThat(auth).startsWith("Bearer ");
        DecodedJWT jwt = ((com.auth0.jwt.JWTVerifier.BaseVerification) JWT.require(Algorithm.HMAC256(SK))
                .withIssuer(AK)).build(clock).verify(auth.substring("Bearer ".length()));
        assertThat(jwt.getHeaderClaim("typ").asString()).isEqualTo("JWT");
        assertThat(jwt.getAlgorithm()).isEqualTo("HS256");
        long now = clock.instant().getEpochSecond();
        assertThat(jwt.getExpiresAtAsInstant().getEpochSecond()).isEqualTo(now + 1800);
        assertThat(jwt.getNotBeforeAsInstant().getEpochSecond()).isEqualTo(now - 5);
        JsonNode b = body(r);
        assertThat(b.get("external_task_id").asText()).isEqualTo("clip-42");
        assertThat(b.get("duration").isTextual()).as("duration is a string").isTrue();
        assertThat(b.get("image").asText()).isEqualTo("AQIDBA==").doesNotStartWith("data:");
        assertThat(b.has("cfg_scale")).as("v2.x models take no cfg_scale").isFalse();
        assertThat(SecretRegistry.mask("x " + SK + " " + auth)).doesNotContain(SK).doesNotContain(auth.substring(7));
    }

    @Test
    void cfgScaleOnlyWhereTheModelSupportsIt() throws Exception {
        server.enqueue(created("t1"));
        kling.submit(KEYS, new GenerationRequest("kling-v1-6", "pro", 10, null, "p", "blur", new byte[]{9},
                "image/png"), "clip-1");
        JsonNode b = body(server.takeRequest());
        assertThat(b.get("cfg_scale").asDouble()).isEqualTo(0.5);
        assertThat(b.get("mode").asText()).isEqualTo("pro");
        assertThat(b.get("duration").asText()).isEqualTo("10");
        assertThat(b.get("negative_prompt").asText()).isEqualTo("blur");
    }

    @Test
    void tokenIsCachedAndRenewedBeforeItExpires() throws Exception {
        server.enqueue(task("t", "processing", ""));
        server.enqueue(task("t", "processing", ""));
        server.enqueue(task("t", "processing", ""));
        ProviderTaskRef ref = new ProviderTaskRef("kling", "t", "k");
        kling.poll(KEYS, ref);
        clock.advance(Duration.ofMinutes(20));
        kling.poll(KEYS, ref);
        clock.advance(Duration.ofMinutes(6)); // 26 min after minting: less than 5 min left
        kling.poll(KEYS, ref);
        String a = server.takeRequest().getHeader("Authorization");
        String b = server.takeRequest().getHeader("Authorization");
        String c = server.takeRequest().getHeader("Authorization");
        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(b);
        DecodedJWT renewed = JWT.decode(c.substring(7));
        assertThat(renewed.getExpiresAtAsInstant()).isEqualTo(clock.instant().plusSeconds(1800));
    }

    @Test
    void expiredTokenIsRemintedOnceAndTheCallRepeated() throws Exception {
        server.enqueue(task("t", "processing", ""));
        kling.poll(KEYS, new ProviderTaskRef("kling", "t", "k"));
        clock.advance(Duration.ofMinutes(10)); // the cached token is still "fresh" by our clock
        server.enqueue(error(401, 1004, "Authorization has expired"));
        server.enqueue(created("t-after-remint"));

        assertThat(kling.submit(KEYS, request(), "clip-9").taskId()).isEqualTo("t-after-remint");
        String cached = server.takeRequest().getHeader("Authorization");
        assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo(cached);
        String reminted = server.takeRequest().getHeader("Authorization");
        assertThat(reminted).isNotEqualTo(cached);
        assertThat(JWT.decode(reminted.substring(7)).getExpiresAtAsInstant())
                .isEqualTo(clock.instant().plusSeconds(1800));
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void tokenRejectedTwiceIsAnAuthErrorAfterExactlyOneRemint() {
        server.enqueue(error(401, 1003, "Authorization is not yet valid"));
        server.enqueue(error(401, 1003, "Authorization is not yet valid"));

        ProviderException e = catchThrowableOfType(() -> kling.submit(KEYS, request(), "clip-9"),
                ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
        assertThat(e.rawCode()).isEqualTo("kling:1003");
        assertThat(e.getMessage()).contains("clock").doesNotContain(SK).doesNotContain(AK);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @ParameterizedTest(name = "HTTP {0} code {1} -> {2} ({5})")
    @CsvSource({
            "401, 1000, AUTH, false, , KEYS_REJECTED",
            "401, 1001, AUTH, false, , KEYS_REJECTED",
            "401, 1002, AUTH, false, , KEYS_REJECTED",
            "429, 1100, AUTH, false, , ACCOUNT_PROBLEM",
            "429, 1101, BALANCE, false, , NO_CREDIT",
            "429, 1102, BALANCE, false, , NO_CREDIT",
            "403, 1103, AUTH, false, , MODEL_NOT_ALLOWED",
            "400, 1200, INVALID_INPUT, false, , INPUT_REFUSED",
            "400, 1201, INVALID_INPUT, false, image, INPUT_REFUSED",
            "404, 1203, INVALID_INPUT, false, model, INPUT_REFUSED",
            "400, 1300, CONTENT_REJECTED, false, , CONTENT_REFUSED",
            "400, 1301, CONTENT_REJECTED, false, , CONTENT_REFUSED",
            "429, 1304, AUTH, false, , ACCOUNT_PROBLEM",
    })
    void createErrorsThatProveNothingToRetryAreMappedAndSentOnce(int status, int code, ErrorKind kind,
                                                                 boolean retryable, String field, Problem problem) {
        server.enqueue(error(status, code, code == 1201 ? "File is not in a valid base64 format image" : "msg"));

        ProviderException e = catchThrowableOfType(() -> kling.submit(KEYS, request(), "clip-1"),
                ProviderException.class);

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.rawCode()).isEqualTo("kling:" + code);
        assertThat(e.field().orElse(null)).isEqualTo(field);
        assertThat(e.problem()).isEqualTo(problem);
        assertThat(e.provider()).contains("Kling");
        assertThat(e.getMessage()).doesNotContain(SK).as("no chat command in a provider's sentence").doesNotContain("/");
        assertThat(server.getRequestCount()).as("never sent twice").isEqualTo(1);
    }

    @ParameterizedTest(name = "HTTP {0} code {1} -> {2}, create retried")
    @CsvSource({
            "429, 1302, RATE_LIMITED",
            "429, 1303, CONCURRENCY",
            "500, 5000, TRANSIENT",
            "503, 5001, TRANSIENT",
            "504, 5002, TRANSIENT",
    })
    void createRefusedWithARetryableCodeIsRetriedWithBackoff(int status, int code, ErrorKind kind) throws Exception {
        server.enqueue(error(status, code, "busy"));
        server.enqueue(error(status, code, "busy"));
        server.enqueue(created("t-3"));

        assertThat(kling.submit(KEYS, request(), "clip-1").taskId()).isEqualTo("t-3");
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void createRetriesGiveUpWithTheMappedErrorAndRetryAfter() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(error(429, 1302, "too fast").setHeader("Retry-After", "7"));
        }
        ProviderException e = catchThrowableOfType(() -> kling.submit(KEYS, request(), "clip-1"),
                ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7), Duration.ofSeconds(7));
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void createWithoutAnswerIsResolvedByExternalTaskIdWithoutASecondCreate() throws Exception {
        kling = provider(0, 300);
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        server.enqueue(task("T-created", "processing", ",\"task_info\":{\"external_task_id\":\"clip-7\"}"));

        ProviderTaskRef ref = kling.submit(KEYS, request(), "clip-7");

        assertThat(ref).isEqualTo(new ProviderTaskRef("kling", "T-created", "clip-7"));
        assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
        RecordedRequest lookup = server.takeRequest();
        assertThat(lookup.getMethod()).isEqualTo("GET");
        assertThat(lookup.getPath()).isEqualTo("/v1/videos/image2video/clip-7");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void createWithoutAnswerIsSentOnceMoreOnlyWhenKlingProvesItHasNoSuchTask() throws Exception {
        kling = provider(0, 300);
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        server.enqueue(error(404, 1203, "task not exist"));
        server.enqueue(created("T-second"));

        assertThat(kling.submit(KEYS, request(), "clip-8").taskId()).isEqualTo("T-second");
        assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
        assertThat(server.takeRequest().getMethod()).isEqualTo("GET");
        assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
    }

    @Test
    void secondUnansweredCreateIsAmbiguousNotAThirdCreate() throws Exception {
        kling = provider(0, 300);
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        server.enqueue(error(404, 1203, "task not exist"));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        server.enqueue(error(404, 1203, "task not exist"));

        ProviderException e = catchThrowableOfType(() -> kling.submit(KEYS, request(), "clip-8"),
                ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.AMBIGUOUS_SUBMIT);
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void unansweredCreateThatCannotBeLookedUpIsAmbiguous() {
        kling = provider(0, 300);
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        server.enqueue(error(401, 1000, "Authentication failed"));

        ProviderException e = catchThrowableOfType(() -> kling.submit(KEYS, request(), "clip-8"),
                ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.AMBIGUOUS_SUBMIT);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void pollNormalisesStatusesAndReadsTheCharge() {
        ProviderTaskRef ref = new ProviderTaskRef("kling", "t", "k");
        server.enqueue(task("t", "submitted", ""));
        server.enqueue(task("t", "processing", ""));
        server.enqueue(task("t", "succeed", ",\"final_unit_deduction\":\"1.5\",\"task_result\":{\"videos\":"
                + "[{\"id\":\"v\",\"url\":\"http://cdn/x.mp4\",\"duration\":\"5.1\"}]}"));

        assertThat(kling.poll(KEYS, ref).status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(kling.poll(KEYS, ref).status()).isEqualTo(TaskStatus.RUNNING);
        TaskState done = kling.poll(KEYS, ref);
        assertThat(done.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(done.rawStatus()).isEqualTo("succeed");
        assertThat(done.resultRef()).isEqualTo("http://cdn/x.mp4");
        assertThat(done.actualUnits()).isEqualTo(1.5);
    }

    @Test
    void moderationFailureIsContentRejected() {
        server.enqueue(task("t", "failed", ",\"task_status_msg\":\"Failure to pass the risk control system\""));
        TaskState s = kling.poll(KEYS, new ProviderTaskRef("kling", "t", "k"));
        assertThat(s.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(s.failure().kind()).isEqualTo(ErrorKind.CONTENT_REJECTED);
    }

    @Test
    void pollHonoursRetryAfterOn429And5xx() {
        server.enqueue(error(429, 1302, "too fast").setHeader("Retry-After", "9"));
        server.enqueue(new MockResponse().setResponseCode(502).setBody("<html>bad gateway</html>")
                .setHeader("Retry-After", "3"));
        server.enqueue(task("t", "processing", ""));

        assertThat(kling.poll(KEYS, new ProviderTaskRef("kling", "t", "k")).status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(9), Duration.ofSeconds(3));
    }

    @Test
    void pollGivesUpAfterTheBackoffBudget() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(error(500, 5000, "internal"));
        }
        assertThatThrownBy(() -> kling.poll(KEYS, new ProviderTaskRef("kling", "t", "k")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void findByIdempotencyKeyReturnsNullWhenKlingHasNone() {
        server.enqueue(error(404, 1203, "resource does not exist"));
        assertThat(kling.findByIdempotencyKey(KEYS, "clip-x")).isNull();
    }

    @Test
    void downloadStreamsTheVideoAndRetriesACutConnection(@TempDir Path dir) throws Exception {
        byte[] mp4 = TestMedia.mp4(50_000);
        server.enqueue(new MockResponse().setBody(new Buffer().write(mp4))
                .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        server.enqueue(new MockResponse().setBody(new Buffer().write(mp4)));
        Path target = dir.resolve("clip.mp4");
        TaskState done = new TaskState(TaskStatus.SUCCEEDED, "succeed", 100, server.url("/cdn/x.mp4").toString(), 1, null);

        kling.download(KEYS, new ProviderTaskRef("kling", "t", "k"), done, target);

        assertThat(Files.readAllBytes(target)).isEqualTo(mp4);
        assertThat(server.takeRequest().getHeader("Authorization")).as("no token to the CDN").isNull();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void expiredLinkIsRefreshedByPollingAgain(@TempDir Path dir) throws Exception {
        byte[] mp4 = TestMedia.mp4(100);
        server.enqueue(new MockResponse().setResponseCode(403));
        server.enqueue(task("t", "succeed", ",\"task_result\":{\"videos\":[{\"url\":\"" + server.url("/fresh.mp4")
                + "\"}]}"));
        server.enqueue(new MockResponse().setBody(new Buffer().write(mp4)));
        TaskState done = new TaskState(TaskStatus.SUCCEEDED, "succeed", 100, server.url("/old.mp4").toString(), 1, null);

        kling.download(KEYS, new ProviderTaskRef("kling", "t", "k"), done, dir.resolve("c.mp4"));

        assertThat(server.takeRequest().getPath()).isEqualTo("/old.mp4");
        assertThat(server.takeRequest().getPath()).isEqualTo("/v1/videos/image2video/t");
        assertThat(server.takeRequest().getPath()).isEqualTo("/fresh.mp4");
        assertThat(Files.readAllBytes(dir.resolve("c.mp4"))).isEqualTo(mp4);
    }

    @Test
    void truncatedFileNeverLandsAtTheTarget(@TempDir Path dir) {
        byte[] mp4 = TestMedia.mp4(1000);
        byte[] cut = java.util.Arrays.copyOf(mp4, 500); // consistent Content-Length, but the mdat box is cut
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse().setBody(new Buffer().write(cut)));
        }
        TaskState done = new TaskState(TaskStatus.SUCCEEDED, "succeed", 100, server.url("/x.mp4").toString(), 1, null);
        assertThatThrownBy(() -> kling.download(KEYS, new ProviderTaskRef("kling", "t", "k"), done, dir.resolve("c.mp4")))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT));
        assertThat(dir.resolve("c.mp4")).doesNotExist();
    }

    @Test
    void aResultLinkRedirectingToAnInternalAddressIsRefusedOnceWithoutRetries(@TempDir Path dir) throws Exception {
        try (HostileCdn internal = HostileCdn.on("127.0.0.2")) {
            server.enqueue(new MockResponse().setResponseCode(302)
                    .setHeader("Location", internal.url("/latest/meta-data/iam/security-credentials/")));
            TaskState done = new TaskState(TaskStatus.SUCCEEDED, "succeed", 100, server.url("/cdn/x.mp4").toString(), 1,
                    null);

            ProviderException e = catchThrowableOfType(() -> kling.download(KEYS, new ProviderTaskRef("kling", "t",
                    "k"), done, dir.resolve("c.mp4")), ProviderException.class);

            assertThat(e.problem()).isEqualTo(Problem.DOWNLOAD_REFUSED);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).doesNotContain("127.0.0.2", "meta-data");
            assertThat(internal.totalHits()).as("the internal address was never asked").isZero();
            assertThat(server.getRequestCount()).as("refused at once, not retried").isEqualTo(1);
            assertThat(sleeper.waits()).isEmpty();
            try (var files = Files.list(dir)) {
                assertThat(files).as("no partial file").isEmpty();
            }
        }
    }

    @Test
    void verifyKeysUsesTheFreeAccountCall() throws Exception {
        server.enqueue(ok("{\"resource_pack_subscribe_infos\":[]}"));
        VideoProvider.KeyCheck check = kling.verifyKeys(KEYS);
        assertThat(check.valid()).isTrue();
        assertThat(check.checkedOnline()).isTrue();
        RecordedRequest r = server.takeRequest();
        assertThat(r.getRequestUrl().encodedPath()).isEqualTo("/account/costs");
        assertThat(r.getRequestUrl().queryParameter("end_time")).isEqualTo(String.valueOf(clock.millis()));
    }

    @Test
    void verifyKeysReportsRejectedKeys() {
        server.enqueue(error(401, 1000, "Authentication failed"));
        VideoProvider.KeyCheck check = kling.verifyKeys(KEYS);
        assertThat(check.valid()).isFalse();
        assertThat(check.checkedOnline()).isTrue();
        assertThat(check.message()).contains("did not accept your keys", "set them again").doesNotContain("/");
    }

    @Test
    void verifyKeysFallsBackToAFreeQueryWhereTheAccountCallIsMissing() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(404));
        server.enqueue(error(404, 1203, "task not exist"));
        assertThat(kling.verifyKeys(KEYS).valid()).isTrue();
        server.takeRequest();
        assertThat(server.takeRequest().getPath()).startsWith("/v1/videos/image2video/storyreel-key-check-");
    }

    @Test
    void verifyKeysFallsBackToAFreeQueryWhenTheAccountCallIsTooSoon() throws Exception {
        server.enqueue(error(429, 1302, "API request too fast, exceeding rate limit"));
        server.enqueue(error(404, 1203, "task not exist"));
        VideoProvider.KeyCheck check = kling.verifyKeys(KEYS);
        assertThat(check.valid()).isTrue();
        assertThat(check.checkedOnline()).isTrue();
        assertThat(server.takeRequest().getRequestUrl().encodedPath()).isEqualTo("/account/costs");
        assertThat(server.takeRequest().getPath()).startsWith("/v1/videos/image2video/storyreel-key-check-");
    }

    @Test
    void verifyKeysChecksTheFormatWithoutACall() {
        VideoProvider.KeyCheck check = kling.verifyKeys(Credentials.of(KlingProvider.ACCESS_KEY, "has space in it",
                KlingProvider.SECRET_KEY, SK));
        assertThat(check.valid()).isFalse();
        assertThat(check.checkedOnline()).isFalse();
        assertThat(server.getRequestCount()).isZero();
    }

    /**
     * Tasks in flight per account are held back by one gate, the engine's durable slot
     * ({@code DbSchedulerGenerationEngineTest.clipsOfOneAccountRunInParallelUpToItsBound} and
     * {@code aClipWaitingForASlotStartsAsSoonAsOneFrees}); a second in-memory count in the client would disagree with
     * it after a restart. The client sends what it is given, and Kling's own 1303 stays the authority.
     */
    @Test
    void theClientKeepsNoSlotCountOfItsOwnKlingsAnswerDecides() {
        server.enqueue(created("t1"));
        server.enqueue(created("t2"));
        kling.submit(KEYS, request(), "clip-1");
        assertThat(kling.submit(KEYS, request(), "clip-2").taskId()).isEqualTo("t2");
        assertThat(server.getRequestCount()).isEqualTo(2);

        for (int i = 0; i < 4; i++) {
            server.enqueue(error(429, 1303, "parallel task over resource pack limit"));
        }
        ProviderException e = catchThrowableOfType(() -> kling.submit(KEYS, request(), "clip-3"),
                ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.CONCURRENCY);
        assertThat(e.problem()).isEqualTo(Problem.ACCOUNT_BUSY);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void invalidCombinationIsRefusedBeforeAnyCall() {
        ProviderException e = catchThrowableOfType(() -> kling.submit(KEYS, new GenerationRequest("kling-v2-5-turbo",
                "std", 7, null, "p", null, new byte[]{1}, "image/jpeg"), "c"), ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(e.field()).contains("duration");
        assertThat(e.getMessage()).contains("5, 10");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void endFrameOnlyWhereTheModelAllowsIt() throws Exception {
        GenerationRequest std = new GenerationRequest("kling-v2-1", "std", 5, null, "p", null, new byte[]{1},
                "image/jpeg", new byte[]{2}, "image/jpeg", null);
        assertThatThrownBy(() -> kling.submit(KEYS, std, "c")).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.field()).contains("image_tail"));
        server.enqueue(created("t"));
        GenerationRequest pro = new GenerationRequest("kling-v2-1", "pro", 5, null, "p", null, new byte[]{1},
                "image/jpeg", new byte[]{2}, "image/jpeg", null);
        kling.submit(KEYS, pro, "c");
        assertThat(body(server.takeRequest()).get("image_tail").asText()).isEqualTo("Ag==");
    }
}
