package io.storyreel.app;

import picocli.CommandLine.Command;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "Key vault tools (rotate the master key).")
final class KeysCommand extends NotLandedYet {
    KeysCommand() {
        super("'storyreel keys'");
    }
}
