package io.storyreel.contract;

import io.storyreel.core.provider.Backoff;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.RecordingSleeper;
import io.storyreel.core.provider.TestMedia;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.kling.KlingProvider;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import io.storyreel.sim.kling.KlingSimulator;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.FaultRules;
import io.storyreel.sim.taskapi.SimSettings;
import okhttp3.OkHttpClient;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KlingContractTest extends ProviderContractTest {
    private KlingSimulator sim;

    @Override
    protected void startSimulator() {
        sim = KlingSimulator.start(SimSettings.fast());
    }

    @Override
    protected void stopSimulator() {
        sim.close();
    }

    @Override
    protected VideoProvider client(OkHttpClient http, RecordingSleeper sleeper) {
        return new KlingProvider(ProviderContext.of(http, sim.baseUrl(), CapabilitiesLoader.bundled("kling"),
                Clock.systemUTC()).withSleeper(sleeper)
                .withBackoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2, 4)));
    }

    @Override
    protected Credentials credentials() {
        return Credentials.of(KlingProvider.ACCESS_KEY, sim.accessKey(), KlingProvider.SECRET_KEY, sim.secretKey());
    }

    @Override
    protected Credentials wrongCredentials() {
        return Credentials.of(KlingProvider.ACCESS_KEY, sim.accessKey(), KlingProvider.SECRET_KEY,
                "not-the-secret-key-000");
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
        return new GenerationRequest("kling-v2-5-turbo", "std", 5, null, "The lighthouse keeper waves", null, image,
                "image/jpeg");
    }

    @Override
    protected void rejectAuthOnce() {
        sim.faults().rejectNextAuth(1004); // expired token: the client re-mints once and carries on
    }

    @Override
    protected Outcome expected(Fault fault) {
        return switch (fault) {
            case RATE_LIMITED_CREATE, SERVER_ERRORS, SLOW_TASK, TRUNCATED_DOWNLOAD, AUTH_REJECTED_ONCE,
                 CREATE_TIMES_OUT_AFTER_CREATING -> Outcome.clip();
            case RATE_LIMITED_BEYOND_BACKOFF -> Outcome.error(ErrorKind.RATE_LIMITED, 0);
            case TASK_FAILS_MODERATION -> Outcome.error(ErrorKind.CONTENT_REJECTED, 1);
            case EXPIRED_DOWNLOAD_URL -> Outcome.error(ErrorKind.NOT_FOUND, 1);
            case WRONG_KEY -> Outcome.error(ErrorKind.AUTH, 0);
            case INSUFFICIENT_BALANCE -> Outcome.error(ErrorKind.BALANCE, 0);
            case CONCURRENCY_OVER_LIMIT -> Outcome.error(ErrorKind.CONCURRENCY, 0);
        };
    }

    @Test
    void createThatTimesOutAfterTheTaskWasCreatedIsResolvedThroughExternalTaskId() throws Exception {
        sim.faults().createTimesOutAfterCreating(CREATE_HOLD);

        ProviderTaskRef ref = provider.submit(credentials(), preparedRequest(), "clip-lost-answer");

        assertThat(ref.externalId()).isEqualTo("clip-lost-answer");
        awaitHeldCreateJournaled(1);
        assertThat(sim.journal().createsForExternalId("clip-lost-answer")).isEqualTo(1);
        assertThat(sim.journal().calls()).filteredOn(c -> c.method().equals("GET")
                && c.path().endsWith("/clip-lost-answer")).as("looked up by external_task_id").isNotEmpty();
        var state = awaitEnd(ref, new ArrayList<>());
        Path clip = dir.resolve("lost.mp4");
        provider.download(credentials(), ref, state, clip);
        assertPlayableMp4(clip);
        assertThat(sim.journal().creates()).as("exactly one paid create").isEqualTo(1);
    }

    @Test
    void keysAreCheckedThroughTheFreeAccountCall() {
        assertThat(provider.verifyKeys(credentials()).message()).isEqualTo("Kling accepted the keys.");
        // the simulator journals a call just after answering it
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sim.journal().calls())
                .extracting(CallJournal.Call::path).containsExactly("/account/costs"));
    }

    /**
     * The catalogue's "with sound" entry is kling-v3 with the sound switch on (providers-next §4.1): Kling takes it with
     * an end frame and the clip has a sound track; the silent entry's clip has none.
     */
    @Test
    void theSoundModelMakesAClipWithSoundAndTheSilentOneWithout() throws Exception {
        byte[] end = TestMedia.image(640, 480, "png");
        Path loud = clip("kling-v3-sound", end, "clip-sound");
        Path quiet = clip("kling-v3", end, "clip-silent");

        assertThat(audioChannels(loud)).isPositive();
        assertThat(audioChannels(quiet)).isZero();
        assertThat(sim.journal().creates()).isEqualTo(2);
    }

    private Path clip(String model, byte[] end, String key) throws Exception {
        GenerationRequest r = provider.prepare(new GenerationRequest(model, "std", 3, null, "The keeper calls out",
                null, TestMedia.image(640, 480, "jpeg"), "image/jpeg", end, "image/png", null));
        ProviderTaskRef ref = provider.submit(credentials(), r, key);
        Path out = dir.resolve(key + ".mp4");
        provider.download(credentials(), ref, awaitEnd(ref, new ArrayList<>()), out);
        assertPlayableMp4(out);
        return out;
    }

    private static int audioChannels(Path mp4) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(mp4.toFile())) {
            g.start();
            int channels = g.getAudioChannels();
            g.stop();
            return channels;
        }
    }
}
