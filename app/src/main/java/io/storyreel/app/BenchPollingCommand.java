package io.storyreel.app;

import io.storyreel.app.bench.polling.PollingBench;
import io.storyreel.core.generation.EngineSettings;
import io.storyreel.core.generation.PollSchedule;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.kling.KlingProvider;
import io.storyreel.core.provider.minimax.MiniMaxProvider;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "polling", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Delay from a clip's finish to the bot noticing it, and polls per clip, under the fixed and the "
                + "adaptive poll schedule, on a simulated clock through the engine's own schedule.",
                "Replays a Kling-like (60-300 s) and a Hailuo-Fast-like (20-50 s) clip-time distribution; the adaptive "
                        + "schedule starts from the catalogue's typical time and learns from the replayed clips, as the "
                        + "engine learns from its own. Prints a table, then one JSON line with fixed_mean_delay_s, "
                        + "adaptive_mean_delay_s, fixed_p95_delay_s, adaptive_p95_delay_s, fixed_polls_per_clip and "
                        + "adaptive_polls_per_clip (over both distributions)."})
final class BenchPollingCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--clips", description = "Clips replayed per distribution (default: ${DEFAULT-VALUE}).")
    int clips = 2000;

    @Option(names = "--seed", description = "Seed of the replayed clip times (default: ${DEFAULT-VALUE}).")
    long seed = 15;

    @Option(names = "--first-poll-ms", description = "engine.first-poll-ms (default: ${DEFAULT-VALUE}).")
    long firstPollMs = EngineSettings.defaults().firstPoll().toMillis();

    @Option(names = "--max-poll-ms", description = "engine.max-poll-ms (default: ${DEFAULT-VALUE}).")
    long maxPollMs = EngineSettings.defaults().maxPollInterval().toMillis();

    @Option(names = "--min-poll-ms", description = "engine.min-poll-ms (default: ${DEFAULT-VALUE}).")
    long minPollMs = EngineSettings.defaults().minPollInterval().toMillis();

    @Option(names = "--tick-ms", description = "engine.scheduler-polling-ms: a poll runs at the scheduler's next look "
            + "for due tasks; 0 leaves it out (default: ${DEFAULT-VALUE}).")
    long tickMs = EngineSettings.defaults().schedulerPolling().toMillis();

    @Override
    public Integer call() {
        if (clips < 1 || clips > 1_000_000 || firstPollMs < 10 || maxPollMs < 10 || minPollMs < 10 || tickMs < 0
                || firstPollMs > 600_000 || maxPollMs > 600_000 || minPollMs > 600_000 || tickMs > 60_000) {
            throw new UserInputException("--clips must be 1 to 1000000, the poll times 10 to 600000 ms and --tick-ms "
                    + "0 to 60000");
        }
        EngineSettings d = EngineSettings.defaults();
        PollSchedule schedule = new PollSchedule(d.pollMode(), Duration.ofMillis(firstPollMs), d.pollBackoff(),
                Duration.ofMillis(minPollMs), Duration.ofMillis(maxPollMs));
        List<PollingBench.Shape> shapes = List.of(
                new PollingBench.Shape("Kling-like", 60, 150, 300, typical(KlingProvider.ID, null)),
                new PollingBench.Shape("Hailuo-Fast-like", 20, 30, 50, typical(MiniMaxProvider.ID, "MiniMax-Hailuo-2.3-Fast")));
        new PollingBench(schedule, Duration.ofMillis(tickMs), clips, seed).run(shapes, spec.commandLine().getOut());
        return 0;
    }

    /** The catalogue's typical time of a model (the provider's default model when {@code model} is null). */
    private static double typical(String provider, String model) {
        var caps = CapabilitiesLoader.bundled(provider);
        return caps.model(model != null ? model : caps.defaultModel()).map(ModelSpec::typicalSeconds).orElseThrow();
    }
}
