package io.storyreel.app;

import picocli.CommandLine.Command;

@Command(name = "generation", mixinStandardHelpOptions = true,
        description = "Parallel generation of a 6-clip storybook vs a sequential baseline; 100 concurrent storybooks.")
final class BenchGenerationCommand extends NotLandedYet {
    BenchGenerationCommand() {
        super("'storyreel bench generation'");
    }
}
