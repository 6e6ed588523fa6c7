package io.storyreel.contract;

import io.storyreel.core.provider.Backoff;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.RecordingSleeper;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import io.storyreel.core.provider.minimax.MiniMaxProvider;
import io.storyreel.sim.minimax.MiniMaxSimulator;
import io.storyreel.sim.taskapi.CallbackReceiver;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.FaultRules;
import io.storyreel.sim.taskapi.SimSettings;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

class MiniMaxContractTest extends ProviderContractTest {
    private MiniMaxSimulator sim;

    @Override
    protected void startSimulator() {
        sim = MiniMaxSimulator.start(SimSettings.fast());
    }

    @Override
    protected void stopSimulator() {
        sim.close();
    }

    @Override
    protected VideoProvider client(OkHttpClient http, RecordingSleeper sleeper) {
        return new MiniMaxProvider(ProviderContext.of(http, sim.baseUrl(), CapabilitiesLoader.bundled("minimax"),
                Clock.systemUTC()).withSleeper(sleeper)
                .withBackoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2, 4)));
    }

    @Override
    protected Credentials credentials() {
        return Credentials.of(MiniMaxProvider.API_KEY, sim.apiKey());
    }

    @Override
    protected Credentials wrongCredentials() {
        return Credentials.of(MiniMaxProvider.API_KEY, "sk-this-key-is-not-known-0000");
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
        return new GenerationRequest("MiniMax-Hailuo-02", null, 6, "768P", "The cat turns its head [Push in]", null,
                image, "image/jpeg");
    }

    @Override
    protected void rejectAuthOnce() {
        sim.faults().rejectNextAuth(2049); // a bad key is not something a retry fixes
    }

    @Override
    protected Outcome expected(Fault fault) {
        return switch (fault) {
            case RATE_LIMITED_CREATE, SERVER_ERRORS, SLOW_TASK, TRUNCATED_DOWNLOAD -> Outcome.clip();
            case RATE_LIMITED_BEYOND_BACKOFF, CONCURRENCY_OVER_LIMIT -> Outcome.error(ErrorKind.RATE_LIMITED, 0);
            // no idempotency key: the lost create is reported, never sent again
            case CREATE_TIMES_OUT_AFTER_CREATING -> Outcome.error(ErrorKind.AMBIGUOUS_SUBMIT, 1);
            case TASK_FAILS_MODERATION -> Outcome.error(ErrorKind.CONTENT_REJECTED, 1);
            case EXPIRED_DOWNLOAD_URL -> Outcome.error(ErrorKind.NOT_FOUND, 1);
            case WRONG_KEY, AUTH_REJECTED_ONCE -> Outcome.error(ErrorKind.AUTH, 0);
            case INSUFFICIENT_BALANCE -> Outcome.error(ErrorKind.BALANCE, 0);
        };
    }

    @Test
    void theDocumentedFiveCreatesPerMinuteAreKeptByTheClientLimiter() {
        RecordingSleeper waits = new RecordingSleeper(null);
        MiniMaxProvider limited = new MiniMaxProvider(ProviderContext.of(new OkHttpClient(), sim.baseUrl(),
                CapabilitiesLoader.bundled("minimax"), Clock.systemUTC()).withRequestsPerMinute(5).withSleeper(waits));
        for (int i = 0; i < 5; i++) {
            limited.submit(credentials(), preparedRequest(), "clip-" + i);
        }
        ProviderException sixth = catchThrowableOfType(() -> limited.submit(credentials(), preparedRequest(), "clip-6"),
                ProviderException.class);
        assertThat(sixth.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(sixth.rawCode()).isEqualTo("client_rate_limit");
        assertThat(sim.journal().creates()).as("the simulator never had to refuse").isEqualTo(5);
        assertThat(sim.journal().calls()).allMatch(c -> c.code() == 0);
    }

    @Test
    void aGroupIdTheKeyDoesNotBelongToStillDownloadsThePaidClip() throws Exception {
        sim.requireGroupId("1879000000000000001");
        Credentials wrongGroup = Credentials.of(MiniMaxProvider.API_KEY, sim.apiKey(), MiniMaxProvider.GROUP_ID,
                "1879000000000000999");
        ProviderTaskRef ref = provider.submit(wrongGroup, preparedRequest(), "clip-group");
        TaskState done = awaitEnd(ref, new ArrayList<>());
        Path clip = dir.resolve("group.mp4");
        provider.download(wrongGroup, ref, done, clip);

        assertPlayableMp4(clip);
        // the simulator journals a call just after answering it
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sim.journal().calls())
                .filteredOn(c -> c.path().equals("/v1/files/retrieve")).extracting(CallJournal.Call::code)
                .as("refused with the wrong group, then served without it").containsExactlyInAnyOrder(1004, 0));
        assertThat(sim.journal().creates()).isEqualTo(1);
    }

    @Test
    void theRightGroupIdIsAccepted() throws Exception {
        sim.requireGroupId("1879000000000000001");
        Credentials group = Credentials.of(MiniMaxProvider.API_KEY, sim.apiKey(), MiniMaxProvider.GROUP_ID,
                "1879000000000000001");
        ProviderTaskRef ref = provider.submit(group, preparedRequest(), "clip-right-group");
        Path clip = dir.resolve("right-group.mp4");
        provider.download(group, ref, awaitEnd(ref, new ArrayList<>()), clip);

        assertPlayableMp4(clip);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sim.journal().calls())
                .filteredOn(c -> c.path().equals("/v1/files/retrieve")).extracting(CallJournal.Call::code)
                .containsExactly(0));
    }

    @Test
    void aCallbackUrlThatFailsTheChallengeDoesNotCostTheClip() throws Exception {
        try (CallbackReceiver hook = new CallbackReceiver().ignoringChallenges()) {
            MiniMaxProvider withCallback = withCallback(hook.url());
            ProviderTaskRef ref = withCallback.submit(credentials(), preparedRequest(), "clip-callback");

            assertThat(ref.taskId()).isNotBlank();
            assertThat(hook.bodies()).as("MiniMax challenged the URL once").hasSize(1);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sim.journal().calls())
                    .filteredOn(c -> c.path().equals("/v1/video_generation")).extracting(CallJournal.Call::code)
                    .as("refused with the callback, created without it").containsExactly(2013, 0));
            assertThat(sim.journal().creates()).isEqualTo(1);
        }
    }

    @Test
    void aCallbackUrlThatAnswersTheChallengeHearsOfEveryChange() throws Exception {
        try (CallbackReceiver hook = new CallbackReceiver()) {
            MiniMaxProvider withCallback = withCallback(hook.url());
            ProviderTaskRef ref = withCallback.submit(credentials(), preparedRequest(), "clip-heard");

            await().atMost(Duration.ofSeconds(30)).until(() -> hook.bodies().stream()
                    .anyMatch(b -> b.path("status").asText().equals("Success")));
            assertThat(hook.bodies().get(0).has("challenge")).isTrue();
            assertThat(hook.bodies().get(hook.bodies().size() - 1).get("task_id").asText()).isEqualTo(ref.taskId());
            assertThat(sim.journal().creates()).isEqualTo(1);
        }
    }

    private MiniMaxProvider withCallback(String url) {
        return new MiniMaxProvider(ProviderContext.of(new OkHttpClient(), sim.baseUrl(),
                CapabilitiesLoader.bundled("minimax"), Clock.systemUTC()).withSleeper(new RecordingSleeper(null))
                .withBackoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2, 4)).withCallbackUrl(url));
    }
}
