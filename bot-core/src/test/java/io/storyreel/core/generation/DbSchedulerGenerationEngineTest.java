package io.storyreel.core.generation;

import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.storybook.StorybookSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DbSchedulerGenerationEngineTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The chat's upload limit, recorded at confirmation; the merge fits the film under it. */
    private static final long LIMIT = 50L * 1024 * 1024;
    @TempDir
    Path dir;
    EngineFixture fx;

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir);
        fx.keys("TELEGRAM:7", "kling");
        fx.keys("TELEGRAM:7", "minimax");
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void aStorybookBecomesOneDeliveredFilmWithOneCreatePerClip() throws Exception {
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults().withCaptions(true).withCrossfade(0.5),
                "a cat", "a dog", "a bird");
        engine.start(book, LIMIT);

        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.state(book)).isEqualTo("DONE");
        assertThat(fx.kling.creates).hasSize(3).doesNotHaveDuplicates();
        assertThat(fx.clips(book)).extracting(Clip::state).containsOnly(ClipState.DOWNLOADED);
        assertThat(fx.listener.films.get(book)).contains("video of task-").hasLineCount(3);
        // each caption is burned into its clip as the clip is normalised; the merge burns none again
        assertThat(fx.merger.normalised).extracting(n -> n.text().caption())
                .containsExactlyInAnyOrder("a cat", "a dog", "a bird");
        assertThat(fx.merger.calls).singleElement().satisfies(o -> {
            assertThat(o.captions()).isEmpty();
            assertThat(o.burnsText()).isFalse();
            assertThat(o.crossfadeSeconds()).isEqualTo(0.5);
            assertThat(o.byteLimit()).isEqualTo(50L * 1024 * 1024);
        });
        assertThat(fx.listener.summaries.get(book).clips()).isEqualTo(3);
        assertThat(fx.listener.summaries.get(book).costUsd()).isCloseTo(0.42, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(fx.listener.progress).anySatisfy(p -> assertThat(p.clips()).anyMatch(c -> c.state() == ClipState.RUNNING && c.percent() == 50));
        assertThat(fx.listener.progress).anySatisfy(p -> assertThat(p.stage()).isEqualTo(GenerationListener.Stage.MERGING));
        assertThat(fx.listener.progress.get(0).estimatedTimeLeft()).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(fx.kling.seenKeys).containsExactly("key-of-TELEGRAM-7-kling");
    }

    @Test
    void aRestartedEngineResumesPollingWithoutResubmitting() throws Exception {
        fx.kling.hold = true;
        DbSchedulerGenerationEngine first = fx.engine();
        first.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "one", "two", "three", "four");
        first.start(book, LIMIT);
        await().atMost(WAIT).until(() -> fx.clips(book).stream().allMatch(c -> c.providerTaskId() != null));
        first.stop();

        DbSchedulerGenerationEngine second = fx.engine();
        fx.kling.hold = false;
        second.startWorkers();

        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.kling.creates).hasSize(4).doesNotHaveDuplicates();
        assertThat(fx.listener.deliveries.get()).isEqualTo(1);
    }

    @Test
    void aClipLeftInSubmittingIsResolvedByItsIdempotencyKeyNotResubmitted() throws Exception {
        fx.settings = fx.settings.withAccountConcurrency(Map.of("kling", 5, "minimax", 5));
        DbSchedulerGenerationEngine chat = fx.engine(); // role chat: schedules, runs nothing
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "created before the crash", "never created");
        chat.start(book, LIMIT);
        var clips = fx.clips(book);
        // the worker died after committing SUBMITTING: for clip 1 the create had reached the provider, for clip 2 not
        fx.sql("UPDATE clip SET state = 'SUBMITTING', attempts = 1 WHERE storybook_id = ?", book);
        fx.kling.create(clips.get(0).id(), false);

        DbSchedulerGenerationEngine worker = fx.engine();
        worker.startWorkers();

        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.kling.createsFor(clips.get(0).id())).isEqualTo(1);
        assertThat(fx.kling.createsFor(clips.get(1).id())).isEqualTo(1);
    }

    @Test
    void aMiniMaxClipLeftInSubmittingFailsWithADashboardHintInsteadOfPayingTwice() throws Exception {
        DbSchedulerGenerationEngine engine = fx.engine();
        String book = fx.storybook("TELEGRAM:7", "minimax", StorybookSettings.defaults(), "one", "two");
        engine.start(book, LIMIT);
        String first = fx.clips(book).get(0).id();
        fx.sql("UPDATE clip SET state = 'SUBMITTING', attempts = 1 WHERE id = ?", first);
        engine.startWorkers();

        await().atMost(WAIT).until(() -> fx.state(book).equals("PAUSED") && fx.clips(book).get(1).state() == ClipState.DOWNLOADED);
        assertThat(fx.minimax.createsFor(first)).isZero();
        assertThat(fx.clips(book).get(0).state()).isEqualTo(ClipState.FAILED);
        assertThat(fx.listener.pauseReasons).singleElement()
                .isEqualTo(EngineReason.clip(EngineReason.Kind.SUBMIT_UNCLEAR, "Fakeminimax", 1));
        assertThat(fx.listener.paused).singleElement().asString()
                .contains("#1").contains("could not tell whether Fakeminimax started clip 1")
                .contains("check your Fakeminimax dashboard before retrying");

        GenerationEngine.CancelResult r = engine.cancel(book);
        assertThat(r.paidPositions()).containsExactly(1, 2); // 1 may have been charged: we say so
    }

    @Test
    void aFailedClipPausesAndRetryMakesOnlyThatClipAgain() throws Exception {
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "fine", "FAIL please", "fine too");
        engine.start(book, LIMIT);

        await().atMost(WAIT).until(() -> fx.listener.paused.size() == 1 && fx.clips(book).stream().noneMatch(Clip::unfinished));
        assertThat(fx.state(book)).isEqualTo("PAUSED");
        assertThat(fx.listener.paused.get(0)).contains("#2").contains("refused this picture");
        assertThat(fx.merger.calls).isEmpty();

        fx.sql("UPDATE scene SET prompt = 'fixed' WHERE storybook_id = ? AND position = 2", book);
        fx.sql("UPDATE clip SET request_json = REPLACE(request_json, 'FAIL please', 'fixed') WHERE storybook_id = ?", book);
        engine.retryClip(book, 2);

        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.kling.creates).hasSize(4); // three first attempts + one retry of clip 2
        assertThat(fx.listener.films.get(book)).hasLineCount(3);
    }

    @Test
    void mergeWithoutLeavesTheFailedClipOut() throws Exception {
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "FAIL", "fine", "fine too");
        engine.start(book, LIMIT);
        await().atMost(WAIT).until(() -> fx.state(book).equals("PAUSED") && fx.clips(book).stream().noneMatch(Clip::unfinished));

        engine.mergeWithout(book);

        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.listener.films.get(book)).hasLineCount(2);
        assertThat(fx.clips(book)).extracting(Clip::state).containsExactly(ClipState.SKIPPED, ClipState.DOWNLOADED, ClipState.DOWNLOADED);
    }

    @Test
    void aPhotoThatCannotBePreparedForWantOfMemoryWaitsInsteadOfFailing() throws Exception {
        fx.kling.busyPreparesLeft.set(3);
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "big one", "big two");
        engine.start(book, LIMIT);

        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.kling.busyPreparesLeft).hasValue(0);
        assertThat(fx.listener.paused).as("busy is no failure the user has to act on").isEmpty();
        assertThat(fx.state(book)).isEqualTo("DONE");
        assertThat(fx.kling.creates).hasSize(2);
    }

    @Test
    void aFailedDownloadIsRetriedWithoutASecondSubmitEvenAfterItPauses() throws Exception {
        fx.settings = fx.settings.withMaxStepFailures(2);
        fx.kling.downloadFailuresLeft.set(3);
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "only");
        engine.start(book, LIMIT);
        await().atMost(WAIT).until(() -> fx.state(book).equals("PAUSED"));
        assertThat(fx.listener.paused.get(0)).contains("without paying again");

        engine.retryClip(book, 1);

        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.kling.creates).hasSize(1);
    }

    @Test
    void cancelStopsPollingAndTellsWhichClipsWerePaid() throws Exception {
        fx.kling.hold = true;
        fx.settings = fx.settings.withAccountConcurrency(Map.of("kling", 2, "minimax", 2));
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "a", "b", "c");
        engine.start(book, LIMIT);
        await().atMost(WAIT).until(() -> fx.kling.creates.size() == 2);

        GenerationEngine.CancelResult r = engine.cancel(book);

        assertThat(r.paidPositions()).hasSize(2);
        assertThat(r.unpaidPositions()).hasSize(1);
        assertThat(r.paidUsd()).isCloseTo(0.28, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(fx.state(book)).isEqualTo("CANCELLED");
        int polls = fx.kling.byId.values().stream().mapToInt(t -> t.polls.get()).sum();
        fx.kling.hold = false;
        Thread.sleep(500); // several scheduler cycles: nothing may poll or submit any more
        assertThat(fx.kling.byId.values().stream().mapToInt(t -> t.polls.get()).sum()).isEqualTo(polls);
        assertThat(fx.kling.creates).hasSize(2);
        assertThat(fx.clips(book)).extracting(Clip::state).containsOnly(ClipState.CANCELLED);
    }

    @Test
    void cancelAsksTheProviderToStopTheTasksStillRunning() throws Exception {
        fx.kling.hold = true;
        fx.settings = fx.settings.withAccountConcurrency(Map.of("kling", 2, "minimax", 2));
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "a", "b", "c");
        engine.start(book, LIMIT);
        await().atMost(WAIT).until(() -> fx.kling.creates.size() == 2);

        engine.cancel(book);

        // the two tasks the provider runs are stopped there; the clip never submitted has nothing to stop
        assertThat(fx.kling.cancelled).containsExactlyInAnyOrderElementsOf(fx.kling.byId.keySet()).hasSize(2);
        assertThat(fx.kling.byId.values()).extracting(t -> t.status).containsOnly(TaskStatus.CANCELLED);
    }

    @Test
    void clipsOfOneAccountRunInParallelUpToItsBound() throws Exception {
        fx.settings = fx.settings.withAccountConcurrency(Map.of("kling", 3, "minimax", 3));
        fx.kling.pollsToFinish = 3;
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "1", "2", "3", "4", "5", "6");
        engine.start(book, LIMIT);

        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.kling.maxInFlight.get()).isEqualTo(3);
        assertThat(fx.listener.progress).anySatisfy(p -> assertThat(p.clips()).anyMatch(c -> c.state() == ClipState.PENDING && c.queuePosition() >= 1));
    }

    @Test
    void aClipWaitingForASlotStartsAsSoonAsOneFrees() throws Exception {
        // one slot, and a slot check an hour away: only the wake-up on a freed slot can finish this film in time
        fx.settings = fx.settings.withAccountConcurrency(Map.of("kling", 1, "minimax", 1))
                .withTimings(Duration.ofMillis(50), Duration.ofMillis(500), 4, Duration.ofMillis(20),
                        Duration.ofMillis(60), Duration.ofHours(1), Duration.ofMillis(20), Duration.ofMillis(500));
        fx.kling.pollsToFinish = 2;
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "1", "2", "3");
        engine.start(book, LIMIT);

        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.kling.maxInFlight.get()).isEqualTo(1);
        assertThat(fx.kling.creates).hasSize(3);
    }

    @Test
    void oneRunningFilmPerPayerAndADailyCap() throws Exception {
        fx.settings = fx.settings.withLimits(1, 2);
        fx.kling.hold = true;
        DbSchedulerGenerationEngine engine = fx.engine();
        String a = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "a");
        String b = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "b");
        engine.start(a, LIMIT);
        assertThat(engine.limits().check("TELEGRAM:7").allowed()).isFalse();
        assertThatThrownBy(() -> engine.start(b, LIMIT)).isInstanceOfSatisfying(GenerationRefusedException.class,
                e -> assertThat(RecordingListener.words(e.reason())).contains("already have a film in progress"));
        assertThat(fx.state(b)).isEqualTo("CONFIRMING");

        engine.cancel(a);
        engine.start(b, LIMIT);
        engine.cancel(b);
        String c = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "c");
        GenerationLimits.Admission adm = engine.limits().check("TELEGRAM:7");
        assertThat(adm.allowed()).isFalse();
        assertThat(RecordingListener.words(adm.reason())).contains("daily limit");
        assertThatThrownBy(() -> engine.start(c, LIMIT)).isInstanceOfSatisfying(GenerationRefusedException.class,
                e -> assertThat(RecordingListener.words(e.reason())).contains("daily limit"));
        assertThat(engine.limits().check("TELEGRAM:8").allowed()).isTrue();
    }

    @Test
    void startWithoutKeysIsRefusedBeforeAnythingIsPaid() throws Exception {
        DbSchedulerGenerationEngine engine = fx.engine();
        String book = fx.storybook("TELEGRAM:99", "kling", StorybookSettings.defaults(), "a");
        assertThatThrownBy(() -> engine.start(book, LIMIT)).isInstanceOfSatisfying(GenerationRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(EngineReason.of(EngineReason.Kind.NO_KEYS, "Fakekling"));
            assertThat(RecordingListener.words(e.reason())).contains("/setkeys");
        });
        assertThat(fx.clips(book)).isEmpty();
    }

    @Test
    void deliveryIsRetriedWhenTheChatFailsAndRateLimitedSubmitsAreRetried() throws Exception {
        fx.listener.deliveryFailuresLeft.set(2);
        fx.kling.rateLimitedCreatesLeft.set(2);
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "a", "b");
        engine.start(book, LIMIT);

        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.listener.deliveries.get()).isEqualTo(3);
        assertThat(fx.kling.creates).hasSize(2);
        await().atMost(WAIT).until(() -> fx.state(book).equals("DONE"));
    }

    @Test
    void theEngineHandsTheFilmOverWithoutWaitingAndHandsItOverAgainWhenNoAnswerComes() throws Exception {
        fx.settings = fx.settings.withDeliveryAckTimeout(Duration.ofMillis(1500));
        fx.listener.silentLeft.set(1); // the first send dies with its process: no answer ever comes
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "a");
        engine.start(book, LIMIT);

        await().atMost(WAIT).until(() -> fx.listener.deliveries.get() == 1);
        // handed over and waiting for the answer: no worker holds the delivery task meanwhile
        await().atMost(WAIT).until(() -> fx.single("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = ? AND picked = FALSE",
                EngineTasks.DELIVERY_TASK).equals("1"));
        assertThat(fx.single("SELECT delivery_state FROM film")).isEqualTo("HANDED_OVER");
        assertThat(fx.state(book)).isEqualTo("DELIVERING");

        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.listener.deliveries.get()).isEqualTo(2);
        await().atMost(WAIT).until(() -> fx.state(book).equals("DONE"));
        assertThat(fx.single("SELECT delivery_state FROM film")).isEqualTo("DELIVERED");
        assertThat(fx.kling.creates).hasSize(1);
    }

    @Test
    void aFilmRefusedAsTooLargeIsFittedToHalfItsSizeAndHandedOverAgain() throws Exception {
        fx.merger.padTo = 300_000;
        fx.listener.tooLargeLeft.set(1);
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "a", "b");
        engine.start(book, LIMIT);

        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.listener.handedOverBytes).containsExactly(300_000L, 150_000L);
        assertThat(fx.merger.calls).hasSize(2);
        assertThat(fx.merger.calls.get(1).byteLimit()).isEqualTo(150_000L);
        await().atMost(WAIT).until(() -> fx.state(book).equals("DONE"));
        assertThat(fx.single("SELECT merge_path FROM film")).isEqualTo("fit");
        assertThat(fx.single("SELECT delivery_attempts FROM film")).as("a re-fit is not a failed attempt").isEqualTo("0");
    }

    @Test
    void aMergeThatKeepsFailingFailsTheStorybookWithAReason() throws Exception {
        fx.merger.failuresLeft.set(10);
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "a");
        engine.start(book, LIMIT);

        await().atMost(WAIT).until(() -> !fx.listener.failed.isEmpty());
        assertThat(fx.listener.failed.get(0)).contains("no video stream");
        assertThat(fx.state(book)).isEqualTo("FAILED");
        assertThat(fx.merger.calls).hasSize(3);
        assertThat(UUID.fromString(book)).isNotNull();
    }
}
