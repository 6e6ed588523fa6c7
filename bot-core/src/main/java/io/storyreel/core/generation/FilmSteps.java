package io.storyreel.core.generation;

import io.storyreel.core.generation.EngineReason.Kind;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storybook.DeliveryState;
import io.storyreel.core.storybook.Film;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.storybook.StorybookState;
import io.storyreel.core.video.MergeOptions;
import io.storyreel.core.video.MergeResult;
import io.storyreel.core.video.Merger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The film's steps: merge the stored clips into one film fitted to the chat's upload limit (recorded at
 * confirmation), then hand it to the chat and wait for the answer without holding a thread. A failed send is
 * tried again with backoff, a film the platform refuses as too large is fitted to half its size first, and after
 * {@link #MAX_DELIVERY_ATTEMPTS} the storybook fails. A film with no answer within the ack timeout (the process
 * died mid-send) is handed over again.
 */
final class FilmSteps {
    private static final Logger LOG = LoggerFactory.getLogger(FilmSteps.class);
    static final int MAX_MERGE_ATTEMPTS = 3;
    static final int MAX_DELIVERY_ATTEMPTS = 12;
    /** Below this a film refused as too large is not shrunk any further (the refusal counts as a failed attempt). */
    private static final long MIN_REFIT_BYTES = 64 * 1024;
    private static final double MUSIC_FADE_OUT_SECONDS = 2.0;

    private final GenerationStore store;
    private final EngineProviders providers;
    private final BlobStore blobs;
    private final Merger merger;
    private final EngineSettings settings;
    private final Clock clock;
    private final EngineTasks tasks;
    private final ProgressReport report;

    FilmSteps(GenerationStore store, EngineProviders providers, BlobStore blobs, Merger merger, EngineSettings settings,
              Clock clock, EngineTasks tasks, ProgressReport report) {
        this.store = store;
        this.providers = providers;
        this.blobs = blobs;
        this.merger = merger;
        this.settings = settings;
        this.clock = clock;
        this.tasks = tasks;
        this.report = report;
    }

