package io.storyreel.core.generation;

import io.storyreel.core.storage.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Which engine workers are alive: each running worker writes its beat in {@code engine_worker} every heartbeat, and
 * removes its row when it stops. A worker is dead once its beat is older than heartbeat × missed heartbeats, the rule
 * db-scheduler uses to revive a dead worker's tasks. db-scheduler's own {@code scheduled_tasks} cannot tell this: it
 * holds a worker's heartbeat only while the worker runs a task, and a live worker may be running none. Beats are wall
 * clock milliseconds, as db-scheduler's are.
 */
final class WorkerPresence {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPresence.class);
    private static final Duration FORGOTTEN_AFTER = Duration.ofDays(1);
    /** How long a stopping worker waits for the database to take its row away. */
    static final Duration REMOVE_WAIT = Duration.ofSeconds(2);

    private final Jdbc sql;
    private final EngineSettings settings;
    private ScheduledExecutorService beating;

    WorkerPresence(Jdbc sql, EngineSettings settings) {
        this.sql = sql;
        this.settings = settings;
    }

    /** How long after its last beat a worker counts as dead. */
    Duration deadAfter() {
        return settings.heartbeat().multipliedBy(settings.missedHeartbeats());
    }

    /** When {@code worker} last beat (wall clock millis); empty when it never did or has stopped. */
    Optional<Long> lastBeat(String worker) {
        return sql.one("SELECT heartbeat_at FROM engine_worker WHERE name = ?", rs -> rs.getLong(1), worker);
    }

    /** Whether {@code worker} beat within {@link #deadAfter()}. */
    boolean alive(String worker) {
        return lastBeat(worker).filter(t -> System.currentTimeMillis() - t < deadAfter().toMillis()).isPresent();
    }

    /** Beats now (so the worker is alive before it takes its first task), then every heartbeat until {@link #stop}. */
    synchronized void start() {
        if (beating != null) {
            return;
        }
        beat();
        // killed workers (each process has a name of its own) leave their last beat behind: a row a day stale is
        // removed, which reads the same (no beat: dead)
        sql.update("DELETE FROM engine_worker WHERE heartbeat_at < ?",
                System.currentTimeMillis() - FORGOTTEN_AFTER.toMillis());
        beating = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storyreel-worker-beat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, settings.heartbeat().toMillis());
        beating.scheduleAtFixedRate(this::beatQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Stops beating and removes the worker's row: what it was handed may be handed over again at once. */
    synchronized void stop() {
        if (beating == null) {
            return;
        }
        beating.shutdownNow();
        beating = null;
        // with the database unreachable the pool would hold this delete for its whole connection timeout (30 s),
        // and the stop with it: it gets a moment, and a row left behind reads the same once its beat is stale
        java.util.concurrent.CompletableFuture<Void> removed = new java.util.concurrent.CompletableFuture<>();
        Thread remover = new Thread(() -> {
            try {
                sql.update("DELETE FROM engine_worker WHERE name = ?", settings.workerName());
                removed.complete(null);
            } catch (RuntimeException e) {
                removed.completeExceptionally(e);
            }
        }, "storyreel-worker-leave");
        remover.setDaemon(true);
        remover.start();
        try {
            removed.get(REMOVE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.info("Worker {}: the database did not answer within {} s; its row goes stale in {} s instead",
                    settings.workerName(), REMOVE_WAIT.toSeconds(), deadAfter().toSeconds());
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.debug("Could not remove worker {}: {}", settings.workerName(), e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void beat() {
        long now = System.currentTimeMillis();
        if (sql.update("UPDATE engine_worker SET heartbeat_at = ? WHERE name = ?", now, settings.workerName()) == 0) {
            try {
                sql.update("INSERT INTO engine_worker (name, heartbeat_at) VALUES (?, ?)", settings.workerName(), now);
            } catch (RuntimeException raced) {
                // another start of the same name inserted it meanwhile: its beat stands
                sql.update("UPDATE engine_worker SET heartbeat_at = ? WHERE name = ?", now, settings.workerName());
            }
        }
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            // the database is busy: the next beat tries again (a worker that misses them all counts as dead)
            LOG.warn("Worker {}: heartbeat not written: {}", settings.workerName(), e.toString());
        }
    }
}
