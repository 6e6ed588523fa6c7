package io.storyreel.sim.taskapi;

import io.storyreel.sim.render.ClipRenderer;
import io.storyreel.sim.render.ClipRenderer.ClipSpec;
import io.storyreel.sim.render.ClipRenderer.RenderedClip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What every task-based video API simulator shares: its settings, the call journal, the fault rules with their
 * {@code /__admin} routes, status callbacks, the pool that renders real clips, and the HTTP server on 127.0.0.1. A
 * simulator adds its provider's routes ({@link #handle}), authentication and wire format, and is started through
 * {@link #listening}, once its own fields are set.
 */
public abstract class TaskApiSimulator implements AutoCloseable {

    private final String name;
    private final SimSettings settings;
    private final CallJournal journal = new CallJournal();
    private final FaultRules faults = new FaultRules();
    private final ImageFetcher fetcher = new ImageFetcher();
    private final ClipRenderer renderer;
    private final ExecutorService renderPool;
    private final Callbacks callbacks;
    private final AdminEndpoint admin;
    private volatile SimHttpServer server;

    /** {@code name} (lower case, e.g. {@code kling}) names the threads and the log lines. */
    protected TaskApiSimulator(String name, SimSettings settings, ClipRenderer renderer) {
        this.name = name;
        this.settings = settings;
        this.renderer = renderer;
        this.renderPool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, name + "-sim-render");
            t.setDaemon(true);
            return t;
        });
        this.callbacks = new Callbacks(settings.clock(), name + "-sim");
        this.admin = new AdminEndpoint(faults, journal, this::reset, this::charges);
    }

    /** Binds {@code simulator}'s port and starts answering; on failure its threads are stopped again. */
    protected static <S extends TaskApiSimulator> S listening(S simulator) {
        ((TaskApiSimulator) simulator).listen();
        return simulator;
    }

    private void listen() {
        try {
            server = SimHttpServer.start(settings.port(), name, ex -> {
                if (!admin.handle(ex)) {
                    handle(ex);
                }
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Answers one request that is not an {@code /__admin} route. */
    protected abstract void handle(SimExchange ex) throws IOException;

    /** {@code http://127.0.0.1:<port>}: the value for the client's base URL. */
    public String baseUrl() {
        return server.baseUrl();
    }

    public CallJournal journal() {
        return journal;
    }

    public FaultRules faults() {
        return faults;
    }

    /** The status callbacks sent so far (to tasks created with a {@code callback_url}). */
    public List<Callbacks.Sent> callbacksSent() {
        return callbacks.sent();
    }

    /**
     * What each task created so far costs, as the provider prices it (empty where the simulator does not price
     * tasks); also in {@code GET /__admin/journal}.
     */
    public List<Charge> charges() {
        return List.of();
    }

    /** Forget every fault, journal entry and rate-limit window (tasks and their videos stay). */
    public void reset() {
        faults.clear();
        journal.clear();
        forgetRateWindows();
    }

    /** Clears the simulator's own rate-limit bookkeeping; part of {@link #reset}. */
    protected void forgetRateWindows() {
    }

    @Override
    public void close() {
        SimHttpServer s = server;
        if (s != null) {
            s.close();
        }
        renderPool.shutdownNow();
        callbacks.close();
    }

    protected SimSettings settings() {
        return settings;
    }

    protected ImageFetcher fetcher() {
        return fetcher;
    }

    protected Callbacks callbacks() {
        return callbacks;
    }

    /** The simulator's time: every status, timestamp, rate window and expiry is read from it. */
    protected Instant now() {
        return settings.clock().instant();
    }

    /**
     * A task created now: its clip starts rendering from {@code image}, and the armed faults decide whether it will
     * fail ({@code defaultFailure} is the provider's documented message when the rule gave none), how long it runs and
     * whether it is held first ({@link FaultRules#holdNextTasks}).
     */
    protected SimTask newTask(String id, String credentialId, byte[] image, ClipSpec spec, String defaultFailure) {
        return newTask(id, credentialId, image, null, spec, defaultFailure);
    }

    /** As {@link #newTask(String, String, byte[], ClipSpec, String)}, the clip ending on {@code endImage} if given. */
    protected SimTask newTask(String id, String credentialId, byte[] image, byte[] endImage, ClipSpec spec,
                              String defaultFailure) {
        Duration wait = faults.takeHold().map(FaultRules.Held::delay).orElse(Duration.ZERO);
        return newTask(id, credentialId, image, endImage, spec, new FaultRules.TaskFailure(defaultFailure),
                wait.isZero() ? SimTask.Hold.NONE : now -> wait);
    }

    /**
     * A task created now whose clip moves from {@code image} to {@code endImage} (null: a plain zoom), held before it
     * starts as {@code hold} says. The armed faults decide whether it fails (the rule's message and code, or
     * {@code defaultFailure}'s where the rule left them out) and how long it runs.
     */
    protected SimTask newTask(String id, String credentialId, byte[] image, byte[] endImage, ClipSpec spec,
                              FaultRules.TaskFailure defaultFailure, SimTask.Hold hold) {
        CompletableFuture<RenderedClip> render = CompletableFuture.supplyAsync(() -> {
            try {
                return renderer.render(image, endImage, spec);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, renderPool);
        FaultRules.TaskFailure failure = faults.takeTaskFailure().map(f -> f.filtered() ? f
                : new FaultRules.TaskFailure(f.message() == null ? defaultFailure.message() : f.message(),
                        f.code() == null ? defaultFailure.code() : f.code())).orElse(null);
        return new SimTask(id, credentialId, settings.clock(), settings.queueTime(), processingTime(), failure,
                render, hold);
    }

    /**
     * A task that was accepted but will fail with {@code failure} whatever the faults say (fal reports an invalid
     * input only when the request completes): it queues and runs like any other, and renders nothing.
     */
    protected SimTask newFailingTask(String id, String credentialId, FaultRules.TaskFailure failure,
                                     SimTask.Hold hold) {
        return new SimTask(id, credentialId, settings.clock(), settings.queueTime(), processingTime(), failure,
                CompletableFuture.completedFuture(null), hold);
    }

    /** How long a task created now will run: the armed {@link FaultRules#taskDuration}, or the settings'. */
    protected Duration processingTime() {
        return faults.processingOverride().orElse(settings.processingTime());
    }

    /** A {@code Retry-After} header value: whole seconds, rounded up, at least 1. */
    protected static String retryAfterSeconds(Duration wait) {
        return Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000));
    }

    /** Journals a result download (no credential, never billable). */
    protected void recordDownload(SimExchange ex, Instant at, String taskId) {
        journal.record(new CallJournal.Call(at, ex.method(), ex.path(), null, null, taskId,
                ex.responded() ? ex.status() : -1, 0, false));
    }
}
