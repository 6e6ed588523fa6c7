package io.storyreel.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEverySubcommand() {
        Result r = run("--help");
        assertThat(r.code()).isZero();
        for (String sub : List.of("demo", "run", "simulate", "merge", "bench", "keys", "backup", "restore")) {
            assertThat(r.out()).containsPattern("(?m)^\\s+" + sub + "\\s");
        }
        assertThat(run("bench", "--help").out()).contains("generation").contains("merge");
    }

    @Test
    void everySubcommandHasItsOwnHelp() {
        for (String sub : List.of("demo", "run", "simulate", "merge", "bench", "keys", "backup", "restore")) {
            Result r = run(sub, "--help");
            assertThat(r.code()).as(sub).isZero();
            assertThat(r.out()).as(sub).contains("Usage: storyreel " + sub);
        }
    }

    @Test
    void runWithoutAnyTokenSaysWhatToSetInOneLine() {
        Result r = run("run", "--data-dir", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("STORYREEL_TELEGRAM_TOKEN");
    }

    @Test
    void aBadSettingIsOneLineAndExitCodeTwo() throws Exception {
        Path cfg = dir.resolve("c.yml");
        Files.writeString(cfg, "limits:\n  max-scenes: 9\n");
        Result r = run("run", "--config", cfg.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("storyreel: limits.max-scenes: must be between 1 and 6, not 9");

        r = run("run", "--kling-base-url", "ftp://nope");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("kling.base-url").doesNotContain("Exception");
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        Result r = run("demo", "--frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option").contains("storyreel demo --help");
    }
}
