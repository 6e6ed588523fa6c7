package io.storyreel.core.generation;

import io.storyreel.core.conversation.testing.TestSyntax;
import io.storyreel.core.conversation.ReasonWording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records what the engine reports, with each reason as a Telegram chat would read it, and answers each film it is
 * handed on its own thread, as the conversation does: it asks {@link GenerationEngine#filmSending} first and sends
 * only when allowed ({@link #sends} counts the uploads begun), then answers sent (then it counts as a film), or,
 * while {@link #deliveryFailuresLeft}, failed; while {@link #tooLargeLeft}, refused as too large; while
 * {@link #refusedLeft}, refused; while {@link #noAnswerLeft}, no answer; while {@link #silentLeft}, not at all and
 * before the upload (the process died before sending); while {@link #diesMidSendLeft}, not at all after the upload
 * began (the process died mid-send).
 */
final class RecordingListener implements GenerationListener {
    final List<Progress> progress = new CopyOnWriteArrayList<>();
    final List<String> paused = new CopyOnWriteArrayList<>();
    final List<EngineReason> pauseReasons = new CopyOnWriteArrayList<>();
    final List<String> failed = new CopyOnWriteArrayList<>();
    final Map<String, String> films = new ConcurrentHashMap<>();
    final Map<String, FilmSummary> summaries = new ConcurrentHashMap<>();
    final AtomicInteger deliveries = new AtomicInteger();
    final AtomicInteger deliveryFailuresLeft = new AtomicInteger();
    final AtomicInteger tooLargeLeft = new AtomicInteger();
    final AtomicInteger silentLeft = new AtomicInteger();
    final AtomicInteger diesMidSendLeft = new AtomicInteger();
    final AtomicInteger noAnswerLeft = new AtomicInteger();
    final AtomicInteger refusedLeft = new AtomicInteger();
    /** Uploads begun (the engine said go), and hand-overs the engine told not to send. */
    final AtomicInteger sends = new AtomicInteger();
    final AtomicInteger toldNotToSend = new AtomicInteger();
    /** Why the engine stopped trying, per film, in order. */
    final List<DeliveryStop> stops = new CopyOnWriteArrayList<>();
    /** The size of every film handed over, in order. */
    final List<Long> handedOverBytes = new CopyOnWriteArrayList<>();
    private volatile GenerationEngine engine;

    /** The engine whose films this listener acknowledges. */
    void answerTo(GenerationEngine e) {
        this.engine = e;
    }

    /** How the reason reads in a Telegram chat. */
    static String words(EngineReason reason) {
        return ReasonWording.say(TestSyntax.telegramLike(), reason);
    }

    @Override
    public void onProgress(Progress p) {
        progress.add(p);
    }

    @Override
    public void onPaused(String storybookId, int position, EngineReason reason) {
        pauseReasons.add(reason);
        paused.add(storybookId + "#" + position + ": " + words(reason));
    }

    @Override
    public void deliverFilm(String storybookId, String filmId, Path mp4, FilmSummary summary) {
        deliveries.incrementAndGet();
        GenerationEngine answering = engine;
        CompletableFuture.runAsync(() -> {
            String film;
            try {
                handedOverBytes.add(Files.size(mp4));
                byte[] bytes = Files.readAllBytes(mp4);
                try {
                    film = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                            .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
                } catch (java.nio.charset.CharacterCodingException binary) {
                    film = "a real film of " + bytes.length + " bytes"; // a real merger's MP4
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (take(silentLeft)) {
                return;
            }
            if (!answering.filmSending(filmId)) {
                toldNotToSend.incrementAndGet();
                return;
            }
            sends.incrementAndGet();
            if (take(diesMidSendLeft)) {
                return;
            }
            if (take(noAnswerLeft)) {
                answering.deliveryFailed(filmId, DeliveryFailure.NO_ANSWER, "read timed out");
                return;
            }
            if (take(tooLargeLeft)) {
                answering.deliveryFailed(filmId, DeliveryFailure.TOO_LARGE, "Request entity too large");
                return;
            }
            if (take(refusedLeft)) {
                answering.deliveryFailed(filmId, DeliveryFailure.REFUSED, "not enough rights to send videos");
                return;
            }
            if (take(deliveryFailuresLeft)) {
                answering.deliveryFailed(filmId, DeliveryFailure.FAILED, "chat is down");
                return;
            }
            answering.filmDelivered(filmId);
            summaries.put(storybookId, summary);
            films.put(storybookId, film);
        });
    }

    private static boolean take(AtomicInteger left) {
        return left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    @Override
    public void onDeliveryStopped(String storybookId, String filmId, DeliveryStop stop) {
        stops.add(stop);
    }

    @Override
    public void onFailed(String storybookId, EngineReason reason) {
        failed.add(storybookId + ": " + words(reason));
    }
}
