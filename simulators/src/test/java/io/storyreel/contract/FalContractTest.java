package io.storyreel.contract;

import io.storyreel.core.provider.Backoff;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.RecordingSleeper;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.TestMedia;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.fal.FalProvider;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import io.storyreel.sim.fal.FalOptions;
import io.storyreel.sim.fal.FalSimulator;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.FaultRules;
import io.storyreel.sim.taskapi.SimSettings;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The fal.ai client against the fal simulator (both written from providers-next §2 alone). fal has no idempotency key
 * and no way to look a request up, so a lost submit is ambiguous, as for MiniMax; 429 and 503/504 at submit are
 * resent, since fal neither queues nor bills them; a request over the account's concurrency waits in fal's queue.
 */
class FalContractTest extends ProviderContractTest {
    private FalSimulator sim;

    @Override
    protected void startSimulator() {
        sim = FalSimulator.start(SimSettings.fast());
    }

    @Override
    protected void stopSimulator() {
        sim.close();
    }

    @Override
    protected VideoProvider client(OkHttpClient http, RecordingSleeper sleeper) {
        return new FalProvider(ProviderContext.of(http, sim.baseUrl(), CapabilitiesLoader.bundled("fal"),
                Clock.systemUTC()).withSleeper(sleeper)
                .withBackoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2, 4)));
    }

    @Override
    protected Credentials credentials() {
        return Credentials.of(FalProvider.API_KEY, sim.key());
    }

    @Override
    protected Credentials wrongCredentials() {
        return Credentials.of(FalProvider.API_KEY, "0a1b2c3d-not-known:00000000000000000000000000000000");
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
        return new GenerationRequest("kling-2.5-turbo-pro", null, 5, null, "The lighthouse keeper waves", null,
                image, "image/jpeg");
    }

    @Override
    protected void rejectAuthOnce() {
        sim.faults().rejectNextAuth(401); // a refused key is not something a retry fixes
    }

    @Override
    protected Outcome expected(Fault fault) {
        return switch (fault) {
            // a request over the account's limit waits IN_QUEUE and runs when the other finishes
            case RATE_LIMITED_CREATE, SERVER_ERRORS, SLOW_TASK, TRUNCATED_DOWNLOAD, CONCURRENCY_OVER_LIMIT ->
                    Outcome.clip();
            case RATE_LIMITED_BEYOND_BACKOFF -> Outcome.error(ErrorKind.RATE_LIMITED, 0);
            // no idempotency key and no lookup: the lost submit is reported, never sent again
            case CREATE_TIMES_OUT_AFTER_CREATING -> Outcome.error(ErrorKind.AMBIGUOUS_SUBMIT, 1);
            case TASK_FAILS_MODERATION -> Outcome.error(ErrorKind.CONTENT_REJECTED, 1);
            case EXPIRED_DOWNLOAD_URL -> Outcome.error(ErrorKind.NOT_FOUND, 1);
            case WRONG_KEY, AUTH_REJECTED_ONCE -> Outcome.error(ErrorKind.AUTH, 0);
            case INSUFFICIENT_BALANCE -> Outcome.error(ErrorKind.BALANCE, 0);
        };
    }

    @Test
    void aRequestWaitingInFalsQueueReportsItsPosition() throws Exception {
        sim.faults().holdNextTasks(1, Duration.ofSeconds(2), 3);
        ProviderTaskRef ref = provider.submit(credentials(), preparedRequest(), "clip-queued");
        TaskState first = provider.poll(credentials(), ref);

        assertThat(first.status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(first.queue().position()).as("fal's queue_position").isPositive();
        List<TaskStatus> seen = new ArrayList<>();
        TaskState end = awaitEnd(ref, seen);
        assertThat(end.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(sim.journal().creates()).isEqualTo(1);
    }

    @Test
    void theFollowUpUrlsAreKeptAsTheTaskIdSoANewClientCanFollowTheRequest() throws Exception {
        ProviderTaskRef ref = provider.submit(credentials(), preparedRequest(), "clip-restart");
        assertThat(ref.taskId()).matches("fal-ai/kling-video/requests/[0-9a-f-]{36}");

        // a restarted bot: a new client with only the stored task id
        VideoProvider restarted = client(new OkHttpClient(), new RecordingSleeper(null));
        TaskState done = awaitEnd(restarted, ref);
        Path clip = dir.resolve("restart.mp4");
        restarted.download(credentials(), new ProviderTaskRef("fal", ref.taskId(), "clip-restart"), done, clip);
        assertPlayableMp4(clip);
        assertThat(sim.journal().calls()).filteredOn(c -> c.path().contains("/requests/"))
                .allMatch(c -> c.path().startsWith("/fal-ai/kling-video/requests/"), "only the app's URLs are used");
    }

    @Test
    void aCancelledRequestIsDroppedFromTheQueueAndNotCharged() throws Exception {
        sim.faults().holdNextTasks(1, Duration.ofSeconds(30), 2);
        ProviderTaskRef ref = provider.submit(credentials(), preparedRequest(), "clip-cancelled");

        assertThat(provider.cancel(credentials(), ref)).as("fal took the cancel").isTrue();
        TaskState end = awaitEnd(ref, new ArrayList<>());
        assertThat(end.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(sim.charges()).as("nothing charged").isNotEmpty()
                .allMatch(c -> c.charged() != null && c.charged().signum() == 0);
        assertThat(provider.cancel(credentials(), ref)).as("already completed: nothing left to stop").isTrue();
        assertThat(provider.cancel(credentials(), new ProviderTaskRef("fal",
                "fal-ai/kling-video/requests/00000000-0000-0000-0000-000000000000", "x")))
                .as("unknown to fal: nothing to stop").isTrue();
        ProviderException refused = catchThrowableOfType(() -> provider.cancel(wrongCredentials(), ref),
                ProviderException.class);
        assertThat(refused.kind()).isEqualTo(ErrorKind.AUTH);
    }

    /** Every field the catalogue names is one the endpoint has (the simulator refuses others here), with its types. */
    @Test
    void everyModelOfTheCatalogueIsAcceptedByItsEndpoint() throws Exception {
        sim.close();
        sim = FalSimulator.start(SimSettings.fast(), FalSimulator.DEFAULT_KEY,
                FalOptions.defaults().withUnknownFieldsRejected(true).withValidationAtSubmit(true));
        provider = client(new OkHttpClient(), sleeper);
        byte[] start = TestMedia.image(640, 480, "jpeg");
        byte[] end = TestMedia.image(640, 480, "png");
        int n = 0;
        for (var model : provider.capabilities().models()) {
            boolean endFrame = model.takesEndFrame();
            GenerationRequest r = provider.prepare(new GenerationRequest(model.id(), null, 0, null,
                    "A slow zoom on the harbour", "blur", start, "image/jpeg", endFrame ? end : null,
                    endFrame ? "image/png" : null, null));
            ProviderTaskRef ref = provider.submit(credentials(), r, "clip-model-" + n++);
            TaskState done = awaitEnd(ref, new ArrayList<>());
            assertThat(done.status()).as("%s: %s", model.id(), done.failure()).isEqualTo(TaskStatus.SUCCEEDED);
        }
        assertThat(sim.journal().creates()).isEqualTo(provider.capabilities().models().size());
    }

    private TaskState awaitEnd(VideoProvider p, ProviderTaskRef ref) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            TaskState s = p.poll(credentials(), ref);
            if (s.status().terminal()) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("task did not finish in 60 s: " + ref);
    }
}
