package io.storyreel.core.generation;

import io.storyreel.core.generation.EngineReason.Kind;
import io.storyreel.core.keys.KeyVault;
import io.storyreel.core.logging.LogContext;
import io.storyreel.core.metrics.StoryreelMetrics;
import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.image.AspectFitter;
import io.storyreel.core.image.BoundedImageDecoder;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storybook.FilmPhotos;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.SceneOverride;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.Shot;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookState;
import io.storyreel.core.video.Merger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link GenerationEngine} on db-scheduler: one durable task per clip, one merge task per storybook, one delivery
 * task per film ({@link EngineTasks}), so any worker process on the same database can run them and a dead
 * worker's tasks are revived by another once its heartbeat is stale. This class holds the commands; the steps are
 * {@link ClipSteps} and {@link FilmSteps}, and {@link ProgressReport} tells the listener.
 *
 * <p>Role chat: construct the engine and call {@link #start} etc.; tasks are only scheduled. Role worker or all:
 * also call {@link #startWorkers()}, after {@link #attach}.
 */
public final class DbSchedulerGenerationEngine implements GenerationEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DbSchedulerGenerationEngine.class);
    static final String CLIP_TASK = EngineTasks.CLIP_TASK;

    private final GenerationStore store;
    private final GenerationLimits limits;
    private final EngineProviders providers;
    private final KeyVault vault;
    private final Clock clock;
    private final ProgressReport report;
    private final EngineTasks tasks;
    private final BlobStore blobs;
    private final FilmPhotos photos;
    private final ClipSteps clips;
    private final FilmSteps films;
    private final Forecasts forecasts;

    DbSchedulerGenerationEngine(Database database, GenerationStore store, GenerationLimits limits, BlobStore blobs,
                                Map<String, VideoProvider> providers, KeyVault vault, Merger merger, Clock clock,
                                EngineSettings settings, StoryreelMetrics metrics) {
        this.store = store;
        this.limits = limits;
        this.providers = new EngineProviders(providers);
        this.vault = vault;
        this.clock = clock;
        this.blobs = blobs;
        this.photos = new FilmPhotos(blobs, new AspectFitter(BoundedImageDecoder.shared()));
        this.forecasts = new Forecasts(database.dataSource(), new ClipTimeBook(database.dataSource(), this.providers, clock),
                settings, clock);
        this.report = new ProgressReport(store, forecasts);
        this.tasks = new EngineTasks(database, store, settings, new EngineTasks.Steps() {
            @Override
            public java.time.Duration clip(String clipId) {
                return clips.step(clipId);
            }

            @Override
            public java.time.Duration merge(String storybookId, int attempt) {
                return films.merge(storybookId, attempt);
            }

            @Override
            public java.time.Duration deliver(String filmId) {
                return films.deliver(filmId);
            }
        });
        FilmCanvas canvas = new FilmCanvas(this.providers);
        ClipNormalising normalising = new ClipNormalising(canvas, merger, blobs, store);
        this.clips = new ClipSteps(store, this.providers, vault, blobs, settings, clock, tasks, report, metrics,
                forecasts.times(), normalising);
        this.films = new FilmSteps(store, new UploadLimits(database.dataSource()), this.providers, blobs, merger,
                settings, clock, tasks, report, metrics, normalising);
    }

    /** The engine with its store and per-payer limits on {@code database}, measuring nothing. */
    public static DbSchedulerGenerationEngine create(Database database, BlobStore blobs, Map<String, VideoProvider> providers,
                                                     KeyVault vault, Merger merger, Clock clock, EngineSettings settings) {
        return create(database, blobs, providers, vault, merger, clock, settings, StoryreelMetrics.none());
    }

    /** The engine, reporting clips, provider errors, paid creates, merges and deliveries to {@code metrics}. */
    public static DbSchedulerGenerationEngine create(Database database, BlobStore blobs, Map<String, VideoProvider> providers,
                                                     KeyVault vault, Merger merger, Clock clock, EngineSettings settings,
                                                     StoryreelMetrics metrics) {
        return new DbSchedulerGenerationEngine(database, new GenerationStore(database.dataSource()),
                new GenerationLimits(database.dataSource(), clock, settings), blobs, providers, vault, merger, clock,
                settings, metrics);
    }

    @Override
    public void attach(GenerationListener listener) {
        report.attach(listener);
    }

    /** The per-payer limits the conversation checks before asking for confirmation. */
    public GenerationLimits limits() {
        return limits;
    }

    @Override
    public void start(String storybookId, long uploadLimitBytes) {
        long now = clock.millis();
        Started started = store.sql.inTransaction(c -> {
            Storybook b = locked(c, storybookId);
            if (b.state().running()) {
                return Started.NOTHING; // already started: start is idempotent
            }
            if (!b.state().open()) {
                throw refused(EngineReason.detailed(Kind.NOT_STARTABLE, null, 0, b.state().name()));
            }
            if (b.payerKey() == null) {
                throw refused(EngineReason.of(Kind.NO_PAYER));
            }
            providers.get(b.provider()); // refused when the storybook's provider is no longer offered
            List<Scene> scenes = SceneRepository.list(c, storybookId);
            if (scenes.isEmpty()) {
                throw refused(EngineReason.of(Kind.NO_PHOTOS));
            }
            List<Planned> planned = plan(c, b, scenes);
            List<Planned> toPay = planned.stream().filter(x -> x.earlier().isEmpty()).toList();
            // every provider the film pays: the payer's keys for each, in the order the clips use them
            Map<String, Clip.Payer> payers = new LinkedHashMap<>();
            for (Planned x : toPay) {
                VideoProvider p = x.provider();
                if (!payers.containsKey(p.id())) {
                    Credentials keys = vault.load(b.payerKey(), p.id()).orElseThrow(() ->
                            refused(EngineReason.of(Kind.NO_KEYS, p.capabilities().displayName())));
                    payers.put(p.id(), new Clip.Payer(b.payerKey(),
                            EngineProviders.account(p.id(), vault.fingerprint(p.id(), keys))));
                }
            }
            GenerationLimits.Admission a = limits.checkLocked(c, b.payerKey(), GenerationLimits.Order.film(storybookId,
                    toPay.size(), toPay.stream().mapToDouble(x -> usd(x.estimate())).sum()));
            if (!a.allowed()) {
                throw refused(a.reason());
            }
            List<String> ids = new ArrayList<>();
            long created = now;
            for (Planned x : planned) {
                Clip k = x.earlier().isPresent() ? Clip.reused(storybookId, x.scene(), x.earlier().get(), created++)
                        : Clip.pending(storybookId, x.scene(), x.provider().id(), x.request(), x.estimate(),
                        payers.get(x.provider().id()), created++);
                GenerationStore.insertClip(c, k, now);
                if (!k.reused()) {
                    ids.add(k.id());
                }
            }
            GenerationStore.startBook(c, storybookId, uploadLimitBytes, now);
            return new Started(ids, planned.size() - ids.size());
        });
        started.toMake().forEach(tasks::clip);
        if (started.toMake().isEmpty() && started.reused() == 0) {
            return;
        }
        LOG.info("Storybook {}: generating {} clip(s), {} reused", storybookId, started.toMake().size(), started.reused());
        report.progress(storybookId);
        if (started.toMake().isEmpty()) {
            clips.afterClipChange(storybookId); // every clip was made before: straight on to the merge
        }
    }

    /** What start created: the clips to make, and how many were taken from earlier films. */
    private record Started(List<String> toMake, int reused) {
        static final Started NOTHING = new Started(List.of(), 0);
    }

    /** One scene's clip as it would be ordered now, and the identical clip the chat already has, if any. */
    private record Planned(Scene scene, VideoProvider provider, ClipRequest request, CostEstimate estimate,
                           Optional<Clip> earlier) {
    }

    /**
     * Each clip's request and estimate under the storybook's settings (one per photo, or bridges from each photo to
     * the next: {@link Shot#plan}), and what the chat already has of it.
     */
    private List<Planned> plan(Connection c, Storybook b, List<Scene> scenes) throws SQLException {
        List<Planned> out = new ArrayList<>();
        for (Shot shot : Shot.plan(b.settings(), scenes)) {
            Scene s = shot.scene();
            // the scene's own provider and model where it chose them, else the storybook's
            VideoProvider p = providers.get(SceneOverride.providerOf(s, b.provider()));
            ClipPlan plan = providers.plan(p, SceneOverride.settings(s, b.provider(), p, b.settings()));
            // fitted to the film's aspect ratio (when one is chosen) here, before anything is paid
            FilmPhotos.Photo first = photos.of(s, b.settings());
            FilmPhotos.Photo last = shot.end() == null ? null : photos.of(shot.end(), b.settings());
            // a model with its own ratio parameter is asked for the film's shape, so its clip comes back on the canvas
            ClipRequest req = ClipRequest.of(plan.request(s.prompt(), null, first.mime(), null,
                    last == null ? null : last.mime()).withShape(FilmPhotos.shape(p, plan, scenes)), first.blob(),
                    last == null ? null : last.blob());
            CostEstimate est = p.estimate(req.toRequest(null));
            // the fingerprint names the provider and the model: a clip is reused only from the same pair
            Optional<Clip> earlier = GenerationStore.reusable(c, b.id(), req.fingerprint(p.id()))
                    .filter(k -> blobs.exists(k.blob()));
            out.add(new Planned(s, p, req, est, earlier));
        }
        return out;
    }

    @Override
    public Optional<Duration> forecast(String payerKey, String provider, String model, int clips) {
        Optional<VideoProvider> p = providers.find(provider);
        if (p.isEmpty() || clips <= 0) {
            return Optional.empty();
        }
        String account = payerKey == null ? null : vault.load(payerKey, provider)
                .map(k -> EngineProviders.account(provider, vault.fingerprint(provider, k))).orElse(null);
        return Optional.of(forecasts.newFilm(account, provider, model, clips));
    }

    @Override
    public Set<Integer> alreadyMade(String storybookId, String provider) {
        Optional<Storybook> b = store.book(storybookId);
        if (providers.find(provider).isEmpty() || b.isEmpty()) {
            return Set.of();
        }
        // the storybook as the estimate saw it: its provider may not be stored yet (set when the estimate is shown)
        Storybook book = b.get().provider() != null ? b.get() : withProvider(b.get(), provider);
        try {
            return store.sql.inConnection(c -> {
                Set<Integer> made = new TreeSet<>();
                for (Planned x : plan(c, book, SceneRepository.list(c, storybookId))) {
                    if (x.earlier().isPresent()) {
                        made.add(x.scene().position());
                    }
                }
                return made;
            });
        } catch (GenerationRefusedException e) {
            return Set.of(); // some scene cannot be planned: the estimate says why, nothing is reused yet
        }
    }

    private static Storybook withProvider(Storybook b, String provider) {
        return new Storybook(b.id(), b.chat(), b.title(), b.state(), b.ownerKey(), b.payerKey(), provider, b.settings(),
                b.anchorMsgId(), b.statusMsgId(), b.createdAt(), b.updatedAt(), b.startedAt(), b.pauseReason(),
                b.uploadLimitBytes(), b.askedBy());
    }

    @Override
    public GenerationLimits.Admission admits(String payerKey, GenerationLimits.Order order) {
        return limits.check(payerKey, order);
    }

    @Override
    public Optional<CurrentClip> currentClip(String storybookId, int position) {
        String filmPayer = store.book(storybookId).map(Storybook::payerKey).orElse(null);
        return store.currentClip(storybookId, position)
                .map(k -> new CurrentClip(k.ref(), k.position(), k.state(), k.payerOr(filmPayer)));
    }

    @Override
    public void retryClip(String storybookId, int position, String payerKey, String replacing) {
        long now = clock.millis();
        String toSchedule = store.sql.inTransaction(c -> {
            Storybook b = locked(c, storybookId);
            Clip k = GenerationStore.currentClips(c, storybookId).stream().filter(x -> x.position() == position)
                    .findFirst().orElseThrow(() -> refused(EngineReason.clip(Kind.NO_SUCH_CLIP, null, position)));
            if (replacing != null && !k.id().startsWith(replacing)) {
                throw refused(EngineReason.clip(Kind.CLIP_REPLACED, null, position)); // a second press: nothing again
            }
            boolean done = b.state() == StorybookState.DONE || b.state() == StorybookState.FAILED;
            if (!done && k.state() != ClipState.FAILED && k.state() != ClipState.SKIPPED) {
                throw refused(EngineReason.clip(Kind.CLIP_NOT_FAILED, null, position));
            }
            if (!done && !b.state().generating()) {
                throw refused(EngineReason.detailed(Kind.NOT_RETRYABLE, null, 0, b.state().name()));
            }
            String id;
            if (k.state() == ClipState.FAILED && k.resultRef() != null && k.blob() == null) {
                // the provider made (and charged for) the clip; only the download failed: fetch it again with the
                // keys it was made with, no new submit, nothing paid by anyone
                GenerationStore.downloadAgain(c, k.id(), now);
                id = k.id();
            } else {
                String payer = payerKey != null ? payerKey : k.payerOr(b.payerKey());
                VideoProvider p = providers.get(k.provider());
                Optional<Credentials> keys = payer == null ? Optional.empty() : vault.load(payer, p.id());
                if (keys.isEmpty()) {
                    throw refused(EngineReason.of(Kind.NO_KEYS, p.capabilities().displayName()));
                }
                GenerationLimits.Admission a = limits.checkLocked(c, payer,
                        GenerationLimits.Order.clip(storybookId, k.estimatedUsdOrZero()));
                if (!a.allowed()) {
                    throw refused(a.reason());
                }
                Clip again = Clip.retryOf(k, new Clip.Payer(payer, EngineProviders.account(p.id(),
                        vault.fingerprint(p.id(), keys.get()))), now);
                GenerationStore.insertClip(c, again, now);
                GenerationStore.replace(c, k.id(), again.id(), now);
                id = again.id();
            }
            GenerationStore.resumeBook(c, storybookId, now);
            return id;
        });
        LOG.info("Storybook {}: retrying clip {}", storybookId, position);
        tasks.clip(toSchedule);
        report.progress(storybookId);
    }

    private static double usd(CostEstimate e) {
        return e.usd();
    }

    @Override
    public void mergeWithout(String storybookId) {
        long now = clock.millis();
        store.sql.inTransaction(c -> {
            Storybook b = locked(c, storybookId);
            if (!b.state().generating()) {
                throw refused(EngineReason.detailed(Kind.NOTHING_TO_MERGE, null, 0, b.state().name()));
            }
            GenerationStore.skipFailed(c, storybookId, now);
            GenerationStore.resumeBook(c, storybookId, now);
            return null;
        });
        LOG.info("Storybook {}: merging without the failed clips", storybookId);
        clips.afterClipChange(storybookId);
    }

    @Override
    public CancelResult cancel(String storybookId) {
        long now = clock.millis();
        List<Clip> before = store.sql.inTransaction(c -> {
            locked(c, storybookId);
            List<Clip> all = GenerationStore.allClips(c, storybookId);
            GenerationStore.cancelBook(c, storybookId, now);
            return all;
        });
        String bookPayer = store.book(storybookId).map(Storybook::payerKey).orElse(null);
        for (Clip k : before) {
            tasks.cancel(EngineTasks.CLIP_TASK, k.id());
            // a clip is stopped on the keys it was made with: its own payer's, not whoever pays for the film now
            clips.cancelAtProvider(k, k.payerKey() != null ? k.payerKey() : bookPayer);
        }
        tasks.cancel(EngineTasks.MERGE_TASK, storybookId);
        List<Integer> paid = new ArrayList<>();
        List<Integer> unpaid = new ArrayList<>();
        double usd = 0;
        for (Clip k : before) {
            if (k.paid()) {
                usd += k.estimatedUsdOrZero();
            }
            if (k.current()) {
                (k.paid() ? paid : unpaid).add(k.position());
            }
        }
        LOG.info("Storybook {}: cancelled; paid clips {}, unpaid {}", storybookId, paid, unpaid);
        return new CancelResult(List.copyOf(paid), List.copyOf(unpaid), usd);
    }

    @Override
    public boolean filmSending(String filmId) {
        return films.sending(filmId);
    }

    @Override
    public void filmDelivered(String filmId) {
        films.delivered(filmId);
    }

    @Override
    public void deliveryFailed(String filmId, DeliveryFailure failure, String reason) {
        films.refused(filmId, failure, reason);
    }

    @Override
    public boolean deliverAgain(String filmId, DeliveryChoice choice) {
        return films.chosen(filmId, choice);
    }

    @Override
    public void taskChanged(String provider, String providerTaskId) {
        clips.pollNow(provider, providerTaskId);
    }

    @Override
    public void startWorkers() {
        tasks.startWorkers();
    }

    @Override
    public void stop() {
        tasks.stop();
    }

    private static Storybook locked(Connection c, String storybookId) throws SQLException {
        return GenerationStore.lockBook(c, storybookId).orElseThrow(() -> refused(EngineReason.of(Kind.STORYBOOK_GONE)));
    }

    private static GenerationRefusedException refused(EngineReason reason) {
        return new GenerationRefusedException(reason);
    }
}
