package io.storyreel.app;

import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Play a whole private chat offline (simulated Kling and Telegram) and write the film.")
final class DemoCommand extends NotLandedYet {
    DemoCommand() {
        super("the demo");
    }
}
