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
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import io.storyreel.core.provider.runway.RunwayProvider;
import io.storyreel.sim.runway.RunwaySimulator;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.Charge;
import io.storyreel.sim.taskapi.FaultRules;
import io.storyreel.sim.taskapi.SimSettings;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RunwayContractTest extends ProviderContractTest {
    private RunwaySimulator sim;

    @Override
    protected void startSimulator() {
        sim = RunwaySimulator.start(SimSettings.fast());
    }

    @Override
    protected void stopSimulator() {
        sim.close();
    }

    @Override
    protected VideoProvider client(OkHttpClient http, RecordingSleeper sleeper) {
        return new RunwayProvider(ProviderContext.of(http, sim.baseUrl(), CapabilitiesLoader.bundled("runway"),
                Clock.systemUTC()).withSleeper(sleeper)
                .withBackoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2, 4)));
    }

    @Override
    protected Credentials credentials() {
        return Credentials.of(RunwayProvider.API_KEY, sim.apiKey());
    }

    @Override
    protected Credentials wrongCredentials() {
        return Credentials.of(RunwayProvider.API_KEY, "key_" + "0".repeat(128));
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
        return new GenerationRequest("gen4_turbo", null, 5, null, "The cat slowly turns its head", null, image,
                "image/jpeg");
    }

    @Override
    protected void rejectAuthOnce() {
        sim.faults().rejectNextAuth(1004);
    }

    @Override
    protected Outcome expected(Fault fault) {
        return switch (fault) {
            // 429 and 502-504 prove no task was made (spec §7); a task over the account's concurrency is accepted
            // and waits THROTTLED, so it still becomes a clip
            case RATE_LIMITED_CREATE, SERVER_ERRORS, SLOW_TASK, TRUNCATED_DOWNLOAD, CONCURRENCY_OVER_LIMIT ->
                    Outcome.clip();
            case RATE_LIMITED_BEYOND_BACKOFF -> Outcome.error(ErrorKind.RATE_LIMITED, 0);
            // no idempotency key and no lookup: the lost create is reported, never sent again
            case CREATE_TIMES_OUT_AFTER_CREATING -> Outcome.error(ErrorKind.AMBIGUOUS_SUBMIT, 1);
            case TASK_FAILS_MODERATION -> Outcome.error(ErrorKind.CONTENT_REJECTED, 1);
            case EXPIRED_DOWNLOAD_URL -> Outcome.error(ErrorKind.NOT_FOUND, 1);
            case WRONG_KEY, AUTH_REJECTED_ONCE -> Outcome.error(ErrorKind.AUTH, 0);
            case INSUFFICIENT_BALANCE -> Outcome.error(ErrorKind.BALANCE, 0);
        };
    }

    @Test
    void aTaskOverTheAccountsConcurrencyWaitsForARunwaySlot() throws Exception {
        sim.faults().concurrencyLimit(1);
        sim.faults().taskDuration(Duration.ofSeconds(3));
        ProviderTaskRef busy = provider.submit(credentials(), preparedRequest(), "clip-running");
        sim.faults().taskDuration(Duration.ofMillis(300));
        ProviderTaskRef ref = provider.submit(credentials(), preparedRequest(), "clip-throttled");
        TaskState first = provider.poll(credentials(), ref);

        assertThat(first.status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(first.rawStatus()).isEqualTo("THROTTLED");
        assertThat(first.queue().accountLimit()).as("shown as waiting for a Runway slot").isTrue();
        assertThat(awaitEnd(busy, new ArrayList<>()).status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(awaitEnd(ref, new ArrayList<>()).status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(sim.journal().creates()).as("accepted, not refused: two tasks, each paid once").isEqualTo(2);
    }

    @Test
    void theActualCostIsRunwaysCostInCredits() throws Exception {
        ProviderTaskRef ref = provider.submit(credentials(), preparedRequest(), "clip-cost");
        TaskState done = awaitEnd(ref, new ArrayList<>());

        assertThat(provider.estimate(preparedRequest()).units()).isEqualTo(25.0);
        assertThat(provider.estimate(preparedRequest()).usd()).isEqualTo(0.25);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.charges().stream().anyMatch(c -> c.charged() != null));
        Charge charge = sim.charges().get(0);
        assertThat(charge.unit()).isEqualTo("credits");
        assertThat(done.actualUnits()).isEqualTo(charge.charged().doubleValue());
    }

    @Test
    void aCancelledFilmsTaskIsDeletedAtRunwayAndCostsNothing() throws Exception {
        sim.faults().taskDuration(Duration.ofSeconds(20));
        ProviderTaskRef ref = provider.submit(credentials(), preparedRequest(), "clip-cancelled");

        assertThat(provider.cancel(credentials(), ref)).isTrue();
        TaskState after = provider.poll(credentials(), ref);

        assertThat(after.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(after.failure().kind()).isEqualTo(ErrorKind.NOT_FOUND);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sim.journal().calls())
                .filteredOn(c -> c.method().equals("DELETE")).extracting(CallJournal.Call::httpStatus)
                .containsExactly(204));
        assertThat(sim.charges()).allSatisfy(c -> assertThat(c.charged() == null
                || c.charged().compareTo(BigDecimal.ZERO) == 0).as("nothing charged").isTrue());
        assertThat(provider.cancel(credentials(), ref)).as("cancelling again is harmless").isTrue();
    }

    @Test
    void veo31OnRunwayEndsOnTheNextPhoto() throws Exception {
        GenerationRequest bridge = provider.prepare(new GenerationRequest("veo3.1_fast", null, 4, "720p",
                "She turns toward the window", null, TestMedia.image(640, 360, "jpeg"), "image/jpeg",
                TestMedia.image(640, 360, "png"), "image/png", null));
        ProviderTaskRef ref = provider.submit(credentials(), bridge, "clip-bridge");
        TaskState done = awaitEnd(ref, new ArrayList<>());
        Path clip = dir.resolve("bridge.mp4");
        provider.download(credentials(), ref, done, clip);

        assertPlayableMp4(clip);
        assertThat(sim.journal().creates()).isEqualTo(1);
    }
}
