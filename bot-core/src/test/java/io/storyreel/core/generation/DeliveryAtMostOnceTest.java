package io.storyreel.core.generation;

import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.video.MergeOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine's side of "delivery at most once, and never lost": a film whose upload began is never sent again by
 * itself (it may be in the chat already: the chat is asked, and a tap sends it once); a film the platform refused,
 * or that cannot be made small enough, stops with the choices that remain; a chat's real upload limit is learned
 * from its refusals and later films are fitted to it.
 */
class DeliveryAtMostOnceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long LIMIT = 50L * 1024 * 1024;
    @TempDir
    Path dir;
    EngineFixture fx;

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir);
        fx.keys("TELEGRAM:7", "kling");
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private String film() {
        return fx.single("SELECT id FROM film ORDER BY created_at DESC");
    }

    @Test
    void aFilmWhoseUploadBeganAndWasNeverAnsweredIsOfferedAgainNotSentAgain() throws Exception {
        fx.settings = fx.settings.withDeliveryAckTimeout(Duration.ofMillis(1500));
        fx.listener.diesMidSendLeft.set(1); // the upload begins, then the process dies: no answer ever comes
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "a", "b");
        engine.start(book, LIMIT);

        await().atMost(WAIT).until(() -> !fx.listener.stops.isEmpty());
        DeliveryStop stop = fx.listener.stops.get(0);
        assertThat(stop.why()).isEqualTo(DeliveryStop.Why.MAY_HAVE_ARRIVED);
        assertThat(stop.choices()).containsExactly(DeliveryChoice.SEND_AGAIN);
        assertThat(fx.single("SELECT delivery_state FROM film")).isEqualTo("UNSURE");
        assertThat(fx.state(book)).as("the film is made; the member's next film may start").isEqualTo("DONE");
        // three more ack timeouts: nothing is sent again by itself
        Thread.sleep(4500);
        assertThat(fx.listener.sends.get()).isEqualTo(1);
        assertThat(fx.listener.deliveries.get()).isEqualTo(1);

        // a double tap (two presses at once) sends once
        String film = film();
        List<Boolean> taps = List.of(CompletableFuture.supplyAsync(() -> engine.deliverAgain(film, DeliveryChoice.SEND_AGAIN)),
                CompletableFuture.supplyAsync(() -> engine.deliverAgain(film, DeliveryChoice.SEND_AGAIN)))
                .stream().map(CompletableFuture::join).toList();
        assertThat(taps).containsExactlyInAnyOrder(true, false);
        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.listener.sends.get()).isEqualTo(2);
        assertThat(fx.single("SELECT delivery_state FROM film")).isEqualTo("DELIVERED");
        assertThat(fx.state(book)).isEqualTo("DONE");
        assertThat(engine.deliverAgain(film, DeliveryChoice.SEND_AGAIN)).as("delivered: nothing left to choose").isFalse();
        Thread.sleep(500);
        assertThat(fx.listener.sends.get()).isEqualTo(2);
        assertThat(fx.kling.creates).as("one paid create per clip").hasSize(2);
    }

    @Test
    void anUploadThatGotNoAnswerAsksTheChatAtOnce() throws Exception {
        fx.listener.noAnswerLeft.set(1); // e.g. a read timeout after the file went out
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "a");
        engine.start(book, LIMIT);

        // the ack timeout is ten minutes: the chat's own "no answer" is what stops it
        await().atMost(WAIT).until(() -> !fx.listener.stops.isEmpty());
        assertThat(fx.listener.stops.get(0).why()).isEqualTo(DeliveryStop.Why.MAY_HAVE_ARRIVED);
        assertThat(fx.listener.sends.get()).isEqualTo(1);
        assertThat(fx.single("SELECT delivery_state FROM film")).isEqualTo("UNSURE");
    }

    @Test
    void twoHandOversOfOneFilmUploadItOnce() throws Exception {
        fx.settings = fx.settings.withDeliveryAckTimeout(Duration.ofMillis(300));
        fx.listener.diesMidSendLeft.set(1);
        DbSchedulerGenerationEngine engine = fx.engine();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "a");
        engine.start(book, LIMIT);
        engine.startWorkers();
        await().atMost(WAIT).until(() -> fx.listener.sends.get() == 1);
        // a hand-over that reaches the chat late (queued behind other work) finds the film being sent
        String film = film();
        assertThat(engine.filmSending(film)).isFalse();
        assertThat(fx.single("SELECT delivery_state FROM film")).isIn("SENDING", "UNSURE");
    }

    @Test
    void aFilmThePlatformRefusesIsOfferedAsAFileAndSentAsOne() throws Exception {
        fx.listener.refusedLeft.set(1);
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "a");
        engine.start(book, LIMIT);

        await().atMost(WAIT).until(() -> !fx.listener.stops.isEmpty());
        DeliveryStop stop = fx.listener.stops.get(0);
        assertThat(stop.why()).isEqualTo(DeliveryStop.Why.REFUSED);
        assertThat(stop.detail()).contains("not enough rights");
        assertThat(stop.choices()).containsExactly(DeliveryChoice.AS_FILE, DeliveryChoice.SEND_AGAIN);
        assertThat(fx.listener.sends.get()).as("refused for sure: not retried by itself").isEqualTo(1);
        assertThat(fx.state(book)).isEqualTo("FAILED");

        assertThat(engine.deliverAgain(film(), DeliveryChoice.SMALLER)).as("not offered").isFalse();
        assertThat(engine.deliverAgain(film(), DeliveryChoice.AS_FILE)).isTrue();
        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.single("SELECT send_as FROM film")).isEqualTo("DOCUMENT");
        assertThat(fx.single("SELECT delivery_state FROM film")).isEqualTo("DELIVERED");
        assertThat(fx.state(book)).isEqualTo("DONE");
        assertThat(fx.listener.sends.get()).isEqualTo(2);
    }

    @Test
    void aFilmThatCannotBeMadeSmallEnoughStopsAtOnceAndItsShorterVersionIsSent() throws Exception {
        fx.merger.padTo = 300_000;
        fx.merger.smallest = 150_000;
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "a", "b");
        engine.start(book, 100_000);

        await().atMost(WAIT).until(() -> !fx.listener.stops.isEmpty());
        DeliveryStop stop = fx.listener.stops.get(0);
        assertThat(stop.why()).isEqualTo(DeliveryStop.Why.TOO_LARGE);
        assertThat(stop.limitBytes()).isEqualTo(100_000);
        assertThat(stop.smallestBytes()).isEqualTo(150_000);
        assertThat(stop.shorterSeconds()).isEqualTo(2.0);
        assertThat(stop.choices()).containsExactly(DeliveryChoice.SHORTER);
        assertThat(fx.listener.deliveries.get()).as("nothing that cannot fit is uploaded").isZero();
        assertThat(fx.state(book)).isEqualTo("FAILED");
        assertThat(fx.single("SELECT bytes FROM film")).as("the film is kept whole, for /history").isEqualTo("300000");

        assertThat(engine.deliverAgain(film(), DeliveryChoice.SHORTER)).isTrue();
        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        MergeOptions cut = fx.merger.calls.get(fx.merger.calls.size() - 1);
        assertThat(cut.byteLimit()).isEqualTo(100_000);
        assertThat(cut.trims()).containsExactly(new MergeOptions.Trim(0, 0, 2.0));
        assertThat(fx.listener.handedOverBytes).containsExactly(100_000L);
    }

    @Test
    void theChatsRealLimitIsLearnedFromItsRefusalsAndLaterFilmsAreFittedToIt() throws Exception {
        fx.merger.padTo = 300_000;
        fx.listener.tooLargeLeft.set(1);
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String first = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "a");
        engine.start(first, LIMIT);
        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(first));
        assertThat(fx.listener.handedOverBytes).containsExactly(300_000L, 150_000L);

        // the chat refused 300 KB and took 150 KB: the next film aims between them
        String second = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "b");
        engine.start(second, LIMIT);
        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(second));
        assertThat(fx.merger.calls.get(fx.merger.calls.size() - 1).byteLimit()).isEqualTo(225_000L);
        assertThat(fx.listener.handedOverBytes).containsExactly(300_000L, 150_000L, 225_000L);
    }

    @Test
    void afterTheLastRefusalAsTooLargeTheChatIsOfferedASmallerVersion() throws Exception {
        fx.merger.padTo = 512_000;
        fx.listener.tooLargeLeft.set(FilmSteps.MAX_REFITS + 1);
        DbSchedulerGenerationEngine engine = fx.engine();
        engine.startWorkers();
        String book = fx.storybook("TELEGRAM:7", "kling", StorybookSettings.defaults(), "a");
        engine.start(book, LIMIT);

        await().atMost(WAIT).until(() -> !fx.listener.stops.isEmpty());
        // each try half the one before, never the same film twice: no 413 loop
        List<Long> halves = java.util.stream.IntStream.rangeClosed(0, FilmSteps.MAX_REFITS)
                .mapToObj(k -> 512_000L >> k).toList();
        assertThat(fx.listener.handedOverBytes).containsExactlyElementsOf(halves);
        DeliveryStop stop = fx.listener.stops.get(0);
        assertThat(stop.why()).isEqualTo(DeliveryStop.Why.TOO_LARGE);
        assertThat(stop.choices()).containsExactly(DeliveryChoice.SMALLER);
        assertThat(stop.filmBytes()).isEqualTo(halves.get(halves.size() - 1));

        assertThat(engine.deliverAgain(film(), DeliveryChoice.SMALLER)).isTrue();
        await().atMost(WAIT).until(() -> fx.listener.films.containsKey(book));
        assertThat(fx.listener.handedOverBytes).last().isEqualTo(halves.get(halves.size() - 1) / 2);
    }
}
