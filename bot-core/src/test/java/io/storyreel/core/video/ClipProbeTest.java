package io.storyreel.core.video;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A clip probed again while it is the same file is not read again; a file replaced or rewritten is. */
class ClipProbeTest {
    @TempDir
    Path dir;

    @Test
    void theSameFileIsReadOnceAndAReplacedOneAgain() throws Exception {
        Path clip = SyntheticClip.of(320, 180, 24, 0.5).writeTo(dir.resolve("clip.mp4"));
        long before = ClipProbe.scans();
        Probed first = ClipProbe.probe(clip);
        Probed again = ClipProbe.probe(clip);
        assertThat(ClipProbe.scans() - before).as("the unchanged file is scanned once").isEqualTo(1);
        assertThat(again).isEqualTo(first);
        assertThat(first.info().fps()).isEqualTo(24.0);

        // a normalisation or download writes a new file and moves it over the old name
        Path other = SyntheticClip.of(640, 360, 30, 0.5).writeTo(dir.resolve("other.mp4"));
        Files.move(other, clip, StandardCopyOption.REPLACE_EXISTING);
        Probed replaced = ClipProbe.probe(clip);
        assertThat(ClipProbe.scans() - before).isEqualTo(2);
        assertThat(replaced.info().width()).isEqualTo(640);
        assertThat(replaced.info().fps()).isEqualTo(30.0);
        assertThat(replaced.copyKey()).isNotEqualTo(first.copyKey());
    }

    @Test
    void aFileRewrittenInPlaceIsReadAgain() throws Exception {
        Path clip = SyntheticClip.of(320, 180, 24, 0.5).writeTo(dir.resolve("clip.mp4"));
        Probed first = ClipProbe.probe(clip);
        Path other = SyntheticClip.of(320, 180, 25, 1.0).writeTo(dir.resolve("other.mp4"));
        Files.write(clip, Files.readAllBytes(other)); // same inode, new bytes
        Probed rewritten = ClipProbe.probe(clip);
        assertThat(rewritten.info().fps()).isEqualTo(25.0);
        assertThat(rewritten.info().durationSeconds()).isGreaterThan(first.info().durationSeconds() + 0.3);
    }

    @Test
    void aFailureIsNotRemembered() throws Exception {
        Path clip = Files.writeString(dir.resolve("clip.mp4"), "not a video");
        assertThatThrownBy(() -> ClipProbe.probe(clip)).isInstanceOf(VideoException.class);
        long before = ClipProbe.scans();
        assertThatThrownBy(() -> ClipProbe.probe(clip)).isInstanceOf(VideoException.class);
        assertThat(ClipProbe.scans() - before).as("a failed probe is tried again").isEqualTo(1);
        Path good = SyntheticClip.of(320, 180, 24, 0.5).writeTo(dir.resolve("good.mp4"));
        Files.move(good, clip, StandardCopyOption.REPLACE_EXISTING);
        assertThat(ClipProbe.probe(clip).info().width()).isEqualTo(320);
    }
}
