package io.storyreel.core.conversation;

import io.storyreel.core.generation.ClipState;
import io.storyreel.core.generation.GenerationListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The status message of a bridges film names each bridge by the photos it joins. */
class BridgeProgressTextTest {

    @Test
    void bridgesAreNamedByThePhotosTheyJoin() {
        String text = ProgressText.render(new GenerationListener.Progress("b", List.of(
                new GenerationListener.ClipProgress(1, ClipState.DOWNLOADED, 100, -1, 2),
                new GenerationListener.ClipProgress(2, ClipState.RUNNING, 50, -1, 3),
                new GenerationListener.ClipProgress(3, ClipState.PENDING, -1, 1, 0)),
                Duration.ofMinutes(3), GenerationListener.Stage.GENERATING));
        assertThat(text).contains("1→2 ▓▓▓▓▓▓▓▓▓▓ ready ✓").contains("2→3 ▓▓▓▓▓░░░░░ generating 50%").contains("\n3 ░")
                .contains("1 of 3 clips (bridges) ready");
    }

    @Test
    void clipsAreNamedByTheirPhotoAsBefore() {
        String text = ProgressText.render(new GenerationListener.Progress("b", List.of(
                new GenerationListener.ClipProgress(1, ClipState.RUNNING, 20, -1)),
                Duration.ofMinutes(3), GenerationListener.Stage.GENERATING));
        assertThat(text).contains("1 ▓▓▓░░░░░░░ generating 20%").contains("0 of 1 clips ready").doesNotContain("→");
    }
}
