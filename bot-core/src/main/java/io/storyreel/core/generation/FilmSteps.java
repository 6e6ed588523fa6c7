package io.storyreel.core.generation;

import io.storyreel.core.generation.EngineReason.Kind;
import io.storyreel.core.logging.LogContext;
import io.storyreel.core.metrics.StoryreelMetrics;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storybook.DeliveryState;
import io.storyreel.core.storybook.Film;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.storybook.StorybookState;
import io.storyreel.core.video.CannotFitException;
import io.storyreel.core.video.MergeOptions;
import io.storyreel.core.video.MergeResult;
import io.storyreel.core.video.Merger;
import io.storyreel.core.video.MusicMixer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The film's steps: merge the stored clips into one film fitted to what the chat takes (the limit recorded at
 * confirmation, lowered by what the chat refused before: {@link UploadLimits}), then hand it to the chat and wait for
 * the answer without holding a thread. Delivery is at most once: the chat records SENDING before each upload, and a
 * film found SENDING with no answer is never sent again by itself — the chat is asked (UNSURE). A film handed over
 * (HANDED_OVER, not yet SENDING) to a process whose worker is dead is handed over again at once; one held by a live
 * process, after the delivery ack timeout. A send that failed
 * for sure is tried again with backoff; one refused as too large is fitted smaller and sent again; one the platform
 * refused otherwise, or still failing after {@link #MAX_DELIVERY_ATTEMPTS}, or that cannot be made small enough,
 * stops with words and the choices that remain ({@link DeliveryStop}).
 */
final class FilmSteps {
    private static final Logger LOG = LoggerFactory.getLogger(FilmSteps.class);
    static final int MAX_MERGE_ATTEMPTS = 3;
    static final int MAX_DELIVERY_ATTEMPTS = 12;
    /**
     * Refusals as too large that are answered with a smaller film before the chat is asked. Each try is half the one
     * before (or the largest size the chat took), so eight cover a chat that takes 1/256 of what it reported, and all
     * the tries together upload less than twice the first.
     */
    static final int MAX_REFITS = 8;

    private final GenerationStore store;
    private final FilmLedger ledger;
    private final FilmDeliveryRows rows;
    private final UploadLimits limits;
    private final BlobStore blobs;
    private final Merger merger;
    private final EngineSettings settings;
    private final Clock clock;
    private final EngineTasks tasks;
    private final ProgressReport report;
    private final StoryreelMetrics metrics;
    private final SoundStep sound;
    private final ClipNormalising normalising;
    private final FilmSummaries summaries;
    private final WorkerPresence presence;

    FilmSteps(GenerationStore store, UploadLimits limits, EngineProviders providers, BlobStore blobs, Merger merger,
              EngineSettings settings, Clock clock, EngineTasks tasks, ProgressReport report, StoryreelMetrics metrics,
              ClipNormalising normalising) {
        this.store = store;
        this.ledger = new FilmLedger(store);
        this.rows = new FilmDeliveryRows(store.sql);
        this.limits = limits;
        this.blobs = blobs;
        this.merger = merger;
        this.settings = settings;
        this.clock = clock;
        this.tasks = tasks;
        this.report = report;
        this.metrics = metrics;
        this.sound = new SoundStep(blobs, merger, new MusicMixer());
        this.normalising = normalising;
        this.summaries = new FilmSummaries(store, ledger, providers, merger);
        this.presence = tasks.presence();
    }

    /** Merges the storybook's downloaded clips; throws (to be run again) until the last allowed attempt. */
    Duration merge(String bookId, int attempt) {
        try (LogContext.Scope log = LogContext.storybook(bookId)) {
            return mergeNow(bookId, attempt);
        }
    }

    private Duration mergeNow(String bookId, int attempt) {
        Optional<Storybook> ob = store.book(bookId);
        if (ob.isEmpty() || ob.get().state() != StorybookState.MERGING) {
            return null;
        }
        Storybook b = ob.get();
        report.progress(bookId);
        List<Clip> clips = store.currentClips(bookId).stream().filter(x -> x.state().ready()).toList();
        StorybookSettings st = b.settings();
        // 0: no limit (a storybook confirmed before the limit was recorded; a too-large refusal still fits it later)
        long limit = limits.forNewFilm(bookId, b.uploadLimitBytes() == null ? 0 : b.uploadLimitBytes(), clock.millis());
        Path target = blobs.tempFile(".mp4");
        Path out = target;
        try (ClipNormalising.Inputs in = normalising.filesFor(b, clips)) {
            // the music goes in after the merge, with the rest of the film's sound (SoundStep); captions and the
            // title are burned in already when the files are the normalised ones, so the merge stays a copy
            MergeOptions opts = new MergeOptions(st.crossfadeSeconds(), in.captions(), null, st.musicVolume(),
                    st.sound().fadeSeconds(), List.of(), limit).withTitle(in.title());
            LOG.info("Storybook {}: merging {} clip(s)", bookId, clips.size());
            MergeResult r;
            DeliveryStop stop = null;
            long started = System.nanoTime();
            try {
                r = merger.merge(in.files(), opts, target);
            } catch (CannotFitException tooSmall) {
                // the chat takes less than the film's smallest version: keep the film whole (for /history and a
                // shorter version) and tell the chat at once, rather than trying what cannot work
                r = merger.merge(in.files(), opts.withByteLimit(0), target);
                stop = DeliveryStop.cannotFit(Files.size(outputOf(r, target)), limit, tooSmall.smallestBytes(),
                        tooSmall.secondsThatFit());
            }
            metrics.merged(r.path(), Duration.ofNanos(System.nanoTime() - started));
            out = sound.apply(bookId, st, outputOf(r, target), stop == null ? limit : 0);
            long bytes = Files.size(out);
            double cost = ledger.payments(bookId).stream().mapToDouble(GenerationListener.Payment::usd).sum();
            long now = clock.millis();
            Film made = Film.merged(UUID.randomUUID().toString(), bookId, new Film.Made(blobs.putFile(out), bytes,
                    Math.round(r.durationSeconds() * 1000), clips.size(), b.provider(), clips.get(0).model(), cost), now);
            Film film = stop == null ? made : withStop(made, stop);
            DeliveryStop stopped = stop;
            String mergePath = r.path();
            boolean moved = store.sql.inTransaction(c -> {
                if (!GenerationStore.moveBook(c, bookId, StorybookState.MERGING,
                        stopped == null ? StorybookState.DELIVERING : StorybookState.FAILED, now)) {
                    return false;
                }
                FilmDeliveryRows.insertFilm(c, film, mergePath);
                return true;
            });
            if (moved && stop == null) {
                LOG.info("Storybook {}: film {} merged ({} clips, {} bytes)", bookId, film.id(), clips.size(), bytes);
                tasks.delivery(film.id());
                report.progress(bookId);
            } else if (moved) {
                LOG.info("Storybook {}: film {} merged ({} bytes) but cannot fit the chat's {} bytes", bookId,
                        film.id(), bytes, limit);
                report.deliveryStopped(bookId, film.id(), stop);
            }
            return null;
        } catch (Exception e) {
            LOG.warn("Storybook {}: merge attempt {} failed: {}", bookId, attempt, e.getMessage());
            if (attempt >= MAX_MERGE_ATTEMPTS) {
                if (store.moveBook(bookId, StorybookState.MERGING, StorybookState.FAILED, clock.millis())) {
                    report.failed(bookId, EngineReason.detailed(Kind.MERGE_FAILED, null, 0, e.getMessage()));
                }
                return null;
            }
            throw new IllegalStateException("merge failed, will retry", e);
        } finally {
            BlobStore.deleteTemp(target);
            BlobStore.deleteTemp(out);
        }
    }

    private static Path outputOf(MergeResult r, Path target) {
        return r.output() != null ? r.output() : target;
    }

    private static Film withStop(Film f, DeliveryStop stop) {
        return new Film(f.id(), f.storybookId(), f.blob(), f.bytes(), f.durationMs(), f.clips(), f.provider(), f.model(),
                f.costUsd(), f.caption(), f.createdAt(), null, DeliveryState.GAVE_UP, 0, null, null, null, f.sendAs(), 0,
                stop.toJson(), f.blobDeletedAt());
    }

    /** One step of a film's delivery: act on the chat's answer, or hand the film (again) to the chat. */
    Duration deliver(String filmId) {
        Optional<Film> of = store.film(filmId);
        if (of.isEmpty() || of.get().deliveredAt() != null || of.get().delivery().awaitsChoice()) {
            return null;
        }
        try (LogContext.Scope log = LogContext.storybook(of.get().storybookId())) {
            return deliver(of.get());
        }
    }

    private Duration deliver(Film f) {
        Optional<Storybook> ob = store.book(f.storybookId());
        if (ob.isEmpty() || !GenerationStore.DELIVERABLE.values().contains(ob.get().state().name())) {
            return null; // cancelled, or a redo started over
        }
        Storybook b = ob.get();
        long now = clock.millis();
        switch (f.delivery()) {
            case TOO_LARGE -> {
                return smaller(b, f);
            }
            case SHORTEN -> {
                return shorter(b, f);
            }
            case REFUSED -> {
                // the platform refused this very request: sending it again would be refused again
                stop(b, f, DeliveryState.GAVE_UP, DeliveryStop.refused(f.bytes(), f.deliveryError()));
                return null;
            }
            case FAILED -> {
                return attemptFailed(b, f);
            }
            case SENDING -> {
                long waited = f.sendingAt() == null ? Long.MAX_VALUE : now - f.sendingAt();
                if (waited < settings.deliveryAckTimeout().toMillis()) {
                    return settings.deliveryAckTimeout().minusMillis(waited);
                }
                LOG.warn("Storybook {}: film {} was being sent {} ago and no answer came; asking the chat", b.id(),
                        f.id(), Duration.ofMillis(waited));
                mayHaveArrived(b, f);
                return null;
            }
            case HANDED_OVER -> {
                // never marked SENDING: the upload never began, so handing it over again cannot post it twice
                long waited = f.handedOverAt() == null ? Long.MAX_VALUE : now - f.handedOverAt();
                if (waited < settings.deliveryAckTimeout().toMillis()) {
                    Optional<String> to = rows.handedOverTo(f.id());
                    if (to.isEmpty() || presence.alive(to.get())) {
                        return nextLook(to.orElse(null), settings.deliveryAckTimeout().minusMillis(waited));
                    }
                    // the process it was handed to is gone (killed, or stopped): its chat lane will never send it
                    LOG.warn("Storybook {}: film {} was handed to worker {}, which is gone; handing it over again",
                            b.id(), f.id(), to.get());
                } else {
                    LOG.warn("Storybook {}: film {} was not sent within {}; handing it over again", b.id(), f.id(),
                            settings.deliveryAckTimeout());
                    if (lastAttempt(b, f, "no answer from the chat")) {
                        return null;
                    }
                }
            }
            default -> {
                // WAITING: hand it over
            }
        }
        return handOver(b, f, now);
    }

    private Duration handOver(Storybook b, Film f, long now) {
        if (!rows.handedOver(f.id(), now, settings.workerName())) {
            return Duration.ZERO; // the chat answered meanwhile: act on the answer
        }
        report.progress(b.id());
        try {
            Path mp4 = blobs.path(f.blob());
            report.listener().deliverFilm(b.id(), f.id(), mp4, summaries.of(b, f, mp4));
        } catch (RuntimeException e) {
            rows.deliveryRefused(f.id(), DeliveryState.FAILED, e.getMessage());
            return Duration.ZERO;
        }
        // a fast chat may have answered already; otherwise the answer (or the timeout) runs this task again
        Film after = store.film(f.id()).orElse(f);
        if (after.deliveredAt() != null || after.delivery().awaitsChoice()) {
            return null;
        }
        boolean waiting = after.delivery() == DeliveryState.HANDED_OVER || after.delivery() == DeliveryState.SENDING;
        return waiting ? nextLook(settings.workerName(), settings.deliveryAckTimeout()) : Duration.ZERO;
    }

    /**
     * When to look again at a film handed to {@code worker}'s chat lane that has not answered: when the ack timeout
     * ends ({@code ackLeft}), or soon after the worker would count as dead were it to stop beating now, whichever
     * comes first; a live worker's film is looked at about once per {@link WorkerPresence#deadAfter()}.
     */
    private Duration nextLook(String worker, Duration ackLeft) {
        Optional<Long> beat = worker == null ? Optional.empty() : presence.lastBeat(worker);
        if (beat.isEmpty()) {
            return ackLeft;
        }
        long untilDead = Math.max(0, beat.get() + presence.deadAfter().toMillis() - System.currentTimeMillis());
        Duration look = Duration.ofMillis(untilDead).plus(settings.heartbeat());
        return look.compareTo(ackLeft) < 0 ? look : ackLeft;
    }

    /** The chat is about to upload the film: record it (committed) before the first byte goes out. */
    boolean sending(String filmId) {
        return rows.sending(filmId, clock.millis());
    }

    /** The chat has the film: it is delivered and the storybook DONE, in one transaction. */
    void delivered(String filmId) {
        if (rows.delivered(filmId, clock.millis())) {
            Optional<Film> f = store.film(filmId);
            f.ifPresent(x -> limits.accepted(x.storybookId(), x.bytes(), clock.millis()));
            LOG.info("Storybook {}: film {} delivered", f.map(Film::storybookId).orElse("?"), filmId);
        }
        tasks.cancel(EngineTasks.DELIVERY_TASK, filmId);
    }

    /** The chat could not (surely) send the film: the delivery task acts on it now. */
    void refused(String filmId, DeliveryFailure failure, String reason) {
        if (failure == DeliveryFailure.NO_ANSWER) {
            // the upload went out and no answer came: it may be in the chat already
            store.film(filmId).filter(f -> f.delivery() == DeliveryState.SENDING).ifPresent(f -> store.book(f.storybookId())
                    .ifPresent(b -> {
                        LOG.warn("Film {}: no answer to its upload ({}); asking the chat", filmId, reason);
                        mayHaveArrived(b, f);
                    }));
            return;
        }
        DeliveryState answer = switch (failure) {
            case TOO_LARGE -> DeliveryState.TOO_LARGE;
            case REFUSED -> DeliveryState.REFUSED;
            default -> DeliveryState.FAILED;
        };
        if (rows.deliveryRefused(filmId, answer, reason)) {
            LOG.info("Film {}: the chat could not send it ({}): {}", filmId, failure, reason);
            runNow(filmId);
        }
    }

    /** A member chose how to get a film the engine stopped on; false when that choice is no longer open. */
    boolean chosen(String filmId, DeliveryChoice choice) {
        Optional<Film> f = store.film(filmId);
        DeliveryStop stop = f.map(Film::stop).map(DeliveryStop::fromJson).orElse(null);
        if (stop == null || !stop.choices().contains(choice)) {
            return false;
        }
        DeliveryState next = switch (choice) {
            case SMALLER -> DeliveryState.TOO_LARGE;
            case SHORTER -> DeliveryState.SHORTEN;
            default -> DeliveryState.WAITING;
        };
        if (!rows.chosen(filmId, next, choice == DeliveryChoice.AS_FILE ? Film.SendAs.DOCUMENT : Film.SendAs.VIDEO)) {
            return false;
        }
        LOG.info("Film {}: {} chosen", filmId, choice);
        tasks.delivery(filmId);
        runNow(filmId);
        return true;
    }

    private void runNow(String filmId) {
        tasks.runNow(EngineTasks.DELIVERY_TASK, 4, () -> store.film(filmId)
                .filter(x -> x.deliveredAt() == null && !x.delivery().awaitsChoice()).map(Film::id));
    }

    /** A send began but no answer came: the chat is asked whether to send it again; the storybook is DONE. */
    private void mayHaveArrived(Storybook b, Film f) {
        stop(b, f, DeliveryState.UNSURE, DeliveryStop.mayHaveArrived(f.bytes()));
    }

    private void stop(Storybook b, Film f, DeliveryState to, DeliveryStop why) {
        StorybookState bookTo = to == DeliveryState.UNSURE ? StorybookState.DONE : StorybookState.FAILED;
        if (rows.stopped(f.id(), f.delivery(), to, why.toJson(), bookTo, clock.millis())) {
            LOG.info("Storybook {}: film {} not delivered ({}); the chat is offered {}", b.id(), f.id(), why.why(),
                    why.choices());
            report.deliveryStopped(b.id(), f.id(), why);
        }
    }

    /** A failed send counts; the film is sent again after a backoff, or the chat is told after the last try. */
    private Duration attemptFailed(Storybook b, Film f) {
        return lastAttempt(b, f, f.deliveryError()) ? null : settings.retryDelay(f.deliveryAttempts() + 1);
    }

    private boolean lastAttempt(Storybook b, Film f, String why) {
        int n = f.deliveryAttempts() + 1;
        LOG.warn("Storybook {}: delivery attempt {} failed: {}", b.id(), n, why);
        if (n < MAX_DELIVERY_ATTEMPTS) {
            rows.deliveryAttemptFailed(f.id());
            return false;
        }
        stop(b, f, DeliveryState.GAVE_UP, DeliveryStop.notSent(f.bytes(), n, why));
        return true;
    }

    /**
     * The platform refused the film as too large: its real limit is lower than it said. Remember that for the chat,
     * fit the film to what it takes ({@link UploadLimits#refused}) and send it at once; after {@link #MAX_REFITS}
     * refusals, or when even the smallest version cannot fit, the chat is told and offered what remains.
     */
    private Duration smaller(Storybook b, Film f) {
        long target = limits.refused(b.id(), f.bytes(), clock.millis());
        if (f.refits() >= MAX_REFITS) {
            stop(b, f, DeliveryState.GAVE_UP, DeliveryStop.keptTooLarge(f.bytes(), f.refits() + 1));
            return null;
        }
        return refit(b, f, target, 0);
    }

    /** A member chose the shorter version offered: the film's first seconds that fit, at the smallest quality. */
    private Duration shorter(Storybook b, Film f) {
        DeliveryStop offered = DeliveryStop.fromJson(f.stop());
        if (offered == null || offered.shorterSeconds() <= 0 || offered.limitBytes() <= 0) {
            stop(b, f, DeliveryState.GAVE_UP, DeliveryStop.cannotFit(f.bytes(), 0, f.bytes(), 0));
            return null;
        }
        return refit(b, f, offered.limitBytes(), offered.shorterSeconds());
    }

    /** Fits the film to {@code limit} (cut to its first {@code seconds} when above 0) and hands it over at once. */
    private Duration refit(Storybook b, Film f, long limit, double seconds) {
        Path source = blobs.path(f.blob());
        Path target = blobs.tempFile(".mp4");
        try {
            MergeOptions opts = MergeOptions.defaults().withByteLimit(limit);
            if (seconds > 0) {
                opts = opts.withTrims(List.of(new MergeOptions.Trim(0, 0, seconds)));
            }
            MergeResult r = merger.merge(List.of(source), opts, target);
            Path out = outputOf(r, target);
            long bytes = Files.size(out);
            rows.refitted(f.id(), blobs.putFile(out), bytes, Math.round(r.durationSeconds() * 1000));
            LOG.info("Film {}: fitted again to {} bytes (limit {}{})", f.id(), bytes, limit,
                    seconds > 0 ? ", first " + seconds + " s" : "");
            return Duration.ZERO;
        } catch (CannotFitException e) {
            LOG.info("Film {}: cannot be made smaller than {} bytes for a limit of {}", f.id(), e.smallestBytes(), limit);
            stop(b, f, DeliveryState.GAVE_UP, DeliveryStop.cannotFit(f.bytes(), limit, e.smallestBytes(),
                    seconds > 0 ? 0 : e.secondsThatFit()));
            return null;
        } catch (Exception refitFailed) {
            // the film stays as it was asked (smaller, shorter): fitting is tried again after a backoff
            int n = f.deliveryAttempts() + 1;
            LOG.warn("Film {}: fitting it again failed (attempt {}): {}", f.id(), n, refitFailed.getMessage());
            if (n >= MAX_DELIVERY_ATTEMPTS) {
                stop(b, f, DeliveryState.GAVE_UP, DeliveryStop.notSent(f.bytes(), n, refitFailed.getMessage()));
                return null;
            }
            rows.countAttempt(f.id());
            return settings.retryDelay(n);
        } finally {
            BlobStore.deleteTemp(target);
        }
    }
}
