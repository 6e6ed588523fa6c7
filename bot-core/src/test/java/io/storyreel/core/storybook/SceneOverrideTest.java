package io.storyreel.core.storybook;

import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.ParameterSpec;
import io.storyreel.core.testing.FakeVideoProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a scene with its own provider or model is made with: nothing the storybook chose for its own model (mode,
 * duration, resolution, parameters) reaches another provider, another model of the same provider keeps only what it
 * declares and can make, and the film's own choices apply everywhere.
 */
class SceneOverrideTest {
    private static final ModelSpec.Combination STD5 = new ModelSpec.Combination("std", 5, "720p", 720, 24, false, 1, 0.14);
    private static final ModelSpec.Combination PRO10 = new ModelSpec.Combination("pro", 10, "1080p", 1080, 24, false, 3.5, 0.49);
    private final FakeVideoProvider kling = FakeVideoProvider.of(new Capabilities("kling", "Kling", List.of(
            new ModelSpec("a", "A", List.of("std", "pro"), List.of(STD5, PRO10), 5, Map.of(),
                    List.of(ParameterSpec.named("cfg_scale"), ParameterSpec.named("camera"))),
            new ModelSpec("b", "B", List.of("std", "pro"), List.of(STD5, PRO10), 5, Map.of(),
                    List.of(ParameterSpec.named("cfg_scale"))),
            new ModelSpec("c", "C", List.of("std"), List.of(STD5), 5, Map.of(),
                    List.of())), "a", null, 2500, "units", 0.14), List.of("accessKey", "secretKey"));
    private final FakeVideoProvider minimax = FakeVideoProvider.minimax();
    private final StorybookSettings book = StorybookSettings.defaults().withMode("pro").withDuration(10)
            .withParameters(Map.of("cfg_scale", "0.7", "camera", "zoom")).withStyleSuffix("in watercolour")
            .withAspect(Aspect.PORTRAIT);
    private final Scene scene = new Scene("s", "b", 2, "blob", "image/jpeg", 640, 480, "the fox", "u", "Ann", null, null, 0);

    @Test
    void aSceneThatFollowsTheStorybookGetsItsSettings() {
        assertThat(SceneOverride.providerOf(scene, "kling")).isEqualTo("kling");
        assertThat(SceneOverride.settings(scene, "kling", kling, book)).isSameAs(book);
    }

    @Test
    void anotherProviderGetsItsModelsDefaultsAndTheFilmsOwnChoices() {
        Scene own = scene.withProviderAndModel("minimax", null);
        assertThat(SceneOverride.providerOf(own, "kling")).isEqualTo("minimax");
        StorybookSettings s = SceneOverride.settings(own, "kling", minimax, book);
        assertThat(s.mode()).isNull();
        assertThat(s.durationSeconds()).isNull();
        assertThat(s.parameters()).isEmpty();
        assertThat(s.styleSuffix()).isEqualTo("in watercolour");
        assertThat(s.aspect()).isEqualTo(Aspect.PORTRAIT);
        ClipPlan plan = ClipPlan.resolve(minimax, s).orElseThrow();
        assertThat(plan.model().id()).isEqualTo("MiniMax-Hailuo-02");
        assertThat(plan.request("the fox", null, "image/jpeg").parameters()).isEmpty();
    }

    @Test
    void anotherModelOfTheSameProviderKeepsOnlyWhatItDeclaresAndCanMake() {
        StorybookSettings b = SceneOverride.settings(scene.withProviderAndModel("kling", "b"), "kling", kling, book);
        assertThat(b.model()).isEqualTo("b");
        assertThat(b.mode()).isEqualTo("pro");
        assertThat(b.durationSeconds()).isEqualTo(10);
        assertThat(b.parameters()).containsExactly(Map.entry("cfg_scale", "0.7"));

        StorybookSettings c = SceneOverride.settings(scene.withProviderAndModel("kling", "c"), "kling", kling, book);
        assertThat(c.mode()).as("c has no pro 10 s").isNull();
        assertThat(c.durationSeconds()).isNull();
        assertThat(c.parameters()).isEmpty();
        assertThat(ClipPlan.resolve(kling, c).orElseThrow().combination()).isEqualTo(STD5);
    }
}
