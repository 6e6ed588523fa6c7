package io.storyreel.core.generation;

import io.storyreel.core.config.StoryreelConfig;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The engine's knobs. Timings: {@code schedulerPolling} is how often a worker looks for due tasks;
 * {@code heartbeat} × {@code missedHeartbeats} is how long a dead worker's tasks wait before another worker takes
 * them; polls start {@code firstPoll} after the submit and back off by {@code pollBackoff} per unchanged poll up to
 * {@code maxPollInterval} (the provider's cadence: Kling 5–10 s, MiniMax ~10 s). {@code accountConcurrency} bounds
 * in-flight provider tasks per provider account (the fingerprint of the payer's keys). {@code payerLimits} bound
 * what one member may spend. A failed step is retried after {@link #retryDelay}. A film
 * handed to the chat with no answer within {@code deliveryAckTimeout} (the process died mid-send) is handed over
 * again; it must outlast the slowest upload the chat allows.
 */
public record EngineSettings(String workerName, int workerThreads, Duration schedulerPolling, Duration heartbeat,
                             int missedHeartbeats, Duration firstPoll, Duration maxPollInterval, double pollBackoff,
                             Duration slotWait, Duration retryBase, int maxStepFailures, Duration clipTimeout,
                             Duration reconcileInterval, Map<String, Integer> accountConcurrency,
                             PayerLimits payerLimits, Duration mergeEstimate, Duration deliveryAckTimeout) {

    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(5);

    public EngineSettings {
        accountConcurrency = Map.copyOf(accountConcurrency);
    }

    public static EngineSettings defaults() {
        return new EngineSettings(defaultWorkerName(), 8, Duration.ofSeconds(1), Duration.ofSeconds(10), 6,
                Duration.ofSeconds(5), Duration.ofSeconds(15), 1.25, Duration.ofSeconds(3), Duration.ofSeconds(2), 8,
                Duration.ofMinutes(30), Duration.ofSeconds(30), Map.of(), PayerLimits.defaults(),
                Duration.ofSeconds(10), Duration.ofMinutes(10));
    }

    public static EngineSettings from(StoryreelConfig config) {
        EngineSettings d = defaults();
        return d.withPayerLimits(PayerLimits.from(config.limits()))
                .withAccountConcurrency(config.providers().byId().entrySet().stream().collect(Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue().maxConcurrentTasks())))
                .withTimings(config.engine().schedulerPolling(), config.engine().heartbeat(),
                        config.engine().missedHeartbeats(), config.engine().firstPoll(),
                        config.engine().maxPollInterval(), d.slotWait(), d.retryBase(), d.reconcileInterval())
                .withDeliveryAckTimeout(config.engine().deliveryAckTimeout());
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
                accountConcurrency, payerLimits, mergeEstimate, timeout);
    }

    public int concurrencyFor(String provider) {
        return accountConcurrency.getOrDefault(provider, 5);
    }

    public EngineSettings withPayerLimits(PayerLimits limits) {
        return new EngineSettings(workerName, workerThreads, schedulerPolling, heartbeat, missedHeartbeats, firstPoll,
                maxPollInterval, pollBackoff, slotWait, retryBase, maxStepFailures, clipTimeout, reconcileInterval,
                accountConcurrency, limits, mergeEstimate, deliveryAckTimeout);
    }

    /** The running-films and films-per-day limits; the other payer limits stay. */
    public EngineSettings withLimits(int running, int daily) {
        return new EngineSettings(workerName, workerThreads, schedulerPolling, heartbeat, missedHeartbeats, firstPoll,
                maxPollInterval, pollBackoff, slotWait, retryBase, maxStepFailures, clipTimeout, reconcileInterval,
                accountConcurrency, payerLimits.withRunningAndFilms(running, daily), mergeEstimate, deliveryAckTimeout);
    }

    public EngineSettings withAccountConcurrency(Map<String, Integer> perProvider) {
        return new EngineSettings(workerName, workerThreads, schedulerPolling, heartbeat, missedHeartbeats, firstPoll,
                maxPollInterval, pollBackoff, slotWait, retryBase, maxStepFailures, clipTimeout, reconcileInterval,
                perProvider, payerLimits, mergeEstimate, deliveryAckTimeout);
    }

    public EngineSettings withWorker(String name, int threads) {
        return new EngineSettings(name, threads, schedulerPolling, heartbeat, missedHeartbeats, firstPoll,
                maxPollInterval, pollBackoff, slotWait, retryBase, maxStepFailures, clipTimeout, reconcileInterval,
                accountConcurrency, payerLimits, mergeEstimate, deliveryAckTimeout);
    }

    /** Short timings for tests and benches: tasks picked within {@code polling}, dead workers detected fast. */
    public EngineSettings withTimings(Duration polling, Duration heartbeat, int missed, Duration firstPoll,
                                      Duration maxPoll, Duration slotWait, Duration retryBase, Duration reconcile) {
        return new EngineSettings(workerName, workerThreads, polling, heartbeat, missed, firstPoll, maxPoll, pollBackoff,
                slotWait, retryBase, maxStepFailures, clipTimeout, reconcile, accountConcurrency, payerLimits,
                mergeEstimate, deliveryAckTimeout);
    }

    public EngineSettings withMaxStepFailures(int n) {
        return new EngineSettings(workerName, workerThreads, schedulerPolling, heartbeat, missedHeartbeats, firstPoll,
                maxPollInterval, pollBackoff, slotWait, retryBase, n, clipTimeout, reconcileInterval,
                accountConcurrency, payerLimits, mergeEstimate, deliveryAckTimeout);
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
