package io.storyreel.app;

import io.storyreel.core.config.ConfigException;
import io.storyreel.core.storage.DatabaseUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code storyreel} command. */
@Command(name = "storyreel", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Turns 1 to 6 captioned photos into one short AI film, in Telegram and Discord.",
        subcommands = {DemoCommand.class, RunCommand.class, SimulateCommand.class, MergeCommand.class,
                BenchCommand.class, KeysCommand.class, BackupCommand.class, RestoreCommand.class, StatusCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for bad input or settings: one clear line, no stack trace. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(Main::exitCodeFor);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable t = ex;
            if (t instanceof ConfigException || t instanceof UserInputException || t instanceof DatabaseUnavailableException) {
                cmd.getErr().println("storyreel: " + t.getMessage());
                return EXIT_USAGE;
            }
            throw ex;
        });
        cl.setParameterExceptionHandler((ex, argv) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("storyreel: " + ex.getMessage());
            c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return EXIT_USAGE;
        });
        return cl;
    }

    private static int exitCodeFor(Throwable t) {
        return t instanceof ConfigException || t instanceof UserInputException || t instanceof DatabaseUnavailableException
                ? EXIT_USAGE : 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"storyreel " + (v == null ? "dev" : v)};
        }
    }
}
