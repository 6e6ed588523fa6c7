package io.storyreel.core.provider.fal;

import io.storyreel.core.config.ConfigException;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.RecordingSleeper;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import io.storyreel.core.testing.SettableClock;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The fal client's rules against exact answers (spec providers-next §2.2-§2.7): which submits are resent and which
 * are ambiguous, the follow-up URLs kept as given (and refused off fal's host), what a finished request's result
 * means, the key check, and the refusals made before any call.
 */
class FalProviderTest {
    static final byte[] IMAGE = {(byte) 0xFF, (byte) 0xD8, 0, 1, 2, 3};
    static final Credentials KEYS = Credentials.of(FalProvider.API_KEY, "0a1b2c3d-unit:5e6f7a8b9c0d1e2f");
    static final String ID = "024ca5b1-45d3-4afd-883e-ad3abe2a1c4d";

    MockWebServer server;
    SettableClock clock;
    RecordingSleeper sleeper;
    FalProvider fal;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        clock = SettableClock.at("2026-12-05T10:00:00Z");
        sleeper = new RecordingSleeper(clock);
        fal = new FalProvider(ProviderContext.of(new OkHttpClient.Builder().readTimeout(1, TimeUnit.SECONDS).build(),
                server.url("/").toString(), CapabilitiesLoader.bundled("fal"), clock).withSleeper(sleeper));
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private static GenerationRequest kling() {
        return new GenerationRequest("kling-2.5-turbo-pro", null, 5, null, "The keeper waves", null, IMAGE,
                "image/jpeg");
    }

    private String submitted(String appPath) {
        String base = server.url("/").toString();
        String response = base + appPath + "/requests/" + ID;
        return "{\"status\":\"IN_QUEUE\",\"request_id\":\"" + ID + "\",\"response_url\":\"" + response
                + "\",\"status_url\":\"" + response + "/status\",\"cancel_url\":\"" + response
                + "/cancel\",\"queue_position\":0}";
    }

    @Test
    void aRateLimitedOrBusySubmitIsResentAfterItsPause() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "7").setBody("{}"));
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("X-Fal-Error-Type",
                "runner_scheduling_failure").setBody("{\"detail\":\"No runner\",\"error_type\":"
                + "\"runner_scheduling_failure\"}"));
        server.enqueue(new MockResponse().setBody(submitted("fal-ai/kling-video")));

        ProviderTaskRef ref = fal.submit(KEYS, kling(), "clip-1");

        assertThat(ref.taskId()).isEqualTo("fal-ai/kling-video/requests/" + ID);
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(sleeper.waits()).first().isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aSubmitWhoseOutcomeIsUnknownIsNeverResent() {
        server.enqueue(new MockResponse().setResponseCode(500).setBody("Internal Server Error"));
        ProviderException e = catchThrowableOfType(() -> fal.submit(KEYS, kling(), "clip-1"), ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.AMBIGUOUS_SUBMIT);

        server.enqueue(new MockResponse().setBody("{\"status\":\"IN_QUEUE\"}"));
        e = catchThrowableOfType(() -> fal.submit(KEYS, kling(), "clip-2"), ProviderException.class);
        assertThat(e.kind()).as("accepted without a request id").isEqualTo(ErrorKind.AMBIGUOUS_SUBMIT);

        server.enqueue(new MockResponse().setBody(submitted("fal-ai/kling-video")).setHeadersDelay(2, TimeUnit.SECONDS));
        e = catchThrowableOfType(() -> fal.submit(KEYS, kling(), "clip-3"), ProviderException.class);
        assertThat(e.kind()).as("answer lost").isEqualTo(ErrorKind.AMBIGUOUS_SUBMIT);
        assertThat(server.getRequestCount()).isEqualTo(3);

        e = catchThrowableOfType(() -> fal.findByIdempotencyKey(KEYS, "clip-3"), ProviderException.class);
        assertThat(e.kind()).as("fal cannot look a request up").isEqualTo(ErrorKind.AMBIGUOUS_SUBMIT);
    }

    @Test
    void refusalsAtTheDoorAreNotResentAndSayWhatToDo() {
        server.enqueue(new MockResponse().setResponseCode(401).setBody("{\"detail\":\"Authorization token="
                + KEYS.get(FalProvider.API_KEY) + " is invalid.\"}"));
        ProviderException auth = catchThrowableOfType(() -> fal.submit(KEYS, kling(), "c"), ProviderException.class);
        assertThat(auth.problem()).isEqualTo(Problem.KEYS_REJECTED);
        assertThat(auth.getMessage()).doesNotContain(KEYS.get(FalProvider.API_KEY));

        server.enqueue(new MockResponse().setResponseCode(403).setBody("{\"detail\":\"User is locked. Reason: "
                + "Exhausted balance. Top up your balance at fal.ai/dashboard/billing.\"}"));
        ProviderException broke = catchThrowableOfType(() -> fal.submit(KEYS, kling(), "c"), ProviderException.class);
        assertThat(broke.problem()).isEqualTo(Problem.NO_CREDIT);
        assertThat(broke.getMessage()).contains("fal.ai/dashboard/billing");

        server.enqueue(new MockResponse().setResponseCode(422).setBody("{\"detail\":[{\"loc\":[\"body\","
                + "\"tail_image_url\"],\"msg\":\"Image too small\",\"type\":\"image_too_small\"}]}"));
        ProviderException invalid = catchThrowableOfType(() -> fal.submit(KEYS, kling(), "c"), ProviderException.class);
        assertThat(invalid.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(invalid.field()).contains("tail_image_url");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    /** URLs on fal's host are kept as given even when oddly shaped; URLs elsewhere never get the key. */
    @Test
    void theReturnedUrlsAreUsedAsGivenOnlyOnFalsOwnHost() throws Exception {
        String base = server.url("/").toString();
        server.enqueue(new MockResponse().setBody("{\"request_id\":\"" + ID + "\",\"status_url\":\"" + base
                + "q/st/" + ID + "\",\"response_url\":\"" + base + "q/re/" + ID + "\",\"cancel_url\":\"" + base
                + "q/ca/" + ID + "\"}"));
        ProviderTaskRef odd = fal.submit(KEYS, kling(), "clip-odd");
        server.takeRequest();
        assertThat(odd.taskId()).startsWith("{").contains("q/st/" + ID);

        server.enqueue(new MockResponse().setResponseCode(202).setBody("{\"status\":\"IN_QUEUE\",\"queue_position\":3}"));
        TaskState queued = fal.poll(KEYS, odd);
        assertThat(server.takeRequest().getPath()).isEqualTo("/q/st/" + ID);
        assertThat(queued.status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(queued.queue().position()).isEqualTo(3);

        server.enqueue(new MockResponse().setBody("{\"request_id\":\"" + ID + "\",\"status_url\":\"https://evil"
                + ".example/x/status\",\"response_url\":\"https://evil.example/x\",\"cancel_url\":\"https://evil"
                + ".example/x/cancel\"}"));
        ProviderTaskRef elsewhere = fal.submit(KEYS, kling(), "clip-elsewhere");
        server.takeRequest();
        assertThat(elsewhere.taskId()).isEqualTo("fal-ai/kling-video/requests/" + ID);
    }

    @Test
    void aFinishedRequestsResultSaysWhatBecameOfIt() throws Exception {
        ProviderTaskRef ref = new ProviderTaskRef("fal", "fal-ai/kling-video/requests/" + ID, "clip");
        String completed = "{\"status\":\"COMPLETED\",\"metrics\":{\"inference_time\":12.5}}";

        server.enqueue(new MockResponse().setBody("{\"status\":\"IN_PROGRESS\"}"));
        assertThat(fal.poll(KEYS, ref).status()).isEqualTo(TaskStatus.RUNNING);

        server.enqueue(new MockResponse().setBody(completed));
        server.enqueue(new MockResponse().setResponseCode(502).setBody("Bad gateway"));
        server.enqueue(new MockResponse().setBody("{\"video\":{\"url\":\"https://v3b.fal.media/files/b/out.mp4\","
                + "\"content_type\":\"video/mp4\"},\"seed\":1}"));
        TaskState ok = fal.poll(KEYS, ref);
        assertThat(ok.status()).as("a bare 502 on the result is passing trouble").isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(ok.resultRef()).isEqualTo("https://v3b.fal.media/files/b/out.mp4");

        server.enqueue(new MockResponse().setBody(completed));
        server.enqueue(new MockResponse().setResponseCode(422).setBody("{\"detail\":[{\"loc\":[\"body\",\"prompt\"],"
                + "\"msg\":\"The content was flagged by a content checker.\",\"type\":\"content_policy_violation\"}]}"));
        TaskState refused = fal.poll(KEYS, ref);
        assertThat(refused.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(refused.failure().kind()).isEqualTo(ErrorKind.CONTENT_REJECTED);

        server.enqueue(new MockResponse().setBody(completed));
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("X-Fal-Error-Type", "runner_disconnected")
                .setBody("{\"detail\":\"Runner disconnected\",\"error_type\":\"runner_disconnected\"}"));
        TaskState broke = fal.poll(KEYS, ref);
        assertThat(broke.status()).as("fal's own failure is the request's outcome").isEqualTo(TaskStatus.FAILED);
        assertThat(broke.failure().problem()).isEqualTo(Problem.PROVIDER_TROUBLE);
        assertThat(broke.failure().getMessage()).contains("does not charge");

        server.enqueue(new MockResponse().setBody(completed));
        server.enqueue(new MockResponse().setResponseCode(400).setBody("{\"detail\":\"Request was cancelled.\","
                + "\"error_type\":\"request_cancelled\"}"));
        assertThat(fal.poll(KEYS, ref).status()).isEqualTo(TaskStatus.CANCELLED);

        server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"detail\":\"Request not found\"}"));
        assertThat(fal.poll(KEYS, ref).status()).isEqualTo(TaskStatus.EXPIRED);

        List<String> paths = new ArrayList<>();
        for (int i = server.getRequestCount(); i > 0; i--) {
            paths.add(server.takeRequest().getPath());
        }
        assertThat(paths).allMatch(p -> p.startsWith("/fal-ai/kling-video/requests/" + ID));
    }

    @Test
    void theKeyIsCheckedWithAFreeStatusCall() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"detail\":\"Request not found\"}"));
        VideoProvider.KeyCheck good = fal.verifyKeys(KEYS);
        RecordedRequest probe = server.takeRequest();
        assertThat(probe.getMethod()).isEqualTo("GET");
        assertThat(probe.getPath()).endsWith("/status");
        assertThat(good.valid() && good.checkedOnline()).isTrue();

        server.enqueue(new MockResponse().setResponseCode(401).setBody("{\"detail\":\"Invalid key\"}"));
        VideoProvider.KeyCheck bad = fal.verifyKeys(KEYS);
        assertThat(bad.valid()).isFalse();
        assertThat(bad.checkedOnline()).isTrue();

        VideoProvider.KeyCheck typo = fal.verifyKeys(Credentials.of(FalProvider.API_KEY, "has spaces in it, oops"));
        assertThat(typo.valid() || typo.checkedOnline()).isFalse();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void whatAModelCannotTakeIsRefusedBeforeAnyCall() {
        ProviderException endFrame = catchThrowableOfType(() -> fal.submit(KEYS, new GenerationRequest("pika-2.2",
                null, 5, null, "Go", null, IMAGE, "image/jpeg", IMAGE, "image/jpeg", null), "c"), ProviderException.class);
        assertThat(endFrame.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(endFrame.getMessage()).contains("Pika 2.2 cannot use an end frame");

        ProviderException noCaption = catchThrowableOfType(() -> fal.submit(KEYS, new GenerationRequest("hailuo-2.3",
                null, 6, null, " ", null, IMAGE, "image/jpeg"), "c"), ProviderException.class);
        assertThat(noCaption.getMessage()).contains("needs a caption");

        ProviderException tooLong = catchThrowableOfType(() -> fal.submit(KEYS, new GenerationRequest("wan-2.7",
                null, 10, "720p", "Go", null, IMAGE, "image/jpeg"), "c"), ProviderException.class);
        assertThat(tooLong.field()).contains("duration");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aCatalogueModelWithoutItsEndpointOrImageFieldStopsStartUpNamingIt() {
        Capabilities caps = CapabilitiesLoader.bundled("fal");
        ModelSpec pika = caps.model("pika-2.2").orElseThrow();
        ModelSpec broken = new ModelSpec("pika-broken", "Pika", List.of(), pika.combinations(), 90,
                Map.of("endpoint", "fal-ai/pika/v2.2/image-to-video", "input", Map.of("prompt", "prompt")));
        Capabilities bad = new Capabilities("fal", "fal.ai", List.of(broken), "pika-broken", caps.image(),
                caps.maxPromptChars(), caps.currencyUnit(), caps.usdPerUnit());
        assertThatThrownBy(() -> new FalProvider(ProviderContext.of(new OkHttpClient(), server.url("/").toString(),
                bad, clock))).isInstanceOf(ConfigException.class)
                .hasMessage("fal model pika-broken: extra.input.image (the field of the start frame) is required");
    }
}
