package io.storyreel.app;

import io.storyreel.app.bench.generation.GenerationBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "generation", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Parallel generation of a 6-clip storybook vs a sequential baseline; 100 concurrent storybooks.",
                "Runs the Kling simulator in a child process and Storyreel's engine in this one (real client over "
                        + "HTTP on 127.0.0.1). Prints a table, then one JSON line."})
final class BenchGenerationCommand implements Callable<Integer> {
    @Option(names = "--latency-s", description = "Simulated time from create to finished clip (default: ${DEFAULT-VALUE}).")
    double latencyS = 5;

    @Option(names = "--clips", description = "Clips per storybook, 1 to 6 (default: ${DEFAULT-VALUE}).")
    int clips = 6;

    @Option(names = "--films", description = "Storybooks started at once in the concurrency run (default: ${DEFAULT-VALUE}).")
    int films = 100;

    @Option(names = "--account-slots", description = "Tasks in flight per Kling account, as kling.max-concurrent-tasks "
            + "(default: ${DEFAULT-VALUE}; trial packs allow 5, standard packs 20).")
    int accountSlots = 20;

    @Option(names = "--poll-ms", description = "Poll cadence for both the engine and the baseline (default: ${DEFAULT-VALUE}).")
    long pollMs = 1000;

    @Option(names = "--worker-threads", description = "Engine worker threads (default: ${DEFAULT-VALUE}).")
    int workerThreads = 8;

    @Option(names = "--timeout-s", description = "Give up after this long per run (default: ${DEFAULT-VALUE}).")
    long timeoutS = 600;

    @Override
    public Integer call() throws Exception {
        if (latencyS < 0.2 || clips < 1 || clips > 6 || films < 1 || accountSlots < 1 || pollMs < 10 || workerThreads < 1) {
            throw new UserInputException("--latency-s must be at least 0.2, --clips 1 to 6, and --films, --account-slots, "
                    + "--worker-threads at least 1, --poll-ms at least 10");
        }
        // the engine logs every clip step at INFO; the bench's own table is the output
        var engineLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.storyreel");
        var level = engineLog.getLevel();
        engineLog.setLevel(ch.qos.logback.classic.Level.WARN);
        try {
            new GenerationBench(new GenerationBench.Options(Duration.ofMillis(Math.round(latencyS * 1000)), clips, films,
                    accountSlots, Duration.ofMillis(pollMs), workerThreads, Duration.ofSeconds(timeoutS)), System.out).run();
        } finally {
            engineLog.setLevel(level);
        }
        return 0;
    }
}
