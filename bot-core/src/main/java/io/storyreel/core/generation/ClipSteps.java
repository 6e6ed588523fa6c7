package io.storyreel.core.generation;

import io.storyreel.core.generation.EngineReason.Kind;
import io.storyreel.core.keys.KeyVault;
import io.storyreel.core.logging.LogContext;
import io.storyreel.core.metrics.StoryreelMetrics;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.ProviderTaskRef;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The steps of one clip's task. A step never sleeps: it takes a slot and submits, resolves an interrupted submit,
 * polls once, or downloads, and returns when the task runs next, so a thousand clips waiting on a provider hold no
 * thread. What makes a resume safe is committed before the step's paid or slow call: SUBMITTING before the create,
 * the provider task id before the first poll, the blob id after the download (before it is normalised onto the
 * film's canvas). Every call uses the keys of the clip's own payer.
 */
final class ClipSteps {
    private static final Logger LOG = LoggerFactory.getLogger(ClipSteps.class);
    /** {@code storybook.pause_reason} holds 2000 characters. */
    private static final int MAX_PAUSE_KEY = 1900;

    private final GenerationStore store;
    private final EngineProviders providers;
    private final KeyVault vault;
    private final BlobStore blobs;
    private final EngineSettings settings;
    private final Clock clock;
    private final EngineTasks tasks;
    private final ProgressReport report;
    private final StoryreelMetrics metrics;
    private final ClipTimeBook times;
    private final ClipNormalising normalising;

    ClipSteps(GenerationStore store, EngineProviders providers, KeyVault vault, BlobStore blobs, EngineSettings settings,
              Clock clock, EngineTasks tasks, ProgressReport report, StoryreelMetrics metrics, ClipTimeBook times,
              ClipNormalising normalising) {
        this.store = store;
        this.providers = providers;
        this.vault = vault;
        this.blobs = blobs;
        this.settings = settings;
        this.clock = clock;
        this.tasks = tasks;
        this.report = report;
        this.metrics = metrics;
        this.times = times;
        this.normalising = normalising;
    }

    /** One step of a clip; returns when to run the next one, or null when the clip's task is finished. */
    Duration step(String clipId) {
        Optional<Clip> oc = store.clip(clipId);
        if (oc.isEmpty()) {
            return null;
        }
        try (LogContext.Scope log = LogContext.storybook(oc.get().storybookId())) {
            return step(oc.get());
        }
    }

    private Duration step(Clip k) {
        Optional<Storybook> ob = store.book(k.storybookId());
        if (ob.isEmpty() || !k.current() || !k.unfinished() || !ob.get().state().generating()) {
            return null;
        }
        Storybook b = ob.get();
        VideoProvider p = providers.get(k.provider());
        return switch (k.state()) {
            case PENDING -> submit(b, k, p);
            case SUBMITTING -> resolveSubmit(b, k, p);
            case SUBMITTED, QUEUED, RUNNING -> poll(b, k, p);
            case SUCCEEDED -> download(b, k, p, null);
            default -> null;
        };
    }

    private Duration submit(Storybook b, Clip k, VideoProvider p) {
        long now = clock.millis();
        store.ensureAccount(k.accountKey(), now);
        if (!store.takeSlot(k, settings.concurrencyFor(p.id()), now)) {
            report.progress(b.id());
            return settings.slotWait();
        }
        Optional<Credentials> creds = keysOf(b, k, p);
        if (creds.isEmpty()) {
            // nothing was sent: the clip may go back to PENDING for a later retry, but fail it so the user knows
            store.backToPending(k.id(), 0, clock.millis());
            return fail(b, k, ErrorKind.AUTH.name(), EngineReason.clip(Kind.KEYS_REMOVED, name(p), k.position()));
        }
        GenerationRequest req;
        try {
            ClipRequest cr = ClipRequest.fromJson(k.requestJson());
            req = p.prepare(cr.toRequest(blobs.read(cr.imageBlob()),
                    cr.endImageBlob() == null ? null : blobs.read(cr.endImageBlob())));
        } catch (ProviderException e) {
            // nothing was sent; a retryable refusal (memory for a large photo is busy) waits like a retryable submit
            int n = e.retryable() ? k.stepFailures() + 1 : 0;
            store.backToPending(k.id(), n, clock.millis());
            if (e.retryable() && n <= settings.maxStepFailures()) {
                return e.retryAfter().orElse(settings.retryDelay(n));
            }
            return fail(b, k, e.kind().name(), providerError(p, k, e));
        }
        ProviderTaskRef ref;
        try {
            ref = p.submit(creds.get(), req, k.id());
        } catch (ProviderException e) {
            metrics.providerError(p.id(), e.kind().name());
            if (e.kind() == ErrorKind.AMBIGUOUS_SUBMIT) {
                return resolveSubmit(b, reload(k), p);
            }
            if (e.retryable()) {
                // the provider contract: a retryable submit error proves no task was created
                int n = k.stepFailures() + 1;
                store.backToPending(k.id(), n, clock.millis());
                if (n > settings.maxStepFailures()) {
                    return fail(b, k, e.kind().name(), providerError(p, k, e));
                }
                return e.retryAfter().orElse(settings.retryDelay(n));
            }
            store.backToPending(k.id(), k.stepFailures(), clock.millis());
            return fail(b, k, e.kind().name(), providerError(p, k, e));
        } catch (RuntimeException e) {
            // unknown outcome (a bug, a timeout nobody classified): never resubmit blindly, ask the provider
            LOG.warn("Clip {} submit ended unclearly ({}); resolving by idempotency key", k.id(), e.toString());
            return resolveSubmit(b, reload(k), p);
        }
        store.submitted(k.id(), ref.taskId(), clock.millis());
        metrics.paidCreate(p.id(), k.estimatedUsdOrZero());
        LOG.info("Storybook {} clip {}: submitted to {} as task {}", b.id(), k.position(), p.id(), ref.taskId());
        report.progress(b.id());
        return settings.pollSchedule(k.provider()).next(times.of(k.provider(), k.model()), Duration.ZERO, 0);
    }

    /** A submit whose outcome is unknown (crash after SUBMITTING, timeout): ask the provider, never resubmit blindly. */
    private Duration resolveSubmit(Storybook b, Clip k, VideoProvider p) {
        Optional<Credentials> creds = keysOf(b, k, p);
        if (creds.isEmpty()) {
            return fail(b, k, ErrorKind.AUTH.name(), EngineReason.clip(Kind.KEYS_GONE_CHECKING, name(p), k.position()));
        }
        try {
            ProviderTaskRef ref = p.findByIdempotencyKey(creds.get(), k.id());
            if (ref != null) {
                // the create was paid by a step that died before recording it: counted here, once, for this clip
                store.submitted(k.id(), ref.taskId(), clock.millis());
                metrics.paidCreate(p.id(), k.estimatedUsdOrZero());
                LOG.info("Storybook {} clip {}: interrupted submit resolved, task {} exists", b.id(), k.position(), ref.taskId());
                report.progress(b.id());
                return Duration.ZERO;
            }
            store.backToPending(k.id(), k.stepFailures(), clock.millis());
            LOG.info("Storybook {} clip {}: interrupted submit resolved, no task was created", b.id(), k.position());
            return Duration.ZERO;
        } catch (ProviderException e) {
            if (e.kind() == ErrorKind.AMBIGUOUS_SUBMIT) {
                metrics.providerError(p.id(), e.kind().name());
                return fail(b, k, ErrorKind.AMBIGUOUS_SUBMIT.name(), EngineReason.clip(Kind.SUBMIT_UNCLEAR, name(p), k.position()));
            }
            return stepFailed(b, k, p, e);
        }
    }

    private Duration poll(Storybook b, Clip k, VideoProvider p) {
        long now = clock.millis();
        if (k.submittedAt() != null && now - k.submittedAt() > settings.clipTimeout().toMillis()) {
            return fail(b, k, "TIMEOUT", EngineReason.timedOut(name(p), k.position(), settings.clipTimeout().toMinutes()));
        }
        Optional<Credentials> creds = keysOf(b, k, p);
        if (creds.isEmpty()) {
            return fail(b, k, ErrorKind.AUTH.name(), EngineReason.clip(Kind.KEYS_GONE_FOLLOWING, name(p), k.position()));
        }
        TaskState s;
        try {
            s = p.poll(creds.get(), taskRef(k));
        } catch (ProviderException e) {
            return stepFailed(b, k, p, e);
        }
        switch (s.status()) {
            case QUEUED, RUNNING -> {
                ClipState seen = s.status() == TaskStatus.QUEUED ? ClipState.QUEUED : ClipState.RUNNING;
                // the provider's queue place (fal's queue_position) is news too, though the clip's state is not
                boolean moved = report.providerQueue(k.id(), seen == ClipState.QUEUED ? s.queue().position() : -1);
                if (store.polled(k, seen, s.progressPercent(), clock.millis()) | moved) {
                    report.progress(b.id());
                }
                return nextPoll(k, now);
            }
            case SUCCEEDED -> {
                if (store.succeeded(k.id(), s.resultRef(), s.actualUnits(), clock.millis())) {
                    store.charged(k.id(), s.actualUnits() >= 0 ? s.actualUnits() : null, s.actualUnits() >= 0
                            ? s.actualUnits() * p.capabilities().usdPerUnit() : k.estimatedUsdOrZero(), clock.millis());
                    times.learned(k.provider(), k.model());
                    wakeWaiting(k.accountKey());
                }
                report.progress(b.id());
                return download(b, reload(k), p, s);
            }
            default -> {
                // the provider says the task ended without a clip: it costs what the provider reports (Kling's
                // final_unit_deduction "0"), and nothing where it reports nothing (none charges a failed task)
                double units = Math.max(0, s.actualUnits());
                store.charged(k.id(), s.actualUnits() >= 0 ? s.actualUnits() : null,
                        units * p.capabilities().usdPerUnit(), clock.millis());
                metrics.providerError(p.id(), s.failure() != null ? s.failure().kind().name() : s.status().name());
                EngineReason why = s.failure() != null ? providerError(p, k, s.failure())
                        : EngineReason.detailed(Kind.PROVIDER_FAILED, name(p), k.position(), s.rawStatus());
                return fail(b, k, s.failure() != null ? s.failure().kind().name() : s.status().name(), why);
            }
        }
    }

    /** A retryable provider error counts against the step; too many, or one that is not retryable, fail the clip. */
    private Duration stepFailed(Storybook b, Clip k, VideoProvider p, ProviderException e) {
        metrics.providerError(p.id(), e.kind().name());
        int n = k.stepFailures() + 1;
        store.stepFailed(k.id(), n, clock.millis());
        if (!e.retryable() || n > settings.maxStepFailures()) {
            return fail(b, k, e.kind().name(), providerError(p, k, e));
        }
        return e.retryAfter().orElse(settings.retryDelay(n));
    }

    /**
     * Download into the blob store, then normalise onto the film's canvas ({@link ClipNormalising}); a failed download
     * is retried (fresh URL from a poll), never resubmitted. The downloaded file is recorded before the normalisation,
     * so a crash in between resumes with the normalisation and downloads nothing again.
     */
    private Duration download(Storybook b, Clip k, VideoProvider p, TaskState finished) {
        if (k.blob() != null && blobs.exists(k.blob())) {
            LOG.info("Storybook {} clip {}: downloaded before a restart; normalising it", b.id(), k.position());
            landed(b, k, k.blob());
            return null;
        }
        Optional<Credentials> creds = keysOf(b, k, p);
        if (creds.isEmpty()) {
            return fail(b, k, ErrorKind.AUTH.name(), EngineReason.clip(Kind.KEYS_GONE_FETCHING, name(p), k.position()));
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
            if (store.fetched(k.id(), blob, clock.millis())) {
                landed(b, k, blob);
            }
            return null;
        } catch (RuntimeException e) {
            int n = k.stepFailures() + 1;
            store.stepFailed(k.id(), n, clock.millis());
            LOG.warn("Storybook {} clip {}: download attempt {} failed: {}", b.id(), k.position(), n, e.getMessage());
            if (n > settings.maxStepFailures()) {
                return fail(b, k, "DOWNLOAD", EngineReason.failed(Kind.DOWNLOAD_FAILED, name(p), k.position(), e));
            }
            return e instanceof ProviderException pe ? pe.retryAfter().orElse(settings.retryDelay(n)) : settings.retryDelay(n);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (java.io.IOException ignored) {
                // a stray temp file in the blob folder's tmp does no harm
            }
        }
    }

    /** The clip's file is stored: normalised now, while the film's other clips are still being made. */
    private void landed(Storybook b, Clip k, String blob) {
        ClipNormalising.Result n = normalising.normalise(b, k, blob);
        if (store.downloaded(k.id(), blob, n.blob(), n.canvas(), clock.millis())) {
            finished(k, "downloaded");
            LOG.info("Storybook {} clip {}: downloaded{}", b.id(), k.position(),
                    n.blob() == null ? "" : ", normalised to " + n.canvas());
            report.progress(b.id());
            afterClipChange(b.id());
        } else {
            normalising.discard(n);
        }
    }

    /** The clip fails for good; the storybook pauses for it (reported once) until the user chooses. */
    private Duration fail(Storybook b, Clip k, String kind, EngineReason reason) {
        long now = clock.millis();
        if (store.failed(k.id(), kind, reason, now)) {
            finished(k, "failed");
            if (k.inFlight()) {
                wakeWaiting(k.accountKey());
            }
            LOG.info("Storybook {} clip {} failed ({}): {}", b.id(), k.position(), kind, reason);
            boolean news = store.sql.inTransaction(c -> {
                Optional<Storybook> locked = GenerationStore.lockBook(c, b.id());
                return locked.isPresent() && GenerationStore.pauseLocked(c, locked.get(), pauseKey(k.position(), reason), now);
            });
            if (news) {
                report.paused(b.id(), k.position(), reason);
            }
            report.progress(b.id());
        }
        return null;
    }

    /** Queue time (created to accepted by the provider) and latency (accepted to now), when the clip got that far. */
    private void finished(Clip k, String outcome) {
        long now = clock.millis();
        Long accepted = k.submittedAt();
        metrics.clipFinished(k.provider(), k.model(), outcome,
                accepted == null ? null : Duration.ofMillis(accepted - k.createdAt()),
                accepted == null ? null : Duration.ofMillis(now - accepted));
    }

    /** After a clip finished or was skipped: pause if a failure is left, or move on to the merge when all are in. */
    void afterClipChange(String bookId) {
        long now = clock.millis();
        AfterClip next = store.sql.inTransaction(c -> {
            Optional<Storybook> ob = GenerationStore.lockBook(c, bookId);
            if (ob.isEmpty() || ob.get().state() != StorybookState.GENERATING) {
                return new AfterClip.Wait();
            }
            List<Clip> clips = GenerationStore.currentClips(c, bookId);
            if (clips.stream().anyMatch(Clip::unfinished)) {
                return new AfterClip.Wait();
            }
            Optional<Clip> failed = clips.stream().filter(x -> x.state() == ClipState.FAILED).findFirst();
            if (failed.isPresent()) {
                Clip f = failed.get();
                EngineReason why = f.failureReason();
                return GenerationStore.pauseLocked(c, ob.get(), pauseKey(f.position(), why), now)
                        ? new AfterClip.Pause(f.position(), why) : new AfterClip.Wait();
            }
            if (clips.stream().noneMatch(x -> x.state().ready())) {
                GenerationStore.moveBook(c, bookId, StorybookState.GENERATING, StorybookState.FAILED, now);
                return new AfterClip.NothingLeft();
            }
            GenerationStore.moveBook(c, bookId, StorybookState.GENERATING, StorybookState.MERGING, now);
            return new AfterClip.Merge();
        });
        if (next instanceof AfterClip.Merge) {
            tasks.merge(bookId);
            report.progress(bookId);
        } else if (next instanceof AfterClip.Pause p) {
            report.paused(bookId, p.position(), p.reason());
        } else if (next instanceof AfterClip.NothingLeft) {
            report.failed(bookId, EngineReason.of(Kind.NO_CLIP_LEFT));
        }
        // AfterClip.Wait: clips are still on their way, or the pause was reported already
    }

    /**
     * A slot of this account has just freed: the clip that has waited longest for one takes its next step now rather
     * than at its next slot check ({@code slotWait} later). If it is running at this moment, it finds the slot itself.
     */
    private void wakeWaiting(String accountKey) {
        tasks.runNow(EngineTasks.CLIP_TASK, 1, () -> store.nextWaiting(accountKey));
    }

    /** A provider's callback: the clip following that task polls now (asked again briefly while its step runs). */
    void pollNow(String provider, String providerTaskId) {
        tasks.runNow(EngineTasks.CLIP_TASK, 4, () -> store.clipFollowing(provider, providerTaskId));
    }

    /**
     * The film was cancelled: a clip whose provider task may still run is stopped there too, where the provider can
     * cancel (best effort: the user's film is cancelled whatever the provider answers).
     */
    void cancelAtProvider(Clip k, String payerKey) {
        if (k.providerTaskId() == null || !k.unfinished() || payerKey == null) {
            return;
        }
        Optional<VideoProvider> p = providers.find(k.provider());
        Optional<Credentials> creds = p.isEmpty() ? Optional.empty() : vault.load(payerKey, k.provider());
        if (creds.isEmpty()) {
            return;
        }
        try {
            if (p.get().cancel(creds.get(), taskRef(k))) {
                LOG.info("Clip {}: task {} cancelled at {}", k.id(), k.providerTaskId(), k.provider());
            }
        } catch (RuntimeException e) {
            LOG.warn("Clip {}: {} did not cancel task {}: {}", k.id(), k.provider(), k.providerTaskId(), e.getMessage());
        }
    }

    /** What makes a pause news: the same clip failing for the same reason is reported once. */
    private static String pauseKey(int position, EngineReason reason) {
        String key = "Clip " + position + ": " + reason.toJson();
        return key.length() > MAX_PAUSE_KEY ? key.substring(0, MAX_PAUSE_KEY) : key;
    }

    private static EngineReason providerError(VideoProvider p, Clip k, ProviderException e) {
        return EngineReason.failed(Kind.PROVIDER_ERROR, name(p), k.position(), e);
    }

    private static String name(VideoProvider p) {
        return p.capabilities().displayName();
    }

    /**
     * The keys of the clip's own payer: a clip is submitted, polled and downloaded with the keys it was ordered with,
     * whoever pays for the film's other clips (a retry or redo by another member pays for that clip only).
     */
    private Optional<Credentials> keysOf(Storybook b, Clip k, VideoProvider p) {
        return vault.load(k.payerOr(b.payerKey()), p.id());
    }

    private Clip reload(Clip k) {
        return store.clip(k.id()).orElse(k);
    }

    private static ProviderTaskRef taskRef(Clip k) {
        return new ProviderTaskRef(k.provider(), k.providerTaskId(), k.id());
    }

    /** The next poll of a clip just polled (its poll count not yet reloaded), on the engine's one schedule. */
    private Duration nextPoll(Clip k, long now) {
        Duration since = Duration.ofMillis(k.submittedAt() == null ? 0 : Math.max(0, now - k.submittedAt()));
        return settings.pollSchedule(k.provider()).next(times.of(k.provider(), k.model()), since, k.pollCount() + 1);
    }
}
