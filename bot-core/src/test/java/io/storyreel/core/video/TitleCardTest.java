package io.storyreel.core.video;

import io.storyreel.core.video.testing.Mp4Checks;
import io.storyreel.core.video.testing.TestClips;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The storybook's title burned in over the film's first second, and gone after it. */
class TitleCardTest {
    @TempDir
    static Path clipsDir;
    static List<Path> clips;

    @TempDir
    Path out;

    private final JavacvMerger merger = new JavacvMerger();

    @BeforeAll
    static void clips() {
        clips = TestClips.uniform(clipsDir, 2, 320, 240, 24, 2.0);
    }

    @Test
    void theTitleCoversTheMiddleOfTheFirstSecondOnly() throws Exception {
        assumeTrue(Files.isReadable(JavacvMerger.DEFAULT_FONT), "the captions' font is installed");
        Path titled = out.resolve("titled.mp4");
        Path plain = out.resolve("plain.mp4");
        MergeResult r = merger.merge(clips, MergeOptions.defaults().withTitle("SUMMER BY THE SEA"), titled);
        merger.merge(clips, MergeOptions.defaults().withTitle("  "), plain);

        assertThat(r.path()).as("burned-in text rules out a copy").isEqualTo("normalise");
        assertThat(Mp4Checks.inspect(titled).videoSeconds()).isCloseTo(4.0, within(0.1));
        // the title's dark box sits across the centre for the first second
        double during = Mp4Checks.lumaAt(titled, 0.4, 160, 120, 8);
        double without = Mp4Checks.lumaAt(plain, 0.4, 160, 120, 8);
        assertThat(during).isNotCloseTo(without, within(8.0));
        // and is gone afterwards: the same picture as the film without a title
        assertThat(Mp4Checks.lumaAt(titled, 1.5, 160, 120, 8)).isCloseTo(Mp4Checks.lumaAt(plain, 1.5, 160, 120, 8),
                within(4.0));
        assertThat(Mp4Checks.lumaAt(titled, 3.0, 160, 120, 8)).isCloseTo(Mp4Checks.lumaAt(plain, 3.0, 160, 120, 8),
                within(4.0));
    }
}
