package io.storyreel.core.conversation;

import io.storyreel.core.generation.GenerationListener;
import io.storyreel.core.provider.CostEstimate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a film's cost is said: the charge once when it is what was estimated, both side by side when not. */
class CostWordingTest {
    private static final List<GenerationListener.Payment> ALEX = List.of(new GenerationListener.Payment("T:1", "Alex", 0.63));

    @Test
    void aChargeThatDiffersFromTheEstimateIsShownBesideIt() {
        String caption = FilmWording.filmCaption("Fox", "Kling AI", "kling-v2-6", "", 3, null, 15, 0.84, 0.63, 4.5, "units",
                List.of("Alex"), ALEX, null);
        assertThat(caption).contains("15 s · estimated $0.84, charged $0.63 (4.5 units)");
    }

    @Test
    void aChargeThatIsTheEstimateIsSaidOnce() {
        String caption = FilmWording.filmCaption("Fox", "Kling AI", "kling-v2-6", "", 3, null, 15, 0.63, 0.63, 4.5, "units",
                List.of("Alex"), ALEX, null);
        assertThat(caption).contains("15 s · $0.63 (4.5 units)").doesNotContain("estimated");
    }

    @Test
    void theConfirmButtonSaysTheDollarsOnly() {
        assertThat(FilmWording.confirmLabel(new CostEstimate(4.5, "units", 0.63))).isEqualTo("✅ Confirm ($0.63)");
    }
}
