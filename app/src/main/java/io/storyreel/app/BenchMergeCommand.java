package io.storyreel.app;

import picocli.CommandLine.Command;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Copy and normalise paths vs the bundled ffmpeg CLI; fit-to-limit accuracy; peak RSS.")
final class BenchMergeCommand extends NotLandedYet {
    BenchMergeCommand() {
        super("'storyreel bench merge'");
    }
}
