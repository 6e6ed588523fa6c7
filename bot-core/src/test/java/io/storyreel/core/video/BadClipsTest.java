package io.storyreel.core.video;

import io.storyreel.core.video.testing.TestClips;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BadClipsTest {
    @TempDir
    static Path clipsDir;
    static Path good;

    @TempDir
    Path out;

    private final JavacvMerger merger = new JavacvMerger();

    @BeforeAll
    static void clips() {
        good = TestClips.write(clipsDir, "good.mp4", SyntheticClip.of(320, 240, 24, 1.0));
    }

    private void assertRejected(Path bad, String... words) throws Exception {
        Path film = out.resolve("film.mp4");
        assertThatThrownBy(() -> merger.merge(List.of(good, bad), MergeOptions.defaults(), film))
                .isInstanceOf(VideoException.class)
                .hasMessageContaining(bad.getFileName().toString())
                .hasMessageContainingAll(words);
        try (var files = Files.list(out)) {
            assertThat(files).as("no film and no half-written file").isEmpty();
        }
    }

    @Test
    void emptyFile() throws Exception {
        Path bad = Files.createFile(clipsDir.resolve("empty.mp4"));
        assertRejected(bad, "empty");
    }

    @Test
    void garbage() throws Exception {
        byte[] junk = new byte[50_000];
        new Random(7).nextBytes(junk);
        assertRejected(Files.write(clipsDir.resolve("junk.mp4"), junk), "not a video");
    }

    @Test
    void missingFile() throws Exception {
        assertRejected(clipsDir.resolve("nowhere.mp4"), "cannot be read");
    }

    @Test
    void audioOnly() throws Exception {
        Path bad = TestClips.write(clipsDir, "voice.mp4", SyntheticClip.of(0, 0, 24, 1.0));
        assertRejected(bad, "audio-only");
    }

    @Test
    void truncated() throws Exception {
        Path src = TestClips.write(clipsDir, "whole.mp4", SyntheticClip.of(320, 240, 24, 2.0).heavy());
        byte[] bytes = Files.readAllBytes(src);
        Path bad = Files.write(clipsDir.resolve("cut.mp4"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertRejected(bad, "truncated");
    }

    @Test
    void tenBitHevcIsNormalisedNotRejected() throws Exception {
        Path hevc = TestClips.write(clipsDir, "hevc10.mp4", SyntheticClip.of(320, 240, 24, 1.0).withCodec("hevc10"));
        assertThat(merger.probe(List.of(hevc)).get(0).pixelFormat()).isEqualTo("yuv420p10le");
        MergeResult r = merger.merge(List.of(good, hevc), MergeOptions.defaults(), out.resolve("film.mp4"));
        assertThat(r.path()).isEqualTo("normalise");
        assertThat(r.durationSeconds()).isCloseTo(2.0, within(0.1));
    }

    @Test
    void aFailedMergeLeavesAnEarlierFilmUntouched() throws Exception {
        Path film = out.resolve("film.mp4");
        Files.writeString(film, "previous film");
        Path bad = Files.createFile(clipsDir.resolve("zero.mp4"));
        assertThatThrownBy(() -> merger.merge(List.of(good, bad), MergeOptions.defaults(), film))
                .isInstanceOf(VideoException.class);
        assertThat(Files.readString(film)).isEqualTo("previous film");
        try (var files = Files.list(out)) {
            assertThat(files).containsExactly(film);
        }
    }
}
