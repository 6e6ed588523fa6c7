package io.storyreel.app;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure speed and memory; figures are ratios against a baseline run in the same process.",
        subcommands = {BenchGenerationCommand.class, BenchMergeCommand.class, BenchPhotosCommand.class,
                BenchScaleCommand.class, BenchPollingCommand.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
