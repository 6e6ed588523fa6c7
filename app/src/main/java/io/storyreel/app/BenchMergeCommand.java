package io.storyreel.app;

import io.storyreel.app.bench.merge.MergeBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Copy and normalise paths vs the bundled ffmpeg CLI; fit-to-limit accuracy; peak RSS; mixed clips"
                + " normalised as they land (last clip + copy merge) vs all at the end.")
final class BenchMergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--clips", defaultValue = "6", description = "Clips in the uniform and the pipelined set (default ${DEFAULT-VALUE}).")
    int clips;

    @Option(names = "--seconds", defaultValue = "5", description = "Length of each clip (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--keep", description = "Keep the generated clips and films (their folder is printed).")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        if (clips < 2 || seconds <= 0) {
            throw new UserInputException("--clips must be at least 2 and --seconds more than 0.");
        }
        Path work = Files.createTempDirectory("storyreel-bench-merge");
        try {
            new MergeBench(work, clips, seconds, spec.commandLine().getOut()).run();
            return 0;
        } finally {
            if (keep) {
                spec.commandLine().getOut().println("Files kept in " + work);
            } else {
                deleteTree(work);
            }
            spec.commandLine().getOut().flush();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
