package io.storyreel.core.generation;

import io.storyreel.core.storage.Jdbc;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.storyreel.core.generation.GenerationStore.Book;
import io.storyreel.core.generation.GenerationStore.Clip;
import io.storyreel.core.generation.GenerationStore.Film;
import io.storyreel.core.generation.GenerationStore.Scene;
import io.storyreel.core.keys.KeyVault;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.video.MergeOptions;
import io.storyreel.core.video.MergeResult;
import io.storyreel.core.video.Merger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link GenerationEngine} on db-scheduler: one durable task per clip, one merge task per storybook, one delivery
 * task per film, all in the {@code scheduled_tasks} table, so any worker process on the same database can run
 * them and a dead worker's tasks are revived by another once its heartbeat is stale.
 *
 * <p>A clip task never sleeps: each execution does one step (take a slot and submit, resolve an interrupted
 * submit, poll once, or download) and reschedules itself for the next poll, so a thousand clips waiting on a
 * provider hold no thread. The state that makes a resume safe is committed before the step's paid or slow call:
 * SUBMITTING before the create, the provider task id before the first poll, the blob id after the download.
 *
 * <p>Role chat: construct the engine and call {@link #start} etc.; tasks are only scheduled. Role worker or all:
 * also call {@link #startWorkers()}. The listener may be given later with {@link #attach}.
 */
public final class DbSchedulerGenerationEngine implements GenerationEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DbSchedulerGenerationEngine.class);
    static final String CLIP_TASK = "storyreel-clip";
    static final String MERGE_TASK = "storyreel-merge";
    static final String DELIVERY_TASK = "storyreel-delivery";
    static final String RECONCILE_TASK = "storyreel-reconcile";
    private static final int MAX_MERGE_ATTEMPTS = 3;
    private static final int MAX_DELIVERY_ATTEMPTS = 12;

    private final Database database;
    private final BlobStore blobs;
    private final Map<String, VideoProvider> providers;
    private final KeyVault vault;
    private final Merger merger;
    private final Clock clock;
    private final EngineSettings settings;
    private final GenerationStore store;
    private final GenerationLimits limits;
    private final CustomTask<Void> clipTask;
    private final CustomTask<Void> mergeTask;
    private final CustomTask<Void> deliveryTask;
    private final RecurringTask<Void> reconcileTask;
    private final SchedulerClient client;
    private volatile GenerationListener listener;
    private volatile Scheduler scheduler;

    public DbSchedulerGenerationEngine(Database database, BlobStore blobs, Map<String, VideoProvider> providers,
                                       KeyVault vault, Merger merger, GenerationListener listener, Clock clock,
                                       EngineSettings settings) {
        this.database = database;
        this.blobs = blobs;
        this.providers = Map.copyOf(providers);
        this.vault = vault;
        this.merger = merger;
        this.listener = listener;
        this.clock = clock;
        this.settings = settings;
        this.store = new GenerationStore(database.dataSource());
        this.limits = new GenerationLimits(database.dataSource(), clock, settings);
        FailureHandler<Void> backoff = new FailureHandler.ExponentialBackoffFailureHandler<>(settings.retryBase(), 2.0);
        this.clipTask = Tasks.custom(CLIP_TASK, Void.class).onFailure(backoff).onDeadExecutionRevive()
                .execute((inst, ctx) -> next(clipStep(inst.getId())));
        this.mergeTask = Tasks.custom(MERGE_TASK, Void.class).onFailure(backoff).onDeadExecutionRevive()
                .execute((inst, ctx) -> next(mergeStep(inst.getId(), ctx)));
        this.deliveryTask = Tasks.custom(DELIVERY_TASK, Void.class).onFailure(backoff).onDeadExecutionRevive()
                .execute((inst, ctx) -> next(deliveryStep(inst.getId())));
        this.reconcileTask = Tasks.recurring(RECONCILE_TASK, FixedDelay.of(settings.reconcileInterval()))
                .execute((inst, ctx) -> reconcile());
        SchedulerClient.Builder cb = SchedulerClient.Builder.create(database.dataSource(), tasks());
        if ("h2".equals(database.vendor())) {
            // db-scheduler does not detect H2; our H2 table uses TIMESTAMP WITH TIME ZONE, which the default expects
            cb.jdbcCustomization(new DefaultJdbcCustomization(false));
        }
        this.client = cb.build();
    }

    /** Attach the listener when it is built after the engine (the conversation needs the engine first). */
    public void attach(GenerationListener l) {
        this.listener = l;
    }

    /** The per-payer limits the conversation checks before asking for confirmation. */
    public GenerationLimits limits() {
        return limits;
    }

    private List<Task<?>> tasks() {
        return List.of(clipTask, mergeTask, deliveryTask, reconcileTask);
    }

    private static CompletionHandler<Void> next(Duration delay) {
        if (delay == null) {
            return new CompletionHandler.OnCompleteRemove<>();
        }
        return (complete, ops) -> ops.reschedule(complete, complete.getTimeDone().plus(delay));
    }

    private SchedulerClient scheduling() {
        Scheduler s = scheduler;
        return s != null ? s : client;
    }

    private void schedule(CustomTask<Void> task, String id, Duration in) {
        scheduling().scheduleIfNotExists(task.instance(id), Instant.now().plus(in));
    }

    // ---------------------------------------------------------------- public API

    @Override
    public void start(String storybookId) {
        long now = clock.millis();
        List<String> clipIds = store.sql.inTransaction(c -> {
            Book b = GenerationStore.lockBook(c, storybookId)
                    .orElseThrow(() -> new GenerationRefusedException("This storybook no longer exists."));
            if (!List.of("COLLECTING", "CONFIRMING").contains(b.state())) {
                if (List.of("GENERATING", "PAUSED", "MERGING", "DELIVERING").contains(b.state())) {
                    return List.<String>of(); // already started: start is idempotent
                }
                throw new GenerationRefusedException("This storybook is " + b.state().toLowerCase() + "; start a new one with /new.");
            }
            if (b.payerKey() == null) {
                throw new GenerationRefusedException("Nobody is paying for this storybook yet.");
            }
            GenerationLimits.Admission a = limits.check(c, b.payerKey());
            if (!a.allowed()) {
                throw new GenerationRefusedException(a.reason());
            }
            VideoProvider p = provider(b.provider());
            if (vault.load(b.payerKey(), p.id()).isEmpty()) {
                throw new GenerationRefusedException("There are no " + p.capabilities().displayName()
                        + " keys for the payer. Set them with /setkeys in a private chat with me.");
            }
            List<Scene> scenes = GenerationStore.scenes(c, storybookId);
            if (scenes.isEmpty()) {
                throw new GenerationRefusedException("This storybook has no photos yet.");
            }
            ModelSpec spec = model(p, b.settings());
            ModelSpec.Combination combo = combination(spec, b.settings());
            List<String> ids = new ArrayList<>();
            long created = now;
            for (Scene s : scenes) {
                StorybookSettings st = b.settings();
                ClipRequest req = new ClipRequest(spec.id(), st.mode() != null ? st.mode() : combo.mode(),
                        st.durationSeconds() != null ? st.durationSeconds() : combo.durationSeconds(),
                        st.resolution() != null ? st.resolution() : combo.resolution(), st.promptFor(s.prompt()),
                        st.negativePrompt(), s.imageBlob(), s.imageMime());
                CostEstimate est = p.estimate(req.toRequest(null));
                String id = UUID.randomUUID().toString();
                GenerationStore.insertClip(c, new Clip(id, storybookId, s.id(), s.position(), p.id(), spec.id(),
                        req.toJson(), null, "PENDING", 0, -1, est.units(), est.usd(), null, null, null, null, null,
                        created++, null, account(b.payerKey(), p.id()), 0, 0, null), now);
                ids.add(id);
            }
            Jdbc.update(c, "UPDATE storybook SET state = 'GENERATING', started_at = ?, pause_reason = NULL, updated_at = ? WHERE id = ?",
                    now, now, storybookId);
            return ids;
        });
        for (String id : clipIds) {
            schedule(clipTask, id, Duration.ZERO);
        }
        if (!clipIds.isEmpty()) {
            LOG.info("Storybook {}: generating {} clip(s)", storybookId, clipIds.size());
            report(storybookId);
        }
    }

    @Override
    public void retryClip(String storybookId, int position) {
        long now = clock.millis();
        String toSchedule = store.sql.inTransaction(c -> {
            Book b = GenerationStore.lockBook(c, storybookId)
                    .orElseThrow(() -> new GenerationRefusedException("This storybook no longer exists."));
            Clip k = GenerationStore.currentClips(c, storybookId).stream().filter(x -> x.position() == position)
                    .findFirst().orElseThrow(() -> new GenerationRefusedException("There is no clip " + position + "."));
            boolean done = List.of("DONE", "FAILED").contains(b.state());
            if (!done && !List.of("FAILED", "SKIPPED").contains(k.state())) {
                throw new GenerationRefusedException("Clip " + position + " has not failed; nothing to retry.");
            }
            if (!done && !List.of("PAUSED", "GENERATING").contains(b.state())) {
                throw new GenerationRefusedException("This storybook is " + b.state().toLowerCase() + ".");
            }
            String id;
            if ("FAILED".equals(k.state()) && k.resultRef() != null && k.blob() == null) {
                // the provider made (and charged for) the clip; only the download failed: fetch it again, no new submit
                Jdbc.update(c, "UPDATE clip SET state = 'SUCCEEDED', step_failures = 0, error_kind = NULL, "
                        + "error_message = NULL, updated_at = ? WHERE id = ?", now, k.id());
                id = k.id();
            } else {
                id = UUID.randomUUID().toString();
                GenerationStore.insertClip(c, new Clip(id, storybookId, k.sceneId(), k.position(), k.provider(), k.model(),
                        k.requestJson(), null, "PENDING", 0, -1, k.estimatedUnits(), k.estimatedUsd(), null, null, null,
                        null, null, now, null, k.accountKey(), 0, 0, null), now);
                Jdbc.update(c, "UPDATE clip SET replaced_by = ?, updated_at = ? WHERE id = ?", id, now, k.id());
            }
            Jdbc.update(c, "UPDATE storybook SET state = 'GENERATING', pause_reason = NULL, updated_at = ? WHERE id = ?",
                    now, storybookId);
            return id;
        });
        LOG.info("Storybook {}: retrying clip {}", storybookId, position);
        schedule(clipTask, toSchedule, Duration.ZERO);
        report(storybookId);
    }

    @Override
    public void mergeWithout(String storybookId) {
        long now = clock.millis();
        store.sql.inTransaction(c -> {
            Book b = GenerationStore.lockBook(c, storybookId)
                    .orElseThrow(() -> new GenerationRefusedException("This storybook no longer exists."));
            if (!List.of("PAUSED", "GENERATING").contains(b.state())) {
                throw new GenerationRefusedException("This storybook is " + b.state().toLowerCase() + "; nothing to merge.");
            }
            Jdbc.update(c, "UPDATE clip SET state = 'SKIPPED', updated_at = ? WHERE storybook_id = ? AND replaced_by IS NULL "
                    + "AND state = 'FAILED'", now, storybookId);
            Jdbc.update(c, "UPDATE storybook SET state = 'GENERATING', pause_reason = NULL, updated_at = ? WHERE id = ?",
                    now, storybookId);
            return null;
        });
        LOG.info("Storybook {}: merging without the failed clips", storybookId);
        afterClipChange(storybookId);
    }

    @Override
    public CancelResult cancel(String storybookId) {
        long now = clock.millis();
        List<Clip> before = store.sql.inTransaction(c -> {
            Book b = GenerationStore.lockBook(c, storybookId)
                    .orElseThrow(() -> new GenerationRefusedException("This storybook no longer exists."));
            List<Clip> all = GenerationStore.allClips(c, storybookId);
            if (!List.of("DONE", "CANCELLED", "FAILED").contains(b.state())) {
                Jdbc.update(c, "UPDATE clip SET state = 'CANCELLED', updated_at = ? WHERE storybook_id = ? "
                        + "AND state IN (" + GenerationStore.UNFINISHED + ")", now, storybookId);
                Jdbc.update(c, "UPDATE storybook SET state = 'CANCELLED', updated_at = ? WHERE id = ?", now, storybookId);
            }
            return all;
        });
        for (Clip k : before) {
            unschedule(CLIP_TASK, k.id());
        }
        unschedule(MERGE_TASK, storybookId);
        List<Integer> paid = new ArrayList<>();
        List<Integer> unpaid = new ArrayList<>();
        double usd = 0;
        for (Clip k : before) {
            if (k.paid()) {
                usd += k.estimatedUsd() == null ? 0 : k.estimatedUsd();
            }
            if (k.current()) {
                (k.paid() ? paid : unpaid).add(k.position());
            }
        }
        LOG.info("Storybook {}: cancelled; paid clips {}, unpaid {}", storybookId, paid, unpaid);
        return new CancelResult(List.copyOf(paid), List.copyOf(unpaid), usd);
    }

    private void unschedule(String task, String id) {
        try {
            scheduling().cancel(new TaskInstance<Void>(task, id));
        } catch (RuntimeException notScheduledOrRunning) {
            // a running step sees CANCELLED at its next look and ends itself
        }
    }

    @Override
    public synchronized void startWorkers() {
        if (scheduler != null) {
            return;
        }
        var builder = Scheduler.create(database.dataSource(), List.of(clipTask, mergeTask, deliveryTask));
        if ("h2".equals(database.vendor())) {
            builder.jdbcCustomization(new DefaultJdbcCustomization(false));
        }
        Scheduler s = builder.startTasks(reconcileTask)
                .schedulerName(new SchedulerName.Fixed(settings.workerName()))
                .threads(settings.workerThreads())
                .pollingInterval(settings.schedulerPolling())
                .heartbeatInterval(settings.heartbeat())
                .missedHeartbeatsLimit(settings.missedHeartbeats())
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(5))
                .failureLogging(com.github.kagkarlsson.scheduler.logging.LogLevel.WARN, false)
                .build();
        s.start();
        scheduler = s;
        LOG.info("Generation worker {} started ({} threads)", settings.workerName(), settings.workerThreads());
    }

    @Override
    public synchronized void stop() {
        Scheduler s = scheduler;
        scheduler = null;
        if (s != null) {
            s.stop();
        }
    }

    // ---------------------------------------------------------------- clip steps

    /** One step of a clip; returns when to run the next one, or null when the clip's task is finished. */
    Duration clipStep(String clipId) {
        Optional<Clip> oc = store.clip(clipId);
        if (oc.isEmpty()) {
            return null;
        }
        Clip k = oc.get();
        Optional<Book> ob = store.book(k.storybookId());
        if (ob.isEmpty() || !k.current() || !k.unfinished() || !List.of("GENERATING", "PAUSED").contains(ob.get().state())) {
            return null;
        }
        Book b = ob.get();
        VideoProvider p = provider(k.provider());
        return switch (k.state()) {
            case "PENDING" -> submit(b, k, p);
            case "SUBMITTING" -> resolveSubmit(b, k, p);
            case "SUBMITTED", "QUEUED", "RUNNING" -> poll(b, k, p);
            case "SUCCEEDED" -> download(b, k, p, null);
            default -> null;
        };
    }

    private Duration submit(Book b, Clip k, VideoProvider p) {
        long now = clock.millis();
        store.ensureAccount(k.accountKey(), now);
        if (!store.takeSlot(k, settings.concurrencyFor(p.id()), now)) {
            report(b.id());
            return settings.slotWait();
        }
        Optional<Credentials> creds = vault.load(b.payerKey(), p.id());
        if (creds.isEmpty()) {
            // nothing was sent: the clip may go back to PENDING for a later retry, but fail it so the user knows
            store.backToPending(k.id(), 0, clock.millis());
            return fail(b, k, ErrorKind.AUTH.name(), "There are no " + p.capabilities().displayName()
                    + " keys for the payer any more. Set them with /setkeys, then retry the clip.");
        }
        GenerationRequest req;
        try {
            ClipRequest cr = ClipRequest.fromJson(k.requestJson());
            req = p.prepare(cr.toRequest(blobs.read(cr.imageBlob())));
        } catch (ProviderException e) {
            // nothing was sent; a retryable refusal (memory for a large photo is busy) waits like a retryable submit
            int n = e.retryable() ? k.stepFailures() + 1 : 0;
            store.backToPending(k.id(), n, clock.millis());
            if (e.retryable() && n <= settings.maxStepFailures()) {
                return e.retryAfter().orElse(backoff(n));
            }
            return fail(b, k, e.kind().name(), e.getMessage());
        }
        ProviderTaskRef ref;
        try {
            ref = p.submit(creds.get(), req, k.id());
        } catch (ProviderException e) {
            if (e.kind() == ErrorKind.AMBIGUOUS_SUBMIT) {
                return resolveSubmit(b, reload(k), p);
            }
            if (e.retryable()) {
                // the provider contract: a retryable submit error proves no task was created
                int n = k.stepFailures() + 1;
                store.backToPending(k.id(), n, clock.millis());
                if (n > settings.maxStepFailures()) {
                    return fail(b, k, e.kind().name(), e.getMessage());
                }
                return e.retryAfter().orElse(backoff(n));
            }
            store.backToPending(k.id(), k.stepFailures(), clock.millis());
            return fail(b, k, e.kind().name(), e.getMessage());
        } catch (RuntimeException e) {
            // unknown outcome (a bug, a timeout nobody classified): never resubmit blindly, ask the provider
            LOG.warn("Clip {} submit ended unclearly ({}); resolving by idempotency key", k.id(), e.toString());
            return resolveSubmit(b, reload(k), p);
        }
        store.submitted(k.id(), ref.taskId(), clock.millis());
        LOG.info("Storybook {} clip {}: submitted to {} as task {}", b.id(), k.position(), p.id(), ref.taskId());
        report(b.id());
        return settings.firstPoll();
    }

    /** A submit whose outcome is unknown (crash after SUBMITTING, timeout): ask the provider, never resubmit blindly. */
    private Duration resolveSubmit(Book b, Clip k, VideoProvider p) {
        Optional<Credentials> creds = vault.load(b.payerKey(), p.id());
        if (creds.isEmpty()) {
            return fail(b, k, ErrorKind.AUTH.name(), "The " + p.capabilities().displayName()
                    + " keys are gone, so I cannot check whether clip " + k.position() + " was started. Set them with /setkeys.");
        }
        try {
            ProviderTaskRef ref = p.findByIdempotencyKey(creds.get(), k.id());
            if (ref != null) {
                store.submitted(k.id(), ref.taskId(), clock.millis());
                LOG.info("Storybook {} clip {}: interrupted submit resolved, task {} exists", b.id(), k.position(), ref.taskId());
                report(b.id());
                return Duration.ZERO;
            }
            store.backToPending(k.id(), k.stepFailures(), clock.millis());
            LOG.info("Storybook {} clip {}: interrupted submit resolved, no task was created", b.id(), k.position());
            return Duration.ZERO;
        } catch (ProviderException e) {
            if (e.kind() == ErrorKind.AMBIGUOUS_SUBMIT) {
                String name = p.capabilities().displayName();
                return fail(b, k, ErrorKind.AMBIGUOUS_SUBMIT.name(), "We could not tell whether " + name + " started clip "
                        + k.position() + "; check your " + name + " dashboard before retrying (a retry may be charged again).");
            }
            int n = k.stepFailures() + 1;
            store.stepFailed(k.id(), n, clock.millis());
            if (!e.retryable() || n > settings.maxStepFailures()) {
                return fail(b, k, e.kind().name(), e.getMessage());
            }
            return e.retryAfter().orElse(backoff(n));
        }
    }

    private Duration poll(Book b, Clip k, VideoProvider p) {
        long now = clock.millis();
        if (k.submittedAt() != null && now - k.submittedAt() > settings.clipTimeout().toMillis()) {
            return fail(b, k, "TIMEOUT", p.capabilities().displayName() + " did not finish clip " + k.position()
                    + " within " + settings.clipTimeout().toMinutes() + " minutes.");
        }
        Optional<Credentials> creds = vault.load(b.payerKey(), p.id());
        if (creds.isEmpty()) {
            return fail(b, k, ErrorKind.AUTH.name(), "The " + p.capabilities().displayName()
                    + " keys are gone, so I cannot follow clip " + k.position() + ". Set them with /setkeys, then retry.");
        }
        TaskState s;
        try {
            s = p.poll(creds.get(), taskRef(k));
        } catch (ProviderException e) {
            int n = k.stepFailures() + 1;
            store.stepFailed(k.id(), n, clock.millis());
            if (!e.retryable() || n > settings.maxStepFailures()) {
                return fail(b, k, e.kind().name(), e.getMessage());
            }
            return e.retryAfter().orElse(backoff(n));
        }
        switch (s.status()) {
            case QUEUED, RUNNING -> {
                if (store.polled(k, s.status().name(), s.progressPercent(), clock.millis())) {
                    report(b.id());
                }
                return pollDelay(k.pollCount() + 1);
            }
            case SUCCEEDED -> {
                if (store.succeeded(k.id(), s.resultRef(), s.actualUnits(), clock.millis())) {
                    wakeWaiting(k.accountKey());
                }
                report(b.id());
                return download(b, reload(k), p, s);
            }
            default -> {
                String why = s.failure() != null ? s.failure().getMessage()
                        : p.capabilities().displayName() + " could not make clip " + k.position() + " (" + s.rawStatus() + ").";
                return fail(b, k, s.failure() != null ? s.failure().kind().name() : s.status().name(), why);
            }
        }
    }

    /** Download into the blob store; a failed download is retried (fresh URL from a poll), never resubmitted. */
    private Duration download(Book b, Clip k, VideoProvider p, TaskState finished) {
        Optional<Credentials> creds = vault.load(b.payerKey(), p.id());
        if (creds.isEmpty()) {
            return fail(b, k, ErrorKind.AUTH.name(), "The " + p.capabilities().displayName()
                    + " keys are gone, so I cannot fetch clip " + k.position() + ". Set them with /setkeys, then retry.");
        }
        Path tmp = blobs.tempFile(".mp4");
        try {
            TaskState fin = finished;
            if (fin == null) {
                TaskState fresh = p.poll(creds.get(), taskRef(k));
                fin = fresh.status() == TaskStatus.SUCCEEDED ? fresh
                        : new TaskState(TaskStatus.SUCCEEDED, "stored", 100, k.resultRef(),
                        k.actualUnits() == null ? -1 : k.actualUnits(), null);
            }
            p.download(creds.get(), taskRef(k), fin, tmp);
            String blob = blobs.putFile(tmp);
            if (store.downloaded(k.id(), blob, clock.millis())) {
                LOG.info("Storybook {} clip {}: downloaded", b.id(), k.position());
                report(b.id());
                afterClipChange(b.id());
            }
            return null;
        } catch (RuntimeException e) {
            int n = k.stepFailures() + 1;
            store.stepFailed(k.id(), n, clock.millis());
            LOG.warn("Storybook {} clip {}: download attempt {} failed: {}", b.id(), k.position(), n, e.getMessage());
            if (n > settings.maxStepFailures()) {
                return fail(b, k, "DOWNLOAD", "Clip " + k.position() + " was made but could not be downloaded ("
                        + e.getMessage() + "). Retrying the clip downloads it again without paying again.");
            }
            return e instanceof ProviderException pe ? pe.retryAfter().orElse(backoff(n)) : backoff(n);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (java.io.IOException ignored) {
                // a stray temp file in the blob folder's tmp does no harm
            }
        }
    }

    private Duration fail(Book b, Clip k, String kind, String message) {
        long now = clock.millis();
        if (store.failed(k.id(), kind, message, now)) {
            if (k.inFlight()) {
                wakeWaiting(k.accountKey());
            }
            LOG.info("Storybook {} clip {} failed ({}): {}", b.id(), k.position(), kind, message);
            String reason = pauseReason(k.position(), message);
            boolean news = store.sql.inTransaction(c -> {
                Optional<Book> locked = GenerationStore.lockBook(c, b.id());
                return locked.isPresent() && GenerationStore.pauseLocked(c, locked.get(), reason, now);
            });
            if (news) {
                safely(() -> listener().onPaused(b.id(), k.position(), message));
            }
            report(b.id());
        }
        return null;
    }

    @Override
    public void taskChanged(String provider, String providerTaskId) {
        pollNow(provider, providerTaskId, 4);
    }

    private void pollNow(String provider, String providerTaskId, int tries) {
        try {
            store.clipFollowing(provider, providerTaskId).ifPresent(this::stepNow);
        } catch (TaskInstanceCurrentlyExecutingException e) {
            // its step is running (often the submit that has just created the task): the step sets its next poll
            // when it ends, so ask again a moment later rather than lose the news
            if (tries > 1) {
                CompletableFuture.delayedExecutor(250, TimeUnit.MILLISECONDS)
                        .execute(() -> pollNow(provider, providerTaskId, tries - 1));
            }
        } catch (RuntimeException e) {
            // finished meanwhile, or the database is busy: the callback was only a hint, the regular poll stands
            LOG.debug("Callback for {} task {} changed nothing: {}", provider, providerTaskId, e.toString());
        }
    }

    /**
     * A slot of this account has just freed: the clip that has waited longest for one takes its next step now rather
     * than at its next slot check ({@code slotWait} later). If it is running at this moment, it finds the slot itself.
     */
    private void wakeWaiting(String accountKey) {
        try {
            store.nextWaiting(accountKey).ifPresent(this::stepNow);
        } catch (RuntimeException e) {
            // executing right now, or already done: it needs no waking
            LOG.debug("No clip woken for a freed slot: {}", e.toString());
        }
    }

    /** The clip's task runs its next step now rather than when it was due. */
    private void stepNow(String clipId) {
        scheduling().reschedule(clipTask.instance(clipId), Instant.now());
    }

    private static String pauseReason(int position, String message) {
        return "Clip " + position + ": " + message;
    }

    /** After a clip finished or was skipped: pause if a failure is left, or move on to the merge when all are in. */
    private void afterClipChange(String bookId) {
        long now = clock.millis();
        Clip pauseFor = store.sql.inTransaction(c -> {
            Optional<Book> ob = GenerationStore.lockBook(c, bookId);
            if (ob.isEmpty() || !"GENERATING".equals(ob.get().state())) {
                return null;
            }
            List<Clip> clips = GenerationStore.currentClips(c, bookId);
            if (clips.stream().anyMatch(Clip::unfinished)) {
                return null;
            }
            Optional<Clip> failed = clips.stream().filter(x -> "FAILED".equals(x.state())).findFirst();
            if (failed.isPresent()) {
                String reason = pauseReason(failed.get().position(), failed.get().errorMessage());
                return GenerationStore.pauseLocked(c, ob.get(), reason, now) ? failed.get() : null;
            }
            if (clips.stream().noneMatch(x -> "DOWNLOADED".equals(x.state()))) {
                Jdbc.update(c, "UPDATE storybook SET state = 'FAILED', updated_at = ? WHERE id = ?", now, bookId);
                return new Clip(null, bookId, null, 0, null, null, null, null, "NONE", 0, 0, null, null, null, null,
                        null, null, "No clip is left to merge.", 0, null, null, 0, 0, null);
            }
            GenerationStore.moveBook(c, bookId, "GENERATING", "MERGING", now);
            return new Clip(null, bookId, null, 0, null, null, null, null, "MERGE", 0, 0, null, null, null, null,
                    null, null, null, 0, null, null, 0, 0, null);
        });
        if (pauseFor == null) {
            return;
        }
        switch (pauseFor.state()) {
            case "MERGE" -> {
                schedule(mergeTask, bookId, Duration.ZERO);
                report(bookId);
            }
            case "NONE" -> safely(() -> listener().onFailed(bookId, pauseFor.errorMessage()));
            default -> safely(() -> listener().onPaused(bookId, pauseFor.position(), pauseFor.errorMessage()));
        }
    }

    // ---------------------------------------------------------------- merge and delivery

    Duration mergeStep(String bookId, ExecutionContext ctx) {
        Optional<Book> ob = store.book(bookId);
        if (ob.isEmpty() || !"MERGING".equals(ob.get().state())) {
            return null;
        }
        Book b = ob.get();
        report(bookId);
        List<Clip> clips = store.currentClips(bookId).stream().filter(x -> "DOWNLOADED".equals(x.state())).toList();
        Map<String, Scene> scenes = new java.util.HashMap<>();
        store.scenes(bookId).forEach(s -> scenes.put(s.id(), s));
        StorybookSettings st = b.settings();
        List<String> captions = st.captions()
                ? clips.stream().map(x -> Optional.ofNullable(scenes.get(x.sceneId())).map(Scene::prompt).orElse("")).toList()
                : List.of();
        Path music = st.musicBlob() != null && blobs.exists(st.musicBlob()) ? blobs.path(st.musicBlob()) : null;
        Path target = blobs.tempFile(".mp4");
        try {
            long limit = listener().uploadLimitBytes(bookId);
            MergeOptions opts = new MergeOptions(st.crossfadeSeconds(), captions, music, st.musicVolume(), 2.0,
                    List.of(), limit);
            LOG.info("Storybook {}: merging {} clip(s)", bookId, clips.size());
            MergeResult r = merger.merge(clips.stream().map(x -> blobs.path(x.blob())).toList(), opts, target);
            Path out = r.output() != null ? r.output() : target;
            long bytes = Files.size(out);
            String blob = blobs.putFile(out);
            String filmId = UUID.randomUUID().toString();
            double cost = store.allClips(bookId).stream().filter(Clip::paid)
                    .mapToDouble(x -> x.estimatedUsd() == null ? 0 : x.estimatedUsd()).sum();
            long now = clock.millis();
            boolean moved = store.sql.inTransaction(c -> {
                if (!GenerationStore.moveBook(c, bookId, "MERGING", "DELIVERING", now)) {
                    return false;
                }
                GenerationStore.insertFilm(c, new Film(filmId, bookId, blob, bytes, Math.round(r.durationSeconds() * 1000),
                        clips.size(), b.provider(), clips.get(0).model(), cost, null, 0), r.path(), now);
                return true;
            });
            if (moved) {
                LOG.info("Storybook {}: film {} merged ({} clips, {} bytes)", bookId, filmId, clips.size(), bytes);
                schedule(deliveryTask, filmId, Duration.ZERO);
                report(bookId);
            }
            return null;
        } catch (Exception e) {
            int attempt = ctx.getExecution().consecutiveFailures + 1;
            LOG.warn("Storybook {}: merge attempt {} failed: {}", bookId, attempt, e.getMessage());
            if (attempt >= MAX_MERGE_ATTEMPTS) {
                if (store.moveBook(bookId, "MERGING", "FAILED", clock.millis())) {
                    safely(() -> listener().onFailed(bookId, "The clips could not be merged into a film: " + e.getMessage()));
                }
                return null;
            }
            throw new IllegalStateException("merge failed, will retry", e);
        } finally {
            try {
                Files.deleteIfExists(target);
            } catch (java.io.IOException ignored) {
                // stray temp file
            }
        }
    }

    Duration deliveryStep(String filmId) {
        Optional<Film> of = store.film(filmId);
        if (of.isEmpty() || of.get().deliveredAt() != null) {
            return null;
        }
        Film f = of.get();
        Optional<Book> ob = store.book(f.storybookId());
        if (ob.isEmpty() || !"DELIVERING".equals(ob.get().state())) {
            return null;
        }
        Book b = ob.get();
        report(b.id());
        try {
            listener().deliverFilm(b.id(), f.id(), blobs.path(f.blob()), summary(b, f));
        } catch (Exception e) {
            if (tooLarge(e) && refit(f)) {
                // The chat's real limit is lower than configured: a smaller film is ready, send it at once. Each
                // re-fit halves the film and stops at MIN_REFIT_BYTES, so this cannot loop for ever.
                return Duration.ZERO;
            }
            store.deliveryFailed(f.id());
            int n = f.deliveryAttempts() + 1;
            LOG.warn("Storybook {}: delivery attempt {} failed: {}", b.id(), n, e.getMessage());
            if (n >= MAX_DELIVERY_ATTEMPTS) {
                if (store.moveBook(b.id(), "DELIVERING", "FAILED", clock.millis())) {
                    safely(() -> listener().onFailed(b.id(), "The film was made but could not be sent: " + e.getMessage()));
                }
                return null;
            }
            return backoff(n);
        }
        store.delivered(f.id(), b.id(), clock.millis());
        LOG.info("Storybook {}: film {} delivered", b.id(), f.id());
        return null;
    }

    private static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.storyreel.core.chat.ChatDeliveryException d && d.tooLarge()) {
                return true;
            }
        }
        return false;
    }

    /** Below this a film refused as too large is not shrunk any further (the refusal is reported instead). */
    private static final long MIN_REFIT_BYTES = 64 * 1024;

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
            try {
                Files.deleteIfExists(target);
            } catch (java.io.IOException ignored) {
                // stray temp file
            }
        }
    }

    private GenerationListener.FilmSummary summary(Book b, Film f) {
        List<Clip> clips = store.currentClips(b.id()).stream().filter(x -> "DOWNLOADED".equals(x.state())).toList();
        double units = clips.stream().mapToDouble(x -> x.actualUnits() != null ? x.actualUnits()
                : x.estimatedUnits() == null ? 0 : x.estimatedUnits()).sum();
        LinkedHashSet<String> who = new LinkedHashSet<>();
        store.scenes(b.id()).forEach(s -> who.add(s.contributor() != null ? s.contributor() : s.contributorKey()));
        Capabilities caps = provider(b.provider()).capabilities();
        return new GenerationListener.FilmSummary(b.provider(), f.model(), f.clips(), f.durationMs() / 1000.0, f.costUsd(),
                units, caps.currencyUnit(), List.copyOf(who));
    }

    // ---------------------------------------------------------------- reconcile, progress

    /** Re-schedules any work whose task a crash lost (e.g. between a commit and the schedule call). */
    void reconcile() {
        for (Clip k : store.unfinishedClips()) {
            schedule(clipTask, k.id(), Duration.ZERO);
        }
        for (String id : store.booksIn("MERGING")) {
            schedule(mergeTask, id, Duration.ZERO);
        }
        for (String id : store.undeliveredFilms()) {
            schedule(deliveryTask, id, Duration.ZERO);
        }
    }

    private void report(String bookId) {
        safely(() -> {
            Optional<Book> ob = store.book(bookId);
            if (ob.isEmpty()) {
                return;
            }
            Book b = ob.get();
            GenerationListener.Stage stage = switch (b.state()) {
                case "MERGING" -> GenerationListener.Stage.MERGING;
                case "DELIVERING", "DONE" -> GenerationListener.Stage.DELIVERING;
                default -> GenerationListener.Stage.GENERATING;
            };
            List<Clip> clips = store.currentClips(bookId);
            VideoProvider p = provider(b.provider());
            int typical = clips.isEmpty() ? 120 : p.capabilities().model(clips.get(0).model())
                    .map(ModelSpec::typicalSeconds).filter(t -> t > 0).orElse(120);
            int slots = settings.concurrencyFor(p.id());
            long now = clock.millis();
            List<GenerationListener.ClipProgress> out = new ArrayList<>();
            long worst = 0;
            for (Clip k : clips) {
                int queue = "PENDING".equals(k.state()) ? store.queueAhead(k) + 1 : -1;
                out.add(new GenerationListener.ClipProgress(k.position(), k.state(), k.progress(), queue));
                long left = switch (k.state()) {
                    case "PENDING" -> typical * (1L + (queue - 1) / slots) * 1000L;
                    case "SUBMITTING", "SUBMITTED", "QUEUED", "RUNNING" -> k.progress() > 0
                            ? typical * 1000L * (100 - k.progress()) / 100
                            : Math.max(typical * 1000L - (k.submittedAt() == null ? 0 : now - k.submittedAt()), 5000L);
                    default -> 0L;
                };
                worst = Math.max(worst, left);
            }
            Duration eta = switch (stage) {
                case GENERATING -> Duration.ofMillis(worst).plus(settings.mergeEstimate());
                case MERGING -> settings.mergeEstimate();
                case DELIVERING -> Duration.ZERO;
            };
            listener().onProgress(new GenerationListener.Progress(bookId, List.copyOf(out), eta, stage));
        });
    }

    // ---------------------------------------------------------------- helpers

    private GenerationListener listener() {
        GenerationListener l = listener;
        if (l == null) {
            throw new IllegalStateException("no GenerationListener attached yet");
        }
        return l;
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("Generation listener failed: {}", e.toString());
        }
    }

    private Clip reload(Clip k) {
        return store.clip(k.id()).orElse(k);
    }

    private static ProviderTaskRef taskRef(Clip k) {
        return new ProviderTaskRef(k.provider(), k.providerTaskId(), k.id());
    }

    private Duration backoff(int failures) {
        long ms = settings.retryBase().toMillis() * (1L << Math.min(failures - 1, 8));
        return Duration.ofMillis(Math.min(ms, Duration.ofMinutes(5).toMillis()));
    }

    private Duration pollDelay(int polls) {
        double ms = settings.firstPoll().toMillis() * Math.pow(settings.pollBackoff(), Math.max(0, polls - 1));
        return Duration.ofMillis((long) Math.min(ms, settings.maxPollInterval().toMillis()));
    }

    private VideoProvider provider(String id) {
        VideoProvider p = providers.get(id);
        if (p == null) {
            throw new GenerationRefusedException("The provider '" + id + "' is not available in this bot.");
        }
        return p;
    }

    private static ModelSpec model(VideoProvider p, StorybookSettings st) {
        Capabilities caps = p.capabilities();
        String id = st.model() != null ? st.model() : caps.defaultModel();
        return caps.model(id).orElseThrow(() -> new GenerationRefusedException(
                caps.displayName() + " has no model '" + id + "'. Pick one with /model."));
    }

    private static ModelSpec.Combination combination(ModelSpec spec, StorybookSettings st) {
        List<ModelSpec.Combination> m = spec.matching(st.mode(), st.durationSeconds(), st.resolution());
        if (m.isEmpty()) {
            throw new GenerationRefusedException(spec.label() + " cannot make that combination of mode, length and resolution.");
        }
        return m.get(0);
    }

    static String account(String payerKey, String provider) {
        return payerKey + "|" + provider;
    }
}
