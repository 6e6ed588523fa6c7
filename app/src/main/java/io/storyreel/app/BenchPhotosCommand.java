package io.storyreel.app;

import io.storyreel.app.bench.photos.PhotoBench;
import io.storyreel.app.demo.DemoRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "photos", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Peak heap of one film of six 49 MP PNGs against one of six 1 MP JPEGs, in the same run.",
                "Each film goes through the demo's machinery (Kling simulator, fake Telegram, the real bot, engine and "
                        + "merge, in this process), the photos sent as files. Prints a table, then one JSON line with "
                        + "large_peak_heap_mb and small_peak_heap_mb."})
final class BenchPhotosCommand implements Callable<Integer> {
    @Option(names = "--photos", description = "Photos in each film, 1 to 6 (default: ${DEFAULT-VALUE}).")
    int photos = 6;

    @Option(names = "--megapixels", description = "Size of each large (square) photo (default: ${DEFAULT-VALUE}).")
    double megapixels = 49;

    @Option(names = "--size", paramLabel = "PX", description = "Side of each large photo in pixels, instead of --megapixels.")
    Integer size;

    @Option(names = "--small-size", paramLabel = "PX", description = "Side of each small photo (default: ${DEFAULT-VALUE}, 1 MP).")
    int smallSize = 1000;

    @Option(names = "--clip-seconds", description = "Length of each simulated clip (default: ${DEFAULT-VALUE}).")
    double clipSeconds = 1;

    @Override
    public Integer call() throws Exception {
        int large = size != null ? size : (int) Math.round(Math.sqrt(megapixels * 1e6));
        if (photos < 1 || photos > 6 || smallSize < 300 || large < 300 || (long) large * large > 50_000_000L
                || clipSeconds < 0.5 || clipSeconds > 10) {
            throw new UserInputException("--photos must be 1 to 6, --small-size and the large side at least 300 px, "
                    + "the large photos at most 50 megapixels (what the bot accepts), --clip-seconds 0.5 to 10");
        }
        var log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.storyreel");
        var level = log.getLevel();
        log.setLevel(ch.qos.logback.classic.Level.WARN);
        Path work = Files.createTempDirectory("storyreel-bench-photos");
        try {
            new PhotoBench(new PhotoBench.Options(photos, large, smallSize, clipSeconds), work, System.out).run();
            return 0;
        } catch (DemoRun.Refused | DemoRun.GaveUp e) {
            System.err.println("storyreel: the bench film failed: " + e.getMessage());
            return 1;
        } finally {
            log.setLevel(level);
            deleteTree(work);
            System.out.flush();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
