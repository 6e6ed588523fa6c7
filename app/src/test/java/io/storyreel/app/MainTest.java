package io.storyreel.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.storyreel.app.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    @TempDir
    Path dir;

    @Test
    void helpListsEverySubcommand() {
        CommandRun r = run("--help");
        assertThat(r.code()).isZero();
        for (String sub : List.of("demo", "run", "simulate", "merge", "bench", "keys", "backup", "restore")) {
            assertThat(r.out()).containsPattern("(?m)^\\s+" + sub + "\\s");
        }
        assertThat(run("bench", "--help").out()).contains("generation").contains("merge");
    }

    @Test
    void everySubcommandHasItsOwnHelp() {
        for (String sub : List.of("demo", "run", "simulate", "merge", "bench", "keys", "backup", "restore")) {
            CommandRun r = run(sub, "--help");
            assertThat(r.code()).as(sub).isZero();
            assertThat(r.out()).as(sub).contains("Usage: storyreel " + sub);
        }
    }

    @Test
    void runWithoutAnyTokenSaysWhatToSetInOneLine() {
        CommandRun r = run("run", "--data-dir", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("STORYREEL_TELEGRAM_TOKEN");
    }

    @Test
    void aBadSettingIsOneLineAndExitCodeTwo() throws Exception {
        Path cfg = dir.resolve("c.yml");
        Files.writeString(cfg, "limits:\n  max-scenes: 9\n");
        CommandRun r = run("run", "--config", cfg.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("storyreel: limits.max-scenes: must be between 1 and 6, not 9");

        r = run("run", "--kling-base-url", "ftp://nope");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("kling.base-url").doesNotContain("Exception");

        for (String provider : List.of("runway", "google")) {
            r = run("run", "--" + provider + "-base-url", "ftp://nope");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains(provider + ".base-url").doesNotContain("Exception");
        }
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        CommandRun r = run("demo", "--frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option").contains("storyreel demo --help");
    }
}
