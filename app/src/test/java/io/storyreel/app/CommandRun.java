package io.storyreel.app;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** One {@code storyreel …} command line run in this JVM, with what it printed to its output and error streams. */
public record CommandRun(int code, String out, String err) {
    public static CommandRun run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    /** Refused as bad input: exit 2 with exactly one line, starting as given, and no stack trace. */
    public void refused(String start) {
        assertThat(code).as(err).isEqualTo(2);
        assertThat(err.strip().lines()).as(err).hasSize(1);
        assertThat(err.strip()).startsWith(start).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** A usage error: exit 2, the problem on the first line and where to read the usage on the second. */
    public void usage(String first) {
        assertThat(code).as(err).isEqualTo(2);
        assertThat(err.strip().lines()).as(err).hasSize(2).first().isEqualTo(first);
    }
}
