package io.storyreel.core.storybook;

import io.storyreel.core.provider.registry.CapabilitiesLoader;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.testing.FakeVideoProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clip sound off asks the provider for silent clips where the model has its own sound switch: Runway's Veo 3.1 with
 * sound chosen is then planned, priced and requested silent. Models without a switch are planned as chosen (the merge
 * removes their sound).
 */
class ClipSoundSwitchTest {
    private final VideoProvider runway = FakeVideoProvider.of(CapabilitiesLoader.bundled("runway"), List.of("api_key"));

    @Test
    void clipSoundOffSendsTheModelsOwnSwitchAndPricesTheSilentClip() {
        StorybookSettings withSound = StorybookSettings.defaults().withModel("veo3.1").withParameter("audio", "on");
        ClipPlan loud = ClipPlan.resolve(runway, withSound).orElseThrow();
        assertThat(loud.combination().audio()).isTrue();

        StorybookSettings off = withSound.withSound(withSound.sound().withClipSound(false));
        ClipPlan quiet = ClipPlan.resolve(runway, off).orElseThrow();
        assertThat(quiet.combination().audio()).isFalse();
        assertThat(quiet.combination().usd()).isLessThan(loud.combination().usd());
        GenerationRequest request = quiet.request("waves", new byte[]{1}, "image/png");
        assertThat(request.parameters()).containsEntry("audio", "off");
    }

    @Test
    void aModelWithoutASwitchIsPlannedAsChosen() {
        StorybookSettings off = StorybookSettings.defaults().withModel("gen4_turbo");
        off = off.withSound(off.sound().withClipSound(false));
        ClipPlan plan = ClipPlan.resolve(runway, off).orElseThrow();
        assertThat(plan.settings().parameters()).doesNotContainKey("audio");
    }
}
