package io.storyreel.contract;

import io.storyreel.core.provider.Backoff;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.RecordingSleeper;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.TestMedia;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.google.VeoProvider;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import io.storyreel.sim.google.VeoOptions;
import io.storyreel.sim.google.VeoSimulator;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.FaultRules;
import io.storyreel.sim.taskapi.SimSettings;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class VeoContractTest extends ProviderContractTest {
    private VeoSimulator sim;

    @Override
    protected void startSimulator() {
        sim = VeoSimulator.start(SimSettings.fast());
    }

    @Override
    protected void stopSimulator() {
        sim.close();
    }

    @Override
    protected VideoProvider client(OkHttpClient http, RecordingSleeper sleeper) {
        return client(http, sleeper, sim);
    }

    private static VeoProvider client(OkHttpClient http, RecordingSleeper sleeper, VeoSimulator on) {
        return new VeoProvider(ProviderContext.of(http, on.baseUrl(), CapabilitiesLoader.bundled("google"),
                Clock.systemUTC()).withSleeper(sleeper)
                .withBackoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2, 4)));
    }

    @Override
    protected Credentials credentials() {
        return Credentials.of(VeoProvider.API_KEY, sim.apiKey());
    }

    @Override
    protected Credentials wrongCredentials() {
        return Credentials.of(VeoProvider.API_KEY, "AIzaSyThisKeyIsNotKnown000000000000000");
    }

    @Override
    protected CallJournal journal() {
        return sim.journal();
    }

    @Override
    protected FaultRules faults() {
        return sim.faults();
    }

    @Override
    protected GenerationRequest request(byte[] image) {
        return new GenerationRequest("veo-3.1-fast-generate-preview", null, 4, "720p", "The cat slowly turns its head",
                "blur", image, "image/jpeg");
    }

    @Override
    protected void rejectAuthOnce() {
        sim.faults().rejectNextAuth(1004);
    }

    @Override
    protected Outcome expected(Fault fault) {
        return switch (fault) {
            // 429, 500 and 503 prove no operation was made (spec §7); the Gemini API has no concurrency refusal
            case RATE_LIMITED_CREATE, SERVER_ERRORS, SLOW_TASK, TRUNCATED_DOWNLOAD, CONCURRENCY_OVER_LIMIT ->
                    Outcome.clip();
            case RATE_LIMITED_BEYOND_BACKOFF -> Outcome.error(ErrorKind.RATE_LIMITED, 0);
            // no idempotency key and no lookup: the lost create is reported, never sent again
            case CREATE_TIMES_OUT_AFTER_CREATING -> Outcome.error(ErrorKind.AMBIGUOUS_SUBMIT, 1);
            // on Veo a failed task is an operation error (code 13, internal); moderation is safety filtering, below
            case TASK_FAILS_MODERATION -> Outcome.error(ErrorKind.TRANSIENT, 1);
            case EXPIRED_DOWNLOAD_URL -> Outcome.error(ErrorKind.NOT_FOUND, 1);
            case WRONG_KEY, AUTH_REJECTED_ONCE -> Outcome.error(ErrorKind.AUTH, 0);
            case INSUFFICIENT_BALANCE -> Outcome.error(ErrorKind.BALANCE, 0);
        };
    }

    @Test
    void doneWithNoVideoIsAContentRefusalThatCostsNothingAndIsNotRetried() throws Exception {
        sim.faults().filterNextOutput("The input image contains a person the policy does not allow.");
        ProviderTaskRef ref = provider.submit(credentials(), preparedRequest(), "clip-filtered");
        TaskState end = awaitEnd(ref, new ArrayList<>());

        assertThat(end.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(end.failure().kind()).isEqualTo(ErrorKind.CONTENT_REJECTED);
        assertThat(end.failure().retryable()).isFalse();
        assertThat(end.failure().getMessage()).contains("policy does not allow");
        assertThat(sim.journal().creates()).isEqualTo(1);
        assertThat(sim.charges()).allSatisfy(c -> assertThat(c.charged() == null
                || c.charged().compareTo(BigDecimal.ZERO) == 0).isTrue());
    }

    @Test
    void theKeyGoesToTheGeminiApiButNotToTheStorageLinkItRedirectsTo() throws Exception {
        makeClip("clip-keyed", new ArrayList<>());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            CallJournal.Call file = sim.journal().calls().stream().filter(c -> c.path().startsWith("/v1beta/files/"))
                    .findFirst().orElseThrow();
            CallJournal.Call stored = sim.journal().calls().stream().filter(c -> c.path().startsWith("/veo-storage/"))
                    .findFirst().orElseThrow();
            assertThat(file.credentialId()).isEqualTo(sim.apiKey());
            assertThat(file.httpStatus()).isEqualTo(302);
            assertThat(stored.credentialId()).as("no key at the storage link").isNull();
            assertThat(stored.httpStatus()).isEqualTo(200);
        });
    }

    @Test
    void veo31EndsOnTheNextPhoto() throws Exception {
        GenerationRequest bridge = provider.prepare(new GenerationRequest("veo-3.1-fast-generate-preview", null, 4,
                null, "She turns toward the window", null, TestMedia.image(640, 360, "jpeg"), "image/jpeg",
                TestMedia.image(640, 360, "png"), "image/png", null));
        ProviderTaskRef ref = provider.submit(credentials(), bridge, "clip-bridge");
        TaskState done = awaitEnd(ref, new ArrayList<>());
        Path clip = dir.resolve("bridge.mp4");
        provider.download(credentials(), ref, done, clip);

        assertPlayableMp4(clip);
        assertThat(sim.journal().creates()).isEqualTo(1);
    }

    @Test
    void aVideoSentInsideTheOperationIsWrittenOut() throws Exception {
        try (VeoSimulator inline = VeoSimulator.start(SimSettings.fast(), VeoSimulator.DEFAULT_API_KEY,
                VeoOptions.defaults().withInlineVideo(true))) {
            VeoProvider veo = client(new OkHttpClient(), new RecordingSleeper(null), inline);
            Credentials keys = Credentials.of(VeoProvider.API_KEY, inline.apiKey());
            ProviderTaskRef ref = veo.submit(keys, veo.prepare(request(TestMedia.image(640, 480, "jpeg"))), "clip-in");
            TaskState done;
            do {
                Thread.sleep(100);
                done = veo.poll(keys, ref);
            } while (!done.status().terminal());
            Path clip = dir.resolve("inline.mp4");
            veo.download(keys, ref, done, clip);

            assertPlayableMp4(clip);
            assertThat(done.resultRef()).as("the video itself is not kept in the clip's row").hasSizeLessThan(200);
        }
    }
}
