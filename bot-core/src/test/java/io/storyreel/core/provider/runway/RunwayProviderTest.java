package io.storyreel.core.provider.runway;

import io.storyreel.core.provider.Backoff;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderQueue;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.RecordingSleeper;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.TestMedia;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import io.storyreel.core.testing.SettableClock;
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

/** The Runway client against scripted answers: what it sends, how it reads each status and each failure. */
class RunwayProviderTest {
    static final String KEY = "key_" + "ab".repeat(64);
    static final Credentials KEYS = Credentials.of(RunwayProvider.API_KEY, KEY);
    static final String TASK = "9a6fc5d5-1111-4222-8333-444455556666";

    MockWebServer server;
    SettableClock clock;
    RecordingSleeper sleeper;
    RunwayProvider runway;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        clock = SettableClock.at("2026-12-03T10:00:00Z");
        sleeper = new RecordingSleeper(clock);
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(1500, TimeUnit.MILLISECONDS).build();
        runway = new RunwayProvider(ProviderContext.of(http, server.url("/").toString(),
                CapabilitiesLoader.bundled("runway"), clock).withSleeper(sleeper)
                .withBackoff(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 4)));
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    static GenerationRequest request(String model, String prompt) {
        return new GenerationRequest(model, null, 0, null, prompt, null, TestMedia.image(640, 480, "jpeg"),
                "image/jpeg");
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    TaskState pollAnswering(String body) {
        server.enqueue(json(200, body));
        return runway.poll(KEYS, new ProviderTaskRef("runway", TASK, null));
    }

    @Test
    void everyStatusIsReadAndAThrottledTaskWaitsForAnAccountSlot() throws Exception {
        TaskState pending = pollAnswering("{\"id\":\"" + TASK + "\",\"status\":\"PENDING\",\"createdAt\":\"2026-12-03T10:00:00.000Z\"}");
        TaskState throttled = pollAnswering("{\"id\":\"" + TASK + "\",\"status\":\"THROTTLED\"}");
        TaskState running = pollAnswering("{\"id\":\"" + TASK + "\",\"status\":\"RUNNING\",\"progress\":0.42,"
                + "\"estimatedCost\":{\"credits\":25}}");
        TaskState done = pollAnswering("{\"id\":\"" + TASK + "\",\"status\":\"SUCCEEDED\",\"output\":"
                + "[\"https://dnznrvs05pmza.cloudfront.net/a.mp4?_jwt=x\"],\"cost\":{\"credits\":24.5}}");
        TaskState cancelled = pollAnswering("{\"id\":\"" + TASK + "\",\"status\":\"CANCELED\"}");

        assertThat(pending.status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(pending.queue()).isEqualTo(ProviderQueue.NONE);
        assertThat(throttled.status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(throttled.queue().accountLimit()).isTrue();
        assertThat(running.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(running.progressPercent()).isEqualTo(42);
        assertThat(done.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(done.resultRef()).startsWith("https://dnznrvs05pmza.cloudfront.net/a.mp4");
        assertThat(done.actualUnits()).as("cost.credits is the charge").isEqualTo(24.5);
        assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
        RecordedRequest get = server.takeRequest();
        assertThat(get.getMethod()).isEqualTo("GET");
        assertThat(get.getPath()).isEqualTo("/v1/tasks/" + TASK);
        assertThat(get.getHeader("X-Runway-Version")).isEqualTo(RunwayProvider.API_VERSION);
        assertThat(get.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "SAFETY.INPUT.TEXT, CONTENT_REFUSED, prompt",
            "SAFETY.INPUT.IMAGE, CONTENT_REFUSED, image",
            "SAFETY.OUTPUT.VIDEO, CONTENT_REFUSED, ",
            "ASSET.INVALID, INPUT_REFUSED, image",
            "INTERNAL.BAD_OUTPUT.CODE01, TASK_FAILED, ",
            "INTERNAL, PROVIDER_TROUBLE, ",
            "SOMETHING.NEW, TASK_FAILED, ",
    })
    void aFailureCodeBecomesAProblemAndRunwaysOwnTextIsNotShown(String code, Problem problem, String field) {
        TaskState failed = pollAnswering("{\"id\":\"" + TASK + "\",\"status\":\"FAILED\",\"failure\":\"internal "
                + "moderation note 7731\",\"failureCode\":\"" + code + "\"}");
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.failure().problem()).isEqualTo(problem);
        assertThat(failed.failure().field().orElse(null)).isEqualTo(field);
        assertThat(failed.failure().rawCode()).isEqualTo("runway:" + code);
        assertThat(failed.failure().getMessage()).doesNotContain("7731");
        assertThat(failed.failure().provider()).contains("Runway");
    }

    @Test
    void aTaskRunwayNoLongerKnowsWasCancelledOrDeleted() {
        server.enqueue(json(404, "{\"error\":\"Could not find Task\"}"));
        TaskState gone = runway.poll(KEYS, new ProviderTaskRef("runway", TASK, null));
        assertThat(gone.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(gone.failure().kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void aCreateWithoutAnAnswerIsAmbiguousAndNeverSentAgain() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        ProviderException e = catchThrowableOfType(() -> runway.submit(KEYS, request(null, "Waves"), "clip-1"),
                ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.AMBIGUOUS_SUBMIT);
        assertThat(server.getRequestCount()).isEqualTo(1);
        ProviderException lookup = catchThrowableOfType(() -> runway.findByIdempotencyKey(KEYS, "clip-1"),
                ProviderException.class);
        assertThat(lookup.kind()).isEqualTo(ErrorKind.AMBIGUOUS_SUBMIT);
        assertThat(server.getRequestCount()).as("there is nothing to ask").isEqualTo(1);
    }

    @Test
    void a500IsAmbiguousButLoadSheddingAndTheDailyCapAreRetried() {
        server.enqueue(json(503, "{\"error\":\"Service unavailable\"}"));
        server.enqueue(json(429, "{\"error\":\"An integration's limits have been reached\"}").setHeader("retry-after-ms", "2500"));
        server.enqueue(json(200, "{\"id\":\"" + TASK + "\",\"estimatedCost\":{\"credits\":25}}"));
        ProviderTaskRef ref = runway.submit(KEYS, request(null, "Waves"), "clip-1");
        assertThat(ref.taskId()).isEqualTo(TASK);
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(sleeper.waits()).contains(Duration.ofMillis(2500));

        server.enqueue(json(500, "{\"error\":\"Internal error\"}"));
        ProviderException e = catchThrowableOfType(() -> runway.submit(KEYS, request(null, "Waves"), "clip-2"),
                ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.AMBIGUOUS_SUBMIT);
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void tooFewCreditsAndValidationAreNotRetried() {
        server.enqueue(json(400, "{\"error\":\"You do not have enough credits to run this task.\"}"));
        ProviderException credits = catchThrowableOfType(() -> runway.submit(KEYS, request(null, "Waves"), "c1"),
                ProviderException.class);
        assertThat(credits.problem()).isEqualTo(Problem.NO_CREDIT);

        server.enqueue(json(400, "{\"error\":\"Validation of body failed\",\"issues\":[{\"code\":\"too_big\","
                + "\"message\":\"Too big: expected number to be <=10\",\"path\":[\"duration\"]}],"
                + "\"docUrl\":\"https://docs.dev.runwayml.com/api\"}"));
        ProviderException invalid = catchThrowableOfType(() -> runway.submit(KEYS, request(null, "Waves"), "c2"),
                ProviderException.class);
        assertThat(invalid.problem()).isEqualTo(Problem.INPUT_REFUSED);
        assertThat(invalid.field()).contains("duration");
        assertThat(invalid.getMessage()).contains("Too big");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void whatRunwayWouldRefuseIsRefusedBeforeAnyCall() {
        ProviderException noCaption = catchThrowableOfType(() -> runway.submit(KEYS, request("gen4.5", " "), "c"),
                ProviderException.class);
        assertThat(noCaption.field()).contains("promptText");
        assertThat(noCaption.getMessage()).contains("Gen-4.5 needs a caption");

        GenerationRequest bridge = new GenerationRequest("gen4_turbo", null, 5, null, "x", null,
                TestMedia.image(640, 480, "jpeg"), "image/jpeg", TestMedia.image(640, 480, "jpeg"), "image/jpeg", null);
        assertThat(catchThrowableOfType(() -> runway.submit(KEYS, bridge, "c"), ProviderException.class).getMessage())
                .contains("cannot end on a given last frame");

        // 600 emoji are 600 characters but 1200 UTF-16 units, the measure Runway counts
        String emoji = "\uD83C\uDF0A".repeat(600);
        ProviderException tooLong = catchThrowableOfType(() -> runway.submit(KEYS, request(null, emoji), "c"),
                ProviderException.class);
        assertThat(tooLong.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(tooLong.getMessage()).contains("1200 of 1000");

        GenerationRequest eightSecondsTurbo = new GenerationRequest("veo3.1", null, 5, null, "x", null,
                TestMedia.image(640, 480, "jpeg"), "image/jpeg");
        assertThat(catchThrowableOfType(() -> runway.submit(KEYS, eightSecondsTurbo, "c"), ProviderException.class)
                .field()).contains("duration");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void cancelDeletesTheTaskAndAGoneTaskCountsAsCancelled() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));
        server.enqueue(json(404, "{\"error\":\"Could not find Task\"}"));
        VideoProvider p = runway;
        assertThat(p.cancel(KEYS, new ProviderTaskRef("runway", TASK, null))).isTrue();
        assertThat(p.cancel(KEYS, new ProviderTaskRef("runway", TASK, null))).isTrue();
        RecordedRequest delete = server.takeRequest();
        assertThat(delete.getMethod()).isEqualTo("DELETE");
        assertThat(delete.getPath()).isEqualTo("/v1/tasks/" + TASK);
        assertThat(delete.getHeader("X-Runway-Version")).isEqualTo(RunwayProvider.API_VERSION);
        ProviderException weird = catchThrowableOfType(() -> p.cancel(KEYS, new ProviderTaskRef("runway", "../x", null)),
                ProviderException.class);
        assertThat(weird.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(server.getRequestCount()).as("an odd task id is never put in a path").isEqualTo(2);
    }

    @Test
    void theDownloadAsksForAFreshLinkFirst() throws Exception {
        String old = server.url("/cdn/old.mp4?_jwt=old").toString();
        String fresh = server.url("/cdn/fresh.mp4?_jwt=fresh").toString();
        server.enqueue(json(200, "{\"id\":\"" + TASK + "\",\"status\":\"SUCCEEDED\",\"output\":[\"" + fresh + "\"]}"));
        server.enqueue(new MockResponse().setBody(new Buffer().write(TestMedia.mp4(64))));
        Path clip = dir.resolve("clip.mp4");

        runway.download(KEYS, new ProviderTaskRef("runway", TASK, null),
                new TaskState(TaskStatus.SUCCEEDED, "SUCCEEDED", 100, old, -1, null), clip);

        assertThat(Files.size(clip)).isEqualTo(TestMedia.mp4(64).length);
        assertThat(server.takeRequest().getPath()).isEqualTo("/v1/tasks/" + TASK);
        RecordedRequest video = server.takeRequest();
        assertThat(video.getPath()).isEqualTo("/cdn/fresh.mp4?_jwt=fresh");
        assertThat(video.getHeader("Authorization")).as("the CDN never sees the key").isNull();
    }

    @Test
    void theKeyIsCheckedForFreeWithTheOrganisation() throws Exception {
        VideoProvider.KeyCheck malformed = runway.verifyKeys(Credentials.of(RunwayProvider.API_KEY, "sk-live-123"));
        assertThat(malformed.valid()).isFalse();
        assertThat(malformed.checkedOnline()).isFalse();
        assertThat(server.getRequestCount()).isZero();

        server.enqueue(json(200, "{\"creditBalance\":1234,\"tier\":{\"maxMonthlyCreditSpend\":10000}}"));
        VideoProvider.KeyCheck good = runway.verifyKeys(KEYS);
        assertThat(good.valid()).isTrue();
        assertThat(good.checkedOnline()).isTrue();
        assertThat(good.message()).contains("1234 credits");
        RecordedRequest org = server.takeRequest();
        assertThat(org.getPath()).isEqualTo("/v1/organization");
        assertThat(org.getMethod()).isEqualTo("GET");

        server.enqueue(json(401, "{\"error\":\"Invalid API key\"}"));
        VideoProvider.KeyCheck bad = runway.verifyKeys(KEYS);
        assertThat(bad.valid()).isFalse();
        assertThat(bad.checkedOnline()).isTrue();
    }
}
