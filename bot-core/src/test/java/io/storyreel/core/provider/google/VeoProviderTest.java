package io.storyreel.core.provider.google;

import io.storyreel.core.download.DownloadPolicy;
import io.storyreel.core.download.SafeDownloader;
import io.storyreel.core.provider.Backoff;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.RecordingSleeper;
import io.storyreel.core.provider.ReferenceImage;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The Veo client against scripted answers: operations, safety filtering, Google's errors, downloads with the key. */
class VeoProviderTest {
    static final String KEY = "AIzaSyTestKey0123456789abcdefghijklmno";
    static final Credentials KEYS = Credentials.of(VeoProvider.API_KEY, KEY);
    static final String OP = "models/veo-3.1-fast-generate-preview/operations/abc123";
    static final ProviderTaskRef REF = new ProviderTaskRef("google", OP, null);

    MockWebServer server;
    MockWebServer storage;
    SettableClock clock;
    RecordingSleeper sleeper;
    VeoProvider veo;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        storage = new MockWebServer();
        storage.start();
        clock = SettableClock.at("2026-12-03T10:00:00Z");
        sleeper = new RecordingSleeper(clock);
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(1500, TimeUnit.MILLISECONDS).build();
        // the API and the storage host a download redirects to are both configured services here
        SafeDownloader downloads = new SafeDownloader(http, DownloadPolicy.trusting(List.of(server.url("/").toString(),
                storage.url("/").toString()), Duration.ofSeconds(10), 0));
        veo = new VeoProvider(ProviderContext.of(http, server.url("/").toString(), CapabilitiesLoader.bundled("google"),
                clock).withSleeper(sleeper).withBackoff(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 4))
                .withDownloads(downloads, 1 << 20));
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
        storage.shutdown();
    }

    static GenerationRequest request(String model, int seconds) {
        return new GenerationRequest(model, null, seconds, null, "Waves roll in", null,
                TestMedia.image(640, 360, "jpeg"), "image/jpeg");
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    TaskState pollAnswering(String body) {
        server.enqueue(json(200, body));
        return veo.poll(KEYS, REF);
    }

    @Test
    void anOperationRunsUntilDoneAndTheVideoIsItsFirstSample() throws Exception {
        TaskState running = pollAnswering("{\"name\":\"" + OP + "\"}");
        TaskState stillRunning = pollAnswering("{\"name\":\"" + OP + "\",\"done\":false,\"metadata\":{}}");
        TaskState done = pollAnswering("{\"name\":\"" + OP + "\",\"done\":true,\"response\":{\"@type\":\"type."
                + "googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse\","
                + "\"generateVideoResponse\":{\"generatedSamples\":[{\"video\":{\"uri\":\"https://generativelanguage."
                + "googleapis.com/v1beta/files/f1:download?alt=media\"}}]}}}");

        assertThat(running.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(stillRunning.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(done.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(done.resultRef()).isEqualTo("https://generativelanguage.googleapis.com/v1beta/files/f1:download?alt=media");
        RecordedRequest get = server.takeRequest();
        assertThat(get.getPath()).isEqualTo("/v1beta/" + OP);
        assertThat(get.getHeader("x-goog-api-key")).isEqualTo(KEY);
    }

    @Test
    void doneWithNoVideoIsAContentRefusalThatIsNotRetried() {
        TaskState filtered = pollAnswering("{\"name\":\"" + OP + "\",\"done\":true,\"response\":{\"generateVideoResponse\":"
                + "{\"raiMediaFilteredCount\":1,\"raiMediaFilteredReasons\":[\"The input image contains content that "
                + "violates our policies.\"]}}}");
        assertThat(filtered.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(filtered.failure().kind()).isEqualTo(ErrorKind.CONTENT_REJECTED);
        assertThat(filtered.failure().retryable()).isFalse();
        assertThat(filtered.failure().getMessage()).contains("violates our policies");

        TaskState empty = pollAnswering("{\"name\":\"" + OP + "\",\"done\":true,\"response\":{\"generateVideoResponse\":{}}}");
        assertThat(empty.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(empty.failure().kind()).as("no reasons: the spec's UNKNOWN").isEqualTo(ErrorKind.UNKNOWN);
    }

    @Test
    void aFailedOperationsErrorIsMapped() {
        TaskState internal = pollAnswering("{\"name\":\"" + OP + "\",\"done\":true,\"error\":{\"code\":13,"
                + "\"message\":\"Video generation failed due to an internal error.\"}}");
        assertThat(internal.failure().problem()).isEqualTo(Problem.PROVIDER_TROUBLE);
        TaskState invalid = pollAnswering("{\"name\":\"" + OP + "\",\"done\":true,\"error\":{\"code\":400,"
                + "\"message\":\"durationSeconds must be 8 for 1080p\",\"status\":\"INVALID_ARGUMENT\"}}");
        assertThat(invalid.failure().problem()).isEqualTo(Problem.INPUT_REFUSED);

        server.enqueue(json(404, "{\"error\":{\"code\":404,\"message\":\"Operation not found.\",\"status\":\"NOT_FOUND\"}}"));
        assertThat(veo.poll(KEYS, REF).status()).isEqualTo(TaskStatus.EXPIRED);
        TaskState odd = veo.poll(KEYS, new ProviderTaskRef("google", "models/x/../../files/f1", null));
        assertThat(odd.status()).isEqualTo(TaskStatus.EXPIRED);
        assertThat(server.getRequestCount()).as("an odd operation name is never put in a path").isEqualTo(3);
    }

    @Test
    void aCreateWithoutAnAnswerIsAmbiguousAndNeverSentAgain() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        ProviderException e = catchThrowableOfType(() -> veo.submit(KEYS, request(null, 6), "clip-1"),
                ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.AMBIGUOUS_SUBMIT);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(catchThrowableOfType(() -> veo.findByIdempotencyKey(KEYS, "clip-1"), ProviderException.class)
                .kind()).isEqualTo(ErrorKind.AMBIGUOUS_SUBMIT);
    }

    @Test
    void quotaAndOverloadAreRetriedWithGooglesDelayButAProxyErrorIsAmbiguous() {
        server.enqueue(json(429, "{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota, please "
                + "check your plan and billing details.\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"3s\"}]}}"));
        server.enqueue(json(503, "{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}"));
        server.enqueue(json(200, "{\"name\":\"" + OP + "\"}"));
        assertThat(veo.submit(KEYS, request(null, 6), "clip-1").taskId()).isEqualTo(OP);
        assertThat(sleeper.waits()).contains(Duration.ofSeconds(3));

        server.enqueue(json(502, "<html>Bad Gateway</html>"));
        assertThat(catchThrowableOfType(() -> veo.submit(KEYS, request(null, 6), "clip-2"), ProviderException.class)
                .kind()).isEqualTo(ErrorKind.AMBIGUOUS_SUBMIT);
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void googlesRefusalsMeanWhatTheUserCanDo() {
        server.enqueue(json(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API "
                + "key.\",\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc."
                + "ErrorInfo\",\"reason\":\"API_KEY_INVALID\"}]}}"));
        server.enqueue(json(403, "{\"error\":{\"code\":403,\"message\":\"Veo needs a paid tier: this project has no "
                + "billing account.\",\"status\":\"PERMISSION_DENIED\"}}"));
        server.enqueue(json(404, "{\"error\":{\"code\":404,\"message\":\"models/veo-3.1-fast-generate-preview is not "
                + "found for API version v1beta\",\"status\":\"NOT_FOUND\"}}"));
        server.enqueue(json(400, "{\"error\":{\"code\":400,\"message\":\"aspectRatio must be 16:9 or 9:16\","
                + "\"status\":\"INVALID_ARGUMENT\"}}"));
        assertThat(problemOfSubmit()).isEqualTo(Problem.KEYS_REJECTED);
        assertThat(problemOfSubmit()).isEqualTo(Problem.NO_CREDIT);
        assertThat(problemOfSubmit()).isEqualTo(Problem.MODEL_NOT_ALLOWED);
        assertThat(problemOfSubmit()).isEqualTo(Problem.INPUT_REFUSED);
        assertThat(server.getRequestCount()).as("none of these is sent twice").isEqualTo(4);
    }

    private Problem problemOfSubmit() {
        return catchThrowableOfType(() -> veo.submit(KEYS, request(null, 6), "c"), ProviderException.class).problem();
    }

    @Test
    void whatVeoWouldRefuseIsRefusedBeforeAnyCall() {
        byte[] photo = TestMedia.image(640, 360, "jpeg");
        GenerationRequest endOnVeo3 = new GenerationRequest("veo-3.0-generate-001", null, 8, null, "x", null, photo,
                "image/jpeg", photo, "image/jpeg", null);
        String v31 = "veo-3.1-generate-preview";
        GenerationRequest refsOnFast = new GenerationRequest(null, null, 8, null, "x", null, photo, "image/jpeg", null,
                null, null, List.of(new ReferenceImage(photo, "image/jpeg")));
        GenerationRequest refsAt6 = new GenerationRequest(v31, null, 6, null, "x", null, photo, "image/jpeg", null,
                null, null, List.of(new ReferenceImage(photo, "image/jpeg")));
        GenerationRequest refsAndEnd = new GenerationRequest(v31, null, 8, null, "x", null, photo, "image/jpeg",
                photo, "image/jpeg", null, List.of(new ReferenceImage(photo, "image/jpeg")));
        GenerationRequest fourRefs = new GenerationRequest(v31, null, 8, null, "x", null, photo, "image/jpeg", null,
                null, null, List.of(new ReferenceImage(photo, "image/jpeg"), new ReferenceImage(photo, "image/jpeg"),
                new ReferenceImage(photo, "image/jpeg"), new ReferenceImage(photo, "image/jpeg")));
        GenerationRequest shortAt1080 = new GenerationRequest(null, null, 4, "1080p", "x", null, photo, "image/jpeg");
        for (GenerationRequest r : List.of(endOnVeo3, refsOnFast, refsAt6, refsAndEnd, fourRefs, shortAt1080)) {
            ProviderException e = catchThrowableOfType(() -> veo.submit(KEYS, r, "c"), ProviderException.class);
            assertThat(e.kind()).as(r.toString()).isEqualTo(ErrorKind.INVALID_INPUT);
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void theKeyGoesWithTheDownloadToGoogleButNotToTheStorageHostItRedirectsTo() throws Exception {
        storage.enqueue(new MockResponse().setBody(new Buffer().write(TestMedia.mp4(64))));
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location",
                storage.url("/bucket/f1.mp4?sig=abc").toString()));
        String uri = server.url("/v1beta/files/f1:download?alt=media").toString();
        Path clip = dir.resolve("clip.mp4");

        veo.download(KEYS, REF, new TaskState(TaskStatus.SUCCEEDED, "done", 100, uri, -1, null), clip);

        assertThat(Files.size(clip)).isEqualTo(TestMedia.mp4(64).length);
        assertThat(server.takeRequest().getHeader("x-goog-api-key")).isEqualTo(KEY);
        RecordedRequest atStorage = storage.takeRequest();
        assertThat(atStorage.getPath()).isEqualTo("/bucket/f1.mp4?sig=abc");
        assertThat(atStorage.getHeader("x-goog-api-key")).as("the storage host never sees the key").isNull();
    }

    @Test
    void aVideoLinkOnAnotherHostIsFetchedWithoutTheKey() throws Exception {
        storage.enqueue(new MockResponse().setBody(new Buffer().write(TestMedia.mp4(32))));
        veo.download(KEYS, REF, new TaskState(TaskStatus.SUCCEEDED, "done", 100,
                storage.url("/elsewhere.mp4").toString(), -1, null), dir.resolve("c.mp4"));
        assertThat(storage.takeRequest().getHeader("x-goog-api-key")).isNull();
    }

    @Test
    void aVideoGoogleNoLongerKeepsIsGone() {
        server.enqueue(json(404, "{\"error\":{\"code\":404,\"message\":\"File f1 not found.\",\"status\":\"NOT_FOUND\"}}"));
        ProviderException e = catchThrowableOfType(() -> veo.download(KEYS, REF, new TaskState(TaskStatus.SUCCEEDED,
                "done", 100, server.url("/v1beta/files/f1:download?alt=media").toString(), -1, null),
                dir.resolve("c.mp4")), ProviderException.class);
        assertThat(e.problem()).isEqualTo(Problem.RESULT_GONE);
        assertThat(e.getMessage()).contains("two days");
    }

    @Test
    void aVideoSentInlineIsWrittenOut() throws Exception {
        String inline = Base64.getEncoder().encodeToString(TestMedia.mp4(100));
        String body = "{\"name\":\"" + OP + "\",\"done\":true,\"response\":{\"generateVideoResponse\":{\"generatedSamples\":"
                + "[{\"video\":{\"encodedVideo\":\"" + inline + "\",\"encoding\":\"video/mp4\"}}]}}}";
        TaskState done = pollAnswering(body);
        assertThat(done.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(done.resultRef()).doesNotContain(inline);
        server.enqueue(json(200, body));
        Path clip = dir.resolve("inline.mp4");

        veo.download(KEYS, REF, done, clip);

        assertThat(Files.readAllBytes(clip)).isEqualTo(TestMedia.mp4(100));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(clip);
        }
    }

    @Test
    void theKeyIsCheckedForFreeByReadingTheModel() throws Exception {
        VideoProvider.KeyCheck malformed = veo.verifyKeys(Credentials.of(VeoProvider.API_KEY, "not a key"));
        assertThat(malformed.valid()).isFalse();
        assertThat(malformed.checkedOnline()).isFalse();

        server.enqueue(json(200, "{\"name\":\"models/veo-3.1-fast-generate-preview\",\"supportedGenerationMethods\":"
                + "[\"predictLongRunning\"]}"));
        VideoProvider.KeyCheck good = veo.verifyKeys(KEYS);
        assertThat(good.valid()).isTrue();
        assertThat(good.checkedOnline()).isTrue();
        RecordedRequest get = server.takeRequest();
        assertThat(get.getMethod()).isEqualTo("GET");
        assertThat(get.getPath()).isEqualTo("/v1beta/models/veo-3.1-fast-generate-preview");

        server.enqueue(json(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API "
                + "key.\",\"status\":\"INVALID_ARGUMENT\"}}"));
        VideoProvider.KeyCheck bad = veo.verifyKeys(KEYS);
        assertThat(bad.valid()).isFalse();
        assertThat(bad.checkedOnline()).isTrue();
        assertThat(bad.message()).doesNotContain(KEY);
    }
}
