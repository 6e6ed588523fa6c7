package io.storyreel.app.merge;

import io.storyreel.app.Main;
import io.storyreel.core.video.SyntheticClip;
import io.storyreel.core.video.testing.Mp4Checks;
import io.storyreel.core.video.testing.TestClips;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MergeCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    @Test
    void mergesClipsIntoAFilm() throws Exception {
        List<Path> clips = TestClips.uniform(dir, 2, 320, 240, 24, 1.0);
        Path film = dir.resolve("film.mp4");

        int code = Main.execute("merge", clips.get(0).toString(), clips.get(1).toString(), "--out", film.toString(),
                "--limit-mb", "5");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("copy path");
        Mp4Checks.Report rep = Mp4Checks.inspect(film);
        assertThat(rep.videoSeconds()).isCloseTo(2.0, within(0.1));
        assertThat(Mp4Checks.moovBeforeMdat(film)).isTrue();
    }

    @Test
    void captionsAndCrossfadeFromTheCommandLine() throws Exception {
        List<Path> clips = TestClips.uniform(dir, 2, 320, 240, 24, 1.5);
        Path captions = Files.writeString(dir.resolve("captions.txt"), "First scene\nSecond: the end\n");
        Path film = dir.resolve("film.mp4");

        int code = Main.execute("merge", clips.get(0).toString(), clips.get(1).toString(), "--out", film.toString(),
                "--crossfade", "0.5", "--captions", captions.toString());

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("normalise path");
        assertThat(Mp4Checks.inspect(film).videoSeconds()).isCloseTo(2.5, within(0.1));
    }

    @Test
    void aBadClipIsOneClearLineAndExitCodeTwo() throws Exception {
        Path good = TestClips.write(dir, "good.mp4", SyntheticClip.of(320, 240, 24, 1.0));
        Path bad = Files.createFile(dir.resolve("broken-clip.mp4"));
        Path film = dir.resolve("film.mp4");

        int code = Main.execute("merge", good.toString(), bad.toString(), "--out", film.toString());

        assertThat(code).isEqualTo(2);
        String message = err.toString(StandardCharsets.UTF_8).strip();
        assertThat(message.lines()).hasSize(1);
        assertThat(message).startsWith("storyreel: ").contains("broken-clip.mp4");
        assertThat(film).doesNotExist();
    }

    @Test
    void missingOutIsAUsageError() {
        assertThat(Main.execute("merge", "a.mp4")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--out");
    }
}