    /** Merges the storybook's downloaded clips; throws (to be run again) until the last allowed attempt. */
    Duration merge(String bookId, int attempt) {
        Optional<Storybook> ob = store.book(bookId);
        if (ob.isEmpty() || ob.get().state() != StorybookState.MERGING) {
            return null;
        }
        Storybook b = ob.get();
        report.progress(bookId);
        List<Clip> clips = store.currentClips(bookId).stream().filter(x -> x.state().ready()).toList();
        Map<String, Scene> scenes = new HashMap<>();
        store.scenes(bookId).forEach(s -> scenes.put(s.id(), s));
        StorybookSettings st = b.settings();
        List<String> captions = st.captions()
                ? clips.stream().map(x -> Optional.ofNullable(scenes.get(x.sceneId())).map(Scene::prompt).orElse("")).toList()
                : List.of();
        Path music = st.musicBlob() != null && blobs.exists(st.musicBlob()) ? blobs.path(st.musicBlob()) : null;
        // 0: no limit (a storybook confirmed before the limit was recorded; a too-large refusal still fits it later)
        long limit = b.uploadLimitBytes() == null ? 0 : b.uploadLimitBytes();
        Path target = blobs.tempFile(".mp4");
        try {
            MergeOptions opts = new MergeOptions(st.crossfadeSeconds(), captions, music, st.musicVolume(),
                    MUSIC_FADE_OUT_SECONDS, List.of(), limit);
            LOG.info("Storybook {}: merging {} clip(s)", bookId, clips.size());
            MergeResult r = merger.merge(clips.stream().map(x -> blobs.path(x.blob())).toList(), opts, target);
            Path out = r.output() != null ? r.output() : target;
            long bytes = Files.size(out);
            double cost = store.payments(bookId).stream().mapToDouble(GenerationListener.Payment::usd).sum();
            long now = clock.millis();
            Film film = Film.merged(UUID.randomUUID().toString(), bookId, new Film.Made(blobs.putFile(out), bytes,
                    Math.round(r.durationSeconds() * 1000), clips.size(), b.provider(), clips.get(0).model(), cost), now);
            boolean moved = store.sql.inTransaction(c -> {
                if (!GenerationStore.moveBook(c, bookId, StorybookState.MERGING, StorybookState.DELIVERING, now)) {
                    return false;
                }
                GenerationStore.insertFilm(c, film, r.path());
                return true;
            });
            if (moved) {
                LOG.info("Storybook {}: film {} merged ({} clips, {} bytes)", bookId, film.id(), clips.size(), bytes);
                tasks.delivery(film.id());
                report.progress(bookId);
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
            deleteQuietly(target);
        }
    }

    /** One step of a film's delivery: act on the chat's answer, or hand the film (again) to the chat. */
    Duration deliver(String filmId) {
        Optional<Film> of = store.film(filmId);
        if (of.isEmpty() || of.get().deliveredAt() != null) {
            return null;
        }
        Film f = of.get();
        Optional<Storybook> ob = store.book(f.storybookId());
        if (ob.isEmpty() || ob.get().state() != StorybookState.DELIVERING) {
            return null;
        }
        Storybook b = ob.get();
        long now = clock.millis();
        switch (f.delivery()) {
            case TOO_LARGE -> {
                // the chat's real limit is lower than it said: fit a smaller film and send it at once. Each re-fit
                // halves the film and stops at MIN_REFIT_BYTES, so this cannot loop for ever.
                return refit(f) ? Duration.ZERO : attemptFailed(b, f);
            }
            case FAILED -> {
                return attemptFailed(b, f);
            }
            case HANDED_OVER -> {
                long waited = f.handedOverAt() == null ? Long.MAX_VALUE : now - f.handedOverAt();
                if (waited < settings.deliveryAckTimeout().toMillis()) {
                    return settings.deliveryAckTimeout().minusMillis(waited);
                }
                LOG.warn("Storybook {}: no answer about film {} within {}; handing it over again", b.id(), f.id(),
                        settings.deliveryAckTimeout());
                if (lastAttempt(b, f, "no answer from the chat")) {
                    return null;
                }
            }
            default -> {
                // WAITING: hand it over
            }
        }
        return handOver(b, f, now);
    }

    private Duration handOver(Storybook b, Film f, long now) {
        if (!store.handedOver(f.id(), now)) {
            return Duration.ZERO; // the chat answered meanwhile: act on the answer
        }
        report.progress(b.id());
        try {
            report.listener().deliverFilm(b.id(), f.id(), blobs.path(f.blob()), summary(b, f));
        } catch (RuntimeException e) {
            store.deliveryRefused(f.id(), DeliveryState.FAILED, e.getMessage());
            return Duration.ZERO;
        }
        // a fast chat may have answered already; otherwise the answer (or the timeout) runs this task again
        Film after = store.film(f.id()).orElse(f);
        if (after.deliveredAt() != null) {
            return null;
        }
        return after.delivery() == DeliveryState.HANDED_OVER ? settings.deliveryAckTimeout() : Duration.ZERO;
    }

    /** The chat has the film: it is delivered and the storybook DONE, in one transaction. */
    void delivered(String filmId) {
        if (store.delivered(filmId, clock.millis())) {
            LOG.info("Storybook {}: film {} delivered", store.film(filmId).map(Film::storybookId).orElse("?"), filmId);
        }
        tasks.cancel(EngineTasks.DELIVERY_TASK, filmId);
    }

    /** The chat could not send the film: the delivery task acts on it now (re-fit, retry later, or give up). */
    void refused(String filmId, boolean tooLarge, String reason) {
        if (store.deliveryRefused(filmId, tooLarge ? DeliveryState.TOO_LARGE : DeliveryState.FAILED, reason)) {
            LOG.info("Film {}: the chat could not send it{}: {}", filmId, tooLarge ? " (too large)" : "", reason);
            tasks.runNow(EngineTasks.DELIVERY_TASK, 4,
                    () -> store.film(filmId).filter(x -> x.delivery().refused()).map(Film::id));
        }
    }

    /** A failed send counts; the film is sent again after a backoff, or the storybook fails after the last try. */
    private Duration attemptFailed(Storybook b, Film f) {
        return lastAttempt(b, f, f.deliveryError()) ? null : settings.retryDelay(f.deliveryAttempts() + 1);
    }

    private boolean lastAttempt(Storybook b, Film f, String why) {
        int n = f.deliveryAttempts() + 1;
        store.deliveryAttemptFailed(f.id());
        LOG.warn("Storybook {}: delivery attempt {} failed: {}", b.id(), n, why);
        if (n < MAX_DELIVERY_ATTEMPTS) {
            return false;
        }
        if (store.moveBook(b.id(), StorybookState.DELIVERING, StorybookState.FAILED, clock.millis())) {
            report.failed(b.id(), EngineReason.detailed(Kind.NOT_SENT, null, 0, why));
        }
        return true;
    }

    /**
     * Fit the film again to half its size (the platform said it is too large, without saying its limit: halving
     * finds any limit in a few steps); false if it is already tiny or fitting failed.
     */
    private boolean refit(Film f) {
        Path source = blobs.path(f.blob());
        Path target = blobs.tempFile(".mp4");
        try {
            long limit = Files.size(source) / 2;
            if (limit < MIN_REFIT_BYTES) {
                return false;
            }
            MergeResult r = merger.merge(List.of(source), MergeOptions.defaults().withByteLimit(limit), target);
            Path out = r.output() != null ? r.output() : target;
            long bytes = Files.size(out);
            store.refitted(f.id(), blobs.putFile(out), bytes);
            LOG.info("Film {} refused as too large; fitted again to {} bytes", f.id(), bytes);
            return true;
        } catch (Exception refitFailed) {
            LOG.warn("Film {}: fitting it again failed: {}", f.id(), refitFailed.getMessage());
            return false;
        } finally {
            deleteQuietly(target);
        }
    }

    private GenerationListener.FilmSummary summary(Storybook b, Film f) {
        List<Clip> clips = store.currentClips(b.id()).stream().filter(x -> x.state().ready()).toList();
        double units = clips.stream().mapToDouble(x -> x.actualUnits() != null ? x.actualUnits()
                : x.estimatedUnits() == null ? 0 : x.estimatedUnits()).sum();
        LinkedHashSet<String> who = new LinkedHashSet<>();
        store.scenes(b.id()).forEach(s -> who.add(s.contributor() != null ? s.contributor() : s.contributorKey()));
        Capabilities caps = providers.get(b.provider()).capabilities();
        return new GenerationListener.FilmSummary(b.provider(), f.model(), f.clips(), f.durationMs() / 1000.0, f.costUsd(),
                units, caps.currencyUnit(), List.copyOf(who), store.payments(b.id()));
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (java.io.IOException ignored) {
            // a stray temp file in the blob folder's tmp does no harm
        }
    }
}
