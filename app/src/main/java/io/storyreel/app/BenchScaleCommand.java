package io.storyreel.app;

import io.storyreel.app.bench.scale.ScaleBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "scale", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The scale-out deployment under load: one chat process and worker processes (each its own JVM) "
                + "on an embedded PostgreSQL, against the Kling simulator and the fake Telegram in this JVM, where "
                + "users order films at once.",
                "Prints films per minute, the overhead from Confirm to the film minus the simulated clip time (p50, p95), "
                        + "peak heap and threads per process and PostgreSQL connections, then one JSON line."})
final class BenchScaleCommand implements Callable<Integer> {
    @Option(names = "--films", description = "Films ordered at once, one user each (default: ${DEFAULT-VALUE}).")
    int films = 1000;

    @Option(names = "--clips", description = "Clips per film, 1 to 6 (default: ${DEFAULT-VALUE}).")
    int clips = 3;

    @Option(names = "--latency-s", description = "Simulated generation time of one clip (default: ${DEFAULT-VALUE}).")
    double latencyS = 5;

    @Option(names = "--workers", description = "Worker processes, 1 to 8 (default: ${DEFAULT-VALUE}).")
    int workers = 2;

    @Option(names = "--heap-mb", description = "Each bot process's -Xmx; the aim is to use under 512 (default: ${DEFAULT-VALUE}).")
    int heapMb = 768;

    @Option(names = "--shared-keys", description = "Every user types the same Kling keys: one provider account, whose "
            + "max-concurrent-tasks (5) then bounds how many clips run at once (default: each user's own keys).")
    boolean sharedKeys;

    @Option(names = "--timeout-s", description = "Give up waiting for the films after this long (default: ${DEFAULT-VALUE}).")
    long timeoutS = 3600;

    @Option(names = "--logs", paramLabel = "DIR", description = "Where the bot processes' logs go (default: ${DEFAULT-VALUE}).")
    Path logs = Path.of("bench-scale-logs");

    @Override
    public Integer call() throws Exception {
        if (films < 1 || clips < 1 || clips > 6 || latencyS < 0.5 || workers < 1 || workers > 8 || heapMb < 128
                || timeoutS < 10) {
            throw new UserInputException("--films must be at least 1, --clips 1 to 6, --latency-s at least 0.5, "
                    + "--workers 1 to 8, --heap-mb at least 128 and --timeout-s at least 10");
        }
        ScaleBench.Result r = new ScaleBench(new ScaleBench.Options(films, clips,
                Duration.ofMillis(Math.round(latencyS * 1000)), workers, heapMb, Duration.ofSeconds(timeoutS), logs, sharedKeys),
                System.out).run();
        return r.delivered() == r.films() ? 0 : 1;
    }
}
