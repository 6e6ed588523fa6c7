package io.storyreel.app;

import picocli.CommandLine.Command;

@Command(name = "merge", mixinStandardHelpOptions = true, description = "Merge MP4 clips into one film.")
final class MergeCommand extends NotLandedYet {
    MergeCommand() {
        super("'storyreel merge'");
    }
}
