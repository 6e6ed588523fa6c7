package io.storyreel.app;

import picocli.CommandLine.Command;

@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Run the Kling, MiniMax, Telegram and Discord simulators until stopped.")
final class SimulateCommand extends NotLandedYet {
    SimulateCommand() {
        super("'storyreel simulate'");
    }
}
