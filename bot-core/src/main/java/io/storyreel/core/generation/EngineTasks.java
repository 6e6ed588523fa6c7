package io.storyreel.core.generation;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storybook.StorybookState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The engine's durable tasks on db-scheduler: one per clip, one merge per storybook, one delivery per film, and a
 * recurring reconciler, all rows of {@code scheduled_tasks}, so any worker on the same database runs them and a
 * dead worker's tasks are revived once its heartbeat is stale. A step returns when its task runs next (null: the
 * task is done); a step that throws is retried after {@link EngineSettings#retryDelay}.
 */
final class EngineTasks {
    private static final Logger LOG = LoggerFactory.getLogger(EngineTasks.class);
    static final String CLIP_TASK = "storyreel-clip";
    static final String MERGE_TASK = "storyreel-merge";
    static final String DELIVERY_TASK = "storyreel-delivery";
    static final String RECONCILE_TASK = "storyreel-reconcile";
    /** A task asked to run now while it is running is asked again this much later, a few times. */
    private static final long AGAIN_MS = 250;

    /** What each task does; each returns when to run again, or null when its work is done. */
    interface Steps {
        Duration clip(String clipId);

        /** {@code attempt}: 1 for the first run, counting runs that threw. */
        Duration merge(String storybookId, int attempt);

        Duration deliver(String filmId);
    }

    private final Database database;
    private final GenerationStore store;
    private final EngineSettings settings;
    private final CustomTask<Void> clipTask;
    private final CustomTask<Void> mergeTask;
    private final CustomTask<Void> deliveryTask;
    private final RecurringTask<Void> reconcileTask;
    private final SchedulerClient client;
    private final WorkerPresence presence;
    private volatile Scheduler scheduler;

    EngineTasks(Database database, GenerationStore store, EngineSettings settings, Steps steps) {
        this.database = database;
        this.store = store;
        this.settings = settings;
        this.presence = new WorkerPresence(store.sql, settings);
        FailureHandler<Void> backoff = (complete, ops) -> ops.reschedule(complete, complete.getTimeDone()
                .plus(settings.retryDelay(complete.getExecution().consecutiveFailures + 1)));
        this.clipTask = Tasks.custom(CLIP_TASK, Void.class).onFailure(backoff).onDeadExecutionRevive()
                .execute((inst, ctx) -> next(steps.clip(inst.getId())));
        this.mergeTask = Tasks.custom(MERGE_TASK, Void.class).onFailure(backoff).onDeadExecutionRevive()
                .execute((inst, ctx) -> next(steps.merge(inst.getId(), ctx.getExecution().consecutiveFailures + 1)));
        this.deliveryTask = Tasks.custom(DELIVERY_TASK, Void.class).onFailure(backoff).onDeadExecutionRevive()
                .execute((inst, ctx) -> next(steps.deliver(inst.getId())));
        this.reconcileTask = Tasks.recurring(RECONCILE_TASK, FixedDelay.of(settings.reconcileInterval()))
                .execute((inst, ctx) -> reconcile());
        SchedulerClient.Builder cb = SchedulerClient.Builder.create(database.dataSource(), tasks());
        if (isH2()) {
            // db-scheduler does not detect H2; our H2 table uses TIMESTAMP WITH TIME ZONE, which the default expects
            cb.jdbcCustomization(new DefaultJdbcCustomization(false));
        }
        this.client = cb.build();
    }

    /** Which workers are alive (a film handed to a dead one's chat lane is handed over again at once). */
    WorkerPresence presence() {
        return presence;
    }

    private List<Task<?>> tasks() {
        return List.of(clipTask, mergeTask, deliveryTask, reconcileTask);
    }

    private boolean isH2() {
        return "h2".equals(database.vendor());
    }

    private static CompletionHandler<Void> next(Duration delay) {
        if (delay == null) {
            return new CompletionHandler.OnCompleteRemove<>();
        }
        return (complete, ops) -> ops.reschedule(complete, complete.getTimeDone().plus(delay));
    }

    /** A running worker schedules through its scheduler (which wakes at once); a chat-only process through a client. */
    private SchedulerClient scheduling() {
        Scheduler s = scheduler;
        return s != null ? s : client;
    }

    // ---------------------------------------------------------------- scheduling

    void clip(String clipId) {
        schedule(clipTask, clipId);
    }

    void merge(String storybookId) {
        schedule(mergeTask, storybookId);
    }

    void delivery(String filmId) {
        schedule(deliveryTask, filmId);
    }

    /** Runs now unless it is already scheduled (a task's own schedule is never moved by a duplicate). */
    private void schedule(CustomTask<Void> task, String id) {
        // db-scheduler keeps its own time (Instant.now()), not the engine's clock
        scheduling().scheduleIfNotExists(task.instance(id), Instant.now());
    }

    /**
     * The task of the instance {@code which} names runs its next step now rather than when it was due. If it is
     * running this very moment, it is asked again a moment later (up to {@code tries} times; {@code which} is asked
     * again each time, so work that finished meanwhile is left alone). A task that is gone is not brought back.
     */
    void runNow(String task, int tries, Supplier<Optional<String>> which) {
        try {
            which.get().ifPresent(id -> scheduling().reschedule(new TaskInstance<Void>(task, id), Instant.now()));
        } catch (TaskInstanceCurrentlyExecutingException e) {
            // its step is running: the step sets its next run when it ends, so ask again rather than lose the news
            if (tries > 1) {
                CompletableFuture.delayedExecutor(AGAIN_MS, TimeUnit.MILLISECONDS).execute(() -> runNow(task, tries - 1, which));
            }
        } catch (RuntimeException e) {
            // finished meanwhile, or the database is busy: the task's own schedule stands
            LOG.debug("Could not run {} now: {}", task, e.toString());
        }
    }

    void cancel(String task, String id) {
        try {
            scheduling().cancel(new TaskInstance<Void>(task, id));
        } catch (RuntimeException notScheduledOrRunning) {
            // a running step sees the new state at its next look and ends itself
        }
    }

    /** Re-schedules any work whose task a crash lost (e.g. between a commit and the schedule call). */
    void reconcile() {
        for (Clip k : store.unfinishedClips()) {
            clip(k.id());
        }
        for (String id : store.booksIn(StorybookState.MERGING)) {
            merge(id);
        }
        for (String id : store.undeliveredFilms()) {
            delivery(id);
        }
    }

    // ---------------------------------------------------------------- workers

    synchronized void startWorkers() {
        if (scheduler != null) {
            return;
        }
        presence.start();
        var builder = Scheduler.create(database.dataSource(), List.of(clipTask, mergeTask, deliveryTask));
        if (isH2()) {
            builder.jdbcCustomization(new DefaultJdbcCustomization(false));
        }
        Scheduler s = builder.startTasks(reconcileTask)
                .schedulerName(new SchedulerName.Fixed(settings.workerName()))
                .threads(settings.workerThreads())
                .pollingInterval(settings.schedulerPolling())
                .heartbeatInterval(settings.heartbeat())
                .missedHeartbeatsLimit(settings.missedHeartbeats())
                .enableImmediateExecution()
                .shutdownMaxWait(settings.shutdownGrace())
                .failureLogging(LogLevel.WARN, false)
                .build();
        s.start();
        scheduler = s;
        LOG.info("Generation worker {} started ({} threads)", settings.workerName(), settings.workerThreads());
    }

    /** Takes no new step and waits up to the shutdown grace for the running ones (db-scheduler's own shutdown). */
    synchronized void stop() {
        Scheduler s = scheduler;
        scheduler = null;
        if (s != null) {
            long started = System.nanoTime();
            s.stop();
            presence.stop();
            LOG.info("Generation worker {} stopped after {} ms", settings.workerName(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }
}
