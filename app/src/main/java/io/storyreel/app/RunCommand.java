package io.storyreel.app;

import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the bot against Telegram and/or Discord.")
final class RunCommand extends NotLandedYet {
    RunCommand() {
        super("'storyreel run'");
    }
}
