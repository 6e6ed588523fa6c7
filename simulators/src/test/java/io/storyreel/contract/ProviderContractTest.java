package io.storyreel.contract;

import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.RecordingSleeper;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.TestMedia;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.http.Mp4Check;
import io.storyreel.sim.taskapi.CallJournal;
import io.storyreel.sim.taskapi.FaultRules;
import okhttp3.OkHttpClient;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * One behavioural suite for every provider client, run against that provider's simulator over real HTTP on
 * 127.0.0.1: the success path, every fault rule the simulators offer, the taxonomy each error maps to, and under
 * every fault no second paid create (counted by the simulator's journal, which includes creates whose answer was
 * lost). Subclasses start their simulator and build their client; the expectations that differ by provider
 * (Kling can resolve a lost create, MiniMax cannot) come from {@link #expected(Fault)}.
 */
abstract class ProviderContractTest {
    /** The fault rules of the simulators, each one case of {@link #everyFaultIsHandledWithoutASecondPaidCreate}. */
    enum Fault {
        RATE_LIMITED_CREATE, RATE_LIMITED_BEYOND_BACKOFF, SERVER_ERRORS, CREATE_TIMES_OUT_AFTER_CREATING,
        TASK_FAILS_MODERATION, SLOW_TASK, TRUNCATED_DOWNLOAD, EXPIRED_DOWNLOAD_URL, WRONG_KEY, AUTH_REJECTED_ONCE,
        INSUFFICIENT_BALANCE, CONCURRENCY_OVER_LIMIT
    }

    /** What a fault should lead to: a film clip anyway ({@code kind == null}) or this error, and the paid creates. */
    record Outcome(ErrorKind kind, int paidCreates) {
        static Outcome clip() {
            return new Outcome(null, 1);
        }

        static Outcome error(ErrorKind kind, int paidCreates) {
            return new Outcome(kind, paidCreates);
        }
    }

    protected static final Duration CREATE_HOLD = Duration.ofSeconds(3);

    protected RecordingSleeper sleeper;
    protected VideoProvider provider;
    @TempDir
    protected Path dir;

    protected abstract void startSimulator();

    protected abstract void stopSimulator();

    protected abstract VideoProvider client(OkHttpClient http, RecordingSleeper sleeper);

    protected abstract Credentials credentials();

    protected abstract Credentials wrongCredentials();

    protected abstract CallJournal journal();

    protected abstract FaultRules faults();

    /** A valid, cheap request for this provider. */
    protected abstract GenerationRequest request(byte[] image);

    protected abstract Outcome expected(Fault fault);

    /** Arm a provider-specific auth rejection that a client may or may not recover from. */
    protected abstract void rejectAuthOnce();

    @BeforeEach
    void startAll() {
        startSimulator();
        // retries happen at once: the simulator's fault rules count calls, not time
        sleeper = new RecordingSleeper(null);
        OkHttpClient http = new OkHttpClient.Builder()
                .readTimeout(CREATE_HOLD.toMillis() / 3, TimeUnit.MILLISECONDS).build();
        provider = client(http, sleeper);
    }

    @AfterEach
    void stopAll() {
        stopSimulator();
    }

    protected GenerationRequest preparedRequest() {
        return provider.prepare(request(TestMedia.image(640, 480, "jpeg")));
    }

    /** Create, poll until finished, download. Returns the clip, or throws the first provider error. */
    protected Path makeClip(String idempotencyKey, List<TaskStatus> seen) throws Exception {
        ProviderTaskRef ref = provider.submit(credentials(), preparedRequest(), idempotencyKey);
        TaskState state = awaitEnd(ref, seen);
        if (state.status() != TaskStatus.SUCCEEDED) {
            throw state.failure();
        }
        Path target = dir.resolve(idempotencyKey + ".mp4");
        provider.download(credentials(), ref, state, target);
        return target;
    }

    protected TaskState awaitEnd(ProviderTaskRef ref, List<TaskStatus> seen) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            TaskState s = provider.poll(credentials(), ref);
            seen.add(s.status());
            if (s.status().terminal()) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("task did not finish in 60 s: " + ref);
    }

    /** The simulator journals a held create when it drops the connection, after the client gave up waiting. */
    protected void awaitHeldCreateJournaled(int creates) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> journal().calls().stream().anyMatch(c -> c.httpStatus() == -1));
        assertThat(journal().creates()).isEqualTo(creates);
    }

    protected static void assertPlayableMp4(Path clip) throws Exception {
        assertThat(Mp4Check.problem(clip)).isNull();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toFile())) {
            g.start();
            assertThat(g.getImageWidth()).isPositive();
            assertThat(g.getImageHeight()).isPositive();
            assertThat(g.getLengthInVideoFrames()).isPositive();
            g.stop();
        }
    }

    @Test
    void successPathCreatesPollsAndDownloadsARealMp4() throws Exception {
        List<TaskStatus> seen = new ArrayList<>();
        Path clip = makeClip("clip-success", seen);

        assertPlayableMp4(clip);
        assertThat(seen).last().isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(seen).allMatch(s -> s == TaskStatus.QUEUED || s == TaskStatus.RUNNING || s == TaskStatus.SUCCEEDED);
        assertThat(journal().creates()).isEqualTo(1);
        try (var files = Files.list(dir)) {
            assertThat(files).as("no partial files left").containsExactly(clip);
        }
    }

    @Test
    void keysAreCheckedWithoutPaying() {
        VideoProvider.KeyCheck good = provider.verifyKeys(credentials());
        VideoProvider.KeyCheck bad = provider.verifyKeys(wrongCredentials());
        assertThat(good.valid()).as(good.message()).isTrue();
        assertThat(good.checkedOnline()).as(good.message()).isTrue();
        assertThat(bad.valid()).as(bad.message()).isFalse();
        assertThat(bad.checkedOnline()).as(bad.message()).isTrue();
        assertThat(journal().creates()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    void everyFaultIsHandledWithoutASecondPaidCreate(Fault fault) throws Exception {
        Outcome want = expected(fault);
        Credentials keys = credentials();
        FaultRules f = faults();
        List<TaskStatus> seen = new ArrayList<>();
        switch (fault) {
            case RATE_LIMITED_CREATE -> f.rateLimitNext(2, Duration.ofSeconds(2));
            case RATE_LIMITED_BEYOND_BACKOFF -> f.rateLimitNext(50, Duration.ofSeconds(1));
            case SERVER_ERRORS -> f.serverErrorsNext(2);
            case CREATE_TIMES_OUT_AFTER_CREATING -> f.createTimesOutAfterCreating(CREATE_HOLD);
            case TASK_FAILS_MODERATION -> f.failNextTask(null);
            case SLOW_TASK -> f.taskDuration(Duration.ofMillis(1500));
            case TRUNCATED_DOWNLOAD -> f.truncateNextDownload();
            case EXPIRED_DOWNLOAD_URL -> f.expireDownloadUrls();
            case WRONG_KEY -> keys = wrongCredentials();
            case AUTH_REJECTED_ONCE -> rejectAuthOnce();
            case INSUFFICIENT_BALANCE -> f.insufficientBalance(true);
            case CONCURRENCY_OVER_LIMIT -> {
                f.concurrencyLimit(1);
                f.taskDuration(Duration.ofSeconds(6));
                provider.submit(keys, preparedRequest(), "clip-occupying-the-slot");
                // a provider that queues the next task (Runway THROTTLED) runs it quickly once the slot frees
                f.taskDuration(Duration.ofMillis(500));
            }
        }
        String key = "clip-" + fault.name().toLowerCase();
        Throwable error = null;
        Path clip = null;
        try {
            ProviderTaskRef ref = provider.submit(keys, preparedRequest(), key);
            TaskState state = awaitEnd(ref, seen);
            if (state.status() != TaskStatus.SUCCEEDED) {
                throw state.failure();
            }
            clip = dir.resolve("out.mp4");
            provider.download(keys, ref, state, clip);
        } catch (ProviderException e) {
            error = e;
        }

        if (want.kind() == null) {
            assertThat(error).as("%s should still give a clip", fault).isNull();
            assertPlayableMp4(clip);
        } else {
            assertThat(error).as("%s should fail", fault).isInstanceOf(ProviderException.class);
            ProviderException pe = (ProviderException) error;
            assertThat(pe.kind()).as("%s maps to", fault).isEqualTo(want.kind());
            assertThat(pe.getMessage()).isNotBlank();
            for (String secret : credentials().values().values()) {
                assertThat(pe.getMessage()).doesNotContain(secret);
                assertThat(String.valueOf(pe.rawCode())).doesNotContain(secret);
            }
            if (clip != null) {
                assertThat(clip).doesNotExist();
            }
        }
        int extra = fault == Fault.CONCURRENCY_OVER_LIMIT ? 1 : 0;
        if (fault == Fault.CREATE_TIMES_OUT_AFTER_CREATING) {
            awaitHeldCreateJournaled(want.paidCreates());
        }
        assertThat(journal().creates()).as("paid creates under %s", fault).isEqualTo(want.paidCreates() + extra);
        if (fault == Fault.SLOW_TASK) {
            assertThat(seen).contains(TaskStatus.RUNNING);
        }
        if (fault == Fault.RATE_LIMITED_CREATE) {
            assertThat(sleeper.waits()).as("Retry-After honoured").contains(Duration.ofSeconds(2));
        }
    }

    /** A valid request the provider cannot take (too small a photo) is refused before anything is sent. */
    @Test
    void aPhotoTheProviderWouldRefuseIsStoppedBeforeAnyCall() {
        ProviderException e = catchThrowableOfType(() -> provider.prepare(request(TestMedia.image(200, 200, "jpeg"))),
                ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(journal().calls()).isEmpty();
    }
}
