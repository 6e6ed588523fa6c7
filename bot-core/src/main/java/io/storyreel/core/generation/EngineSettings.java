package io.storyreel.core.generation;

import io.storyreel.core.config.StoryreelConfig;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The engine's knobs. Timings: {@code schedulerPolling} is how often a worker looks for due tasks;
 * {@code heartbeat} × {@code missedHeartbeats} is how long a dead worker's tasks wait before another worker takes
 * them; clips are polled on {@link #pollSchedule()}: {@code pollMode} FIXED starts {@code firstPoll} after the submit and
 * backs off by {@code pollBackoff} per poll up to {@code maxPollInterval} (the provider's cadence: Kling 5–10 s,
 * MiniMax ~10 s); ADAPTIVE follows the model's learned clip times, never polling one clip more often than
 * {@code minPollInterval}, nor a provider's task more often than its {@code providerMinPoll}. {@code accountConcurrency} bounds
 * in-flight provider tasks per provider account (the fingerprint of the payer's keys). {@code payerLimits} bound
 * what one member may spend. A failed step is retried after {@link #retryDelay}. A film
 * handed to a live process's chat with no answer within {@code deliveryAckTimeout} is handed over again (one handed
 * to a process whose worker is dead, by {@code heartbeat} × {@code missedHeartbeats}, at once: {@link WorkerPresence});
 * a film whose upload began and got no answer within it is not sent again but offered; it must outlast the slowest
 * upload the chat allows. On {@link GenerationEngine#stop()} a worker takes no new
 * step and waits up to {@code shutdownGrace} for the running ones to end (each ends at a durable point).
 */
public record EngineSettings(String workerName, int workerThreads, Duration schedulerPolling, Duration heartbeat,
                             int missedHeartbeats, Duration firstPoll, Duration maxPollInterval, double pollBackoff,
                             Duration slotWait, Duration retryBase, int maxStepFailures, Duration clipTimeout,
                             Duration reconcileInterval, Map<String, Integer> accountConcurrency,
                             PayerLimits payerLimits, Duration mergeEstimate, Duration deliveryAckTimeout,
                             Duration shutdownGrace, PollSchedule.Mode pollMode, Duration minPollInterval,
                             Map<String, Duration> providerMinPoll) {

    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(5);

    public EngineSettings {
        accountConcurrency = Map.copyOf(accountConcurrency);
        providerMinPoll = Map.copyOf(providerMinPoll);
    }

    public static EngineSettings defaults() {
        return new EngineSettings(defaultWorkerName(), 8, Duration.ofSeconds(1), Duration.ofSeconds(10), 6,
                Duration.ofSeconds(5), Duration.ofSeconds(15), 1.25, Duration.ofSeconds(3), Duration.ofSeconds(2), 8,
                Duration.ofMinutes(30), Duration.ofSeconds(30), Map.of(), PayerLimits.defaults(),
                Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(30), PollSchedule.Mode.ADAPTIVE,
                Duration.ofSeconds(3), Map.of());
    }

    public static EngineSettings from(StoryreelConfig config) {
        EngineSettings d = defaults();
        return d.withPayerLimits(PayerLimits.from(config.limits()))
                .withAccountConcurrency(config.providers().byId().entrySet().stream().collect(Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue().maxConcurrentTasks())))
                .withTimings(config.engine().schedulerPolling(), config.engine().heartbeat(),
                        config.engine().missedHeartbeats(), config.engine().firstPoll(),
                        config.engine().maxPollInterval(), d.slotWait(), d.retryBase(), d.reconcileInterval())
                .withShutdownGrace(config.shutdown().grace())
                .withPolling(config.engine().adaptivePolling() ? PollSchedule.Mode.ADAPTIVE : PollSchedule.Mode.FIXED,
                        config.engine().minPollInterval())
                .withDeliveryAckTimeout(config.engine().deliveryAckTimeout())
                .withProviderMinPoll(config.providers().byId().entrySet().stream().collect(Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue().minPollInterval())));
    }

    /**
     * How long a step waits after its {@code failures}-th failure in a row: {@code retryBase} doubled per failure, at
     * most five minutes. The one backoff of the engine's steps (db-scheduler's failure handler uses it too).
     */
    public Duration retryDelay(int failures) {
        long ms = retryBase.toMillis() * (1L << Math.min(Math.max(failures, 1) - 1, 8));
        return Duration.ofMillis(Math.min(ms, MAX_RETRY_DELAY.toMillis()));
    }

    public EngineSettings withDeliveryAckTimeout(Duration timeout) {
        return new EngineSettings(workerName, workerThreads, schedulerPolling, heartbeat, missedHeartbeats, firstPoll,
                maxPollInterval, pollBackoff, slotWait, retryBase, maxStepFailures, clipTimeout, reconcileInterval,
                accountConcurrency, payerLimits, mergeEstimate, timeout, shutdownGrace, pollMode, minPollInterval, providerMinPoll);
    }

    /** What the time left counts for the merge once the clips are in. */
    public EngineSettings withMergeEstimate(Duration merge) {
        return new EngineSettings(workerName, workerThreads, schedulerPolling, heartbeat, missedHeartbeats, firstPoll,
                maxPollInterval, pollBackoff, slotWait, retryBase, maxStepFailures, clipTimeout, reconcileInterval,
                accountConcurrency, payerLimits, merge, deliveryAckTimeout, shutdownGrace, pollMode, minPollInterval, providerMinPoll);
    }

    /** How clips are polled: the schedule's mode and the shortest wait between two polls of one clip. */
    public EngineSettings withPolling(PollSchedule.Mode mode, Duration minPoll) {
        return new EngineSettings(workerName, workerThreads, schedulerPolling, heartbeat, missedHeartbeats, firstPoll,
                maxPollInterval, pollBackoff, slotWait, retryBase, maxStepFailures, clipTimeout, reconcileInterval,
                accountConcurrency, payerLimits, mergeEstimate, deliveryAckTimeout, shutdownGrace, mode, minPoll, providerMinPoll);
    }

    /** The schedule every clip is polled on (see {@link PollSchedule}). */
    public PollSchedule pollSchedule() {
        return new PollSchedule(pollMode, firstPoll, pollBackoff, minPollInterval, maxPollInterval);
    }

    /**
     * The schedule a clip of {@code provider} is polled on: {@link #pollSchedule()}, never polling one task sooner than
     * the provider's own minimum gap ({@code providerMinPoll}; its documented cadence, or the operator's setting).
     */
    public PollSchedule pollSchedule(String provider) {
        Duration gap = providerMinPoll.get(provider);
        return gap == null ? pollSchedule() : pollSchedule().atLeast(gap);
    }

    /** Each provider's shortest gap between two polls of one task, by provider id. */
    public EngineSettings withProviderMinPoll(Map<String, Duration> gaps) {
        return new EngineSettings(workerName, workerThreads, schedulerPolling, heartbeat, missedHeartbeats, firstPoll,
                maxPollInterval, pollBackoff, slotWait, retryBase, maxStepFailures, clipTimeout, reconcileInterval,
                accountConcurrency, payerLimits, mergeEstimate, deliveryAckTimeout, shutdownGrace, pollMode,
                minPollInterval, gaps);
    }

    public EngineSettings withShutdownGrace(Duration grace) {
        return new EngineSettings(workerName, workerThreads, schedulerPolling, heartbeat, missedHeartbeats, firstPoll,
                maxPollInterval, pollBackoff, slotWait, retryBase, maxStepFailures, clipTimeout, reconcileInterval,
                accountConcurrency, payerLimits, mergeEstimate, deliveryAckTimeout, grace, pollMode, minPollInterval, providerMinPoll);
    }

    public int concurrencyFor(String provider) {
        return accountConcurrency.getOrDefault(provider, 5);
    }

    public EngineSettings withPayerLimits(PayerLimits limits) {
        return new EngineSettings(workerName, workerThreads, schedulerPolling, heartbeat, missedHeartbeats, firstPoll,
                maxPollInterval, pollBackoff, slotWait, retryBase, maxStepFailures, clipTimeout, reconcileInterval,
                accountConcurrency, limits, mergeEstimate, deliveryAckTimeout, shutdownGrace, pollMode, minPollInterval, providerMinPoll);
    }

    /** The running-films and films-per-day limits; the other payer limits stay. */
    public EngineSettings withLimits(int running, int daily) {
        return new EngineSettings(workerName, workerThreads, schedulerPolling, heartbeat, missedHeartbeats, firstPoll,
                maxPollInterval, pollBackoff, slotWait, retryBase, maxStepFailures, clipTimeout, reconcileInterval,
                accountConcurrency, payerLimits.withRunningAndFilms(running, daily), mergeEstimate, deliveryAckTimeout, shutdownGrace, pollMode, minPollInterval, providerMinPoll);
    }

    public EngineSettings withAccountConcurrency(Map<String, Integer> perProvider) {
        return new EngineSettings(workerName, workerThreads, schedulerPolling, heartbeat, missedHeartbeats, firstPoll,
                maxPollInterval, pollBackoff, slotWait, retryBase, maxStepFailures, clipTimeout, reconcileInterval,
                perProvider, payerLimits, mergeEstimate, deliveryAckTimeout, shutdownGrace, pollMode, minPollInterval, providerMinPoll);
    }

    public EngineSettings withWorker(String name, int threads) {
        return new EngineSettings(name, threads, schedulerPolling, heartbeat, missedHeartbeats, firstPoll,
                maxPollInterval, pollBackoff, slotWait, retryBase, maxStepFailures, clipTimeout, reconcileInterval,
                accountConcurrency, payerLimits, mergeEstimate, deliveryAckTimeout, shutdownGrace, pollMode, minPollInterval, providerMinPoll);
    }

    /** Short timings for tests and benches: tasks picked within {@code polling}, dead workers detected fast. */
    public EngineSettings withTimings(Duration polling, Duration heartbeat, int missed, Duration firstPoll,
                                      Duration maxPoll, Duration slotWait, Duration retryBase, Duration reconcile) {
        return new EngineSettings(workerName, workerThreads, polling, heartbeat, missed, firstPoll, maxPoll, pollBackoff,
                slotWait, retryBase, maxStepFailures, clipTimeout, reconcile, accountConcurrency, payerLimits,
                mergeEstimate, deliveryAckTimeout, shutdownGrace, pollMode, minPollInterval, providerMinPoll);
    }

    public EngineSettings withMaxStepFailures(int n) {
        return new EngineSettings(workerName, workerThreads, schedulerPolling, heartbeat, missedHeartbeats, firstPoll,
                maxPollInterval, pollBackoff, slotWait, retryBase, n, clipTimeout, reconcileInterval,
                accountConcurrency, payerLimits, mergeEstimate, deliveryAckTimeout, shutdownGrace, pollMode, minPollInterval, providerMinPoll);
    }

    private static String defaultWorkerName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "worker";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
