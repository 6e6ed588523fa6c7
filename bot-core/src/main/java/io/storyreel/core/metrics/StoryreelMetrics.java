package io.storyreel.core.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.storage.Database;

import java.time.Duration;
import java.util.Locale;

/**
 * The bot's own series, in Prometheus names ({@code storyreel_…}); every method is a one-line call for the code that
 * knows the fact, cheap, and never throws. Series that describe the shared database (films and clips by state, the
 * scheduler's queue) are gauges every process reports alike; counters and histograms count what this process did,
 * so a dashboard sums them over processes.
 *
 * <p>{@link #none()} records nothing (tests, commands without an endpoint).
 */
public final class StoryreelMetrics {
    /** Clip and merge times: from seconds to an hour, which is how long providers take. */
    private static final Duration MAX_EXPECTED = Duration.ofHours(1);

    private final MeterRegistry registry;

    public StoryreelMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records nothing: a composite registry with no registry behind it. */
    public static StoryreelMetrics none() {
        return new StoryreelMetrics(new CompositeMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    // ---------------------------------------------------------------- generation

    /**
     * A clip reached a final state. {@code queued}: from its creation to the provider's accepting it (waiting for a
     * slot of the payer's account); {@code latency}: from there to its end (the provider's work and our download).
     * Either may be null when the clip never got that far.
     */
    public void clipFinished(String provider, String model, String outcome, Duration queued, Duration latency) {
        if (queued != null) {
            Timer.builder("storyreel.clip.queue").description("Time a clip waited before its provider accepted it")
                    .tags("provider", tag(provider), "model", tag(model))
                    .publishPercentileHistogram().maximumExpectedValue(MAX_EXPECTED)
                    .register(registry).record(positive(queued));
        }
        if (latency != null) {
            Timer.builder("storyreel.clip.latency").description("Time from a clip's submit to its end")
                    .tags("provider", tag(provider), "model", tag(model), "outcome", tag(outcome))
                    .publishPercentileHistogram().maximumExpectedValue(MAX_EXPECTED)
                    .register(registry).record(positive(latency));
        }
        Counter.builder("storyreel.clips.finished").description("Clips that reached a final state")
                .tags("provider", tag(provider), "outcome", tag(outcome)).register(registry).increment();
    }

    /** A provider call failed, by the provider taxonomy's kind (AUTH, RATE_LIMITED, TRANSIENT …). */
    public void providerError(String provider, String kind) {
        Counter.builder("storyreel.provider.errors").description("Provider calls that failed, by kind")
                .tags("provider", tag(provider), "kind", tag(kind)).register(registry).increment();
    }

    /** A paid create was accepted by the provider, at this estimated price. */
    public void paidCreate(String provider, double estimatedUsd) {
        Counter.builder("storyreel.provider.paid.creates").description("Paid tasks created at a provider")
                .tags("provider", tag(provider)).register(registry).increment();
        Counter.builder("storyreel.spend.estimated.usd").description("Estimated spend of the paid creates")
                .baseUnit("usd").tags("provider", tag(provider)).register(registry)
                .increment(Math.max(0, estimatedUsd));
    }

    /** A film was merged along {@code path} (copy, normalise, fit) in {@code took}. */
    public void merged(String path, Duration took) {
        Timer.builder("storyreel.merge").description("Time to merge a film's clips, by merge path")
                .tags("path", tag(path)).publishPercentileHistogram().maximumExpectedValue(MAX_EXPECTED)
                .register(registry).record(positive(took));
    }

    /** A film of {@code bytes} reached a chat. */
    public void delivered(Platform platform, long bytes) {
        DistributionSummary.builder("storyreel.delivery.size").description("Size of the films delivered")
                .baseUnit("bytes").tags("platform", tag(platform))
                .publishPercentileHistogram().minimumExpectedValue(64.0 * 1024).maximumExpectedValue(2e9)
                .register(registry).record(bytes);
    }

    // ---------------------------------------------------------------- chat platforms

    /** One call to a chat platform's API answered with HTTP {@code status}; a 429 also counts as rate-limited. */
    public void chatCall(Platform platform, int status) {
        String outcome = status == 429 ? "rate_limited" : status >= 200 && status < 300 ? "ok"
                : status >= 500 ? "server_error" : status > 0 ? "refused" : "no_answer";
        Counter.builder("storyreel.chat.api.calls").description("Calls to the chat platforms' APIs")
                .tags("platform", tag(platform), "outcome", outcome).register(registry).increment();
        if (status == 429) {
            Counter.builder("storyreel.chat.rate.limited").description("Chat API calls answered 429")
                    .tags("platform", tag(platform)).register(registry).increment();
        }
    }

    // ---------------------------------------------------------------- the process and its database

    /** JVM memory, GC, threads, class loading, CPU, uptime and file descriptors. */
    public StoryreelMetrics bindJvm() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        return this;
    }

    /**
     * HikariCP's own pool metrics ({@code hikaricp_connections_…}) and the gauges read from the database: films and
     * clips by state and the scheduler's queue, read at most once per {@code refresh} whatever the scrape rate.
     */
    public StoryreelMetrics watch(Database database, Duration refresh) {
        if (database.dataSource() instanceof HikariDataSource h && h.getMetricsTrackerFactory() == null) {
            h.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        new DatabaseGauges(database.dataSource(), refresh).bindTo(registry);
        return this;
    }

    private static String tag(Object v) {
        return v == null ? "unknown" : v.toString().toLowerCase(Locale.ROOT);
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
