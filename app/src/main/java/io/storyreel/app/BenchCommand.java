package io.storyreel.app;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure speed and memory (generation, merge).")
final class BenchCommand extends NotLandedYet {
    BenchCommand() {
        super("'storyreel bench'");
    }
}
