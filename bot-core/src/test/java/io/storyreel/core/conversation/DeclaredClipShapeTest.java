package io.storyreel.core.conversation;

import io.storyreel.core.conversation.testing.TestSyntax;
import io.storyreel.core.provider.ParameterSpec;
import io.storyreel.core.provider.ParameterValues;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.kling.KlingProvider;
import io.storyreel.core.provider.minimax.MiniMaxProvider;
import io.storyreel.core.provider.registry.CapabilitiesLoader;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.StorybookSettings;
import io.storyreel.core.testing.SettableClock;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mode, duration and resolution as the bundled catalogues declare them: each model takes the choices of its own
 * combinations, {@code /settings duration 10} is checked against that declaration (refused with a sentence naming
 * what the model takes), and the price is still the combination's. Stored settings keep their fields, so storybooks
 * saved before load as they were.
 */
class DeclaredClipShapeTest {
    private static final SettableClock CLOCK = SettableClock.at("2026-12-03T10:00:00Z");
    private final VideoProvider kling = new KlingProvider(ProviderContext.of(new OkHttpClient(),
            "http://127.0.0.1:9/", CapabilitiesLoader.bundled("kling"), CLOCK));
    private final VideoProvider minimax = new MiniMaxProvider(ProviderContext.of(new OkHttpClient(),
            "http://127.0.0.1:9/", CapabilitiesLoader.bundled("minimax"), CLOCK));
    private final StorybookSettings none = StorybookSettings.defaults();

    @Test
    void eachModelDeclaresItsOwnChoicesFromItsCombinations() {
        var v25 = kling.capabilities().model("kling-v2-5-turbo").orElseThrow();
        assertThat(ParameterValues.declared(v25, "duration").orElseThrow().allowed()).isEqualTo("one of: 5, 10");
        assertThat(ParameterValues.declared(v25, "mode").orElseThrow().options()).extracting(ParameterSpec.Option::value)
                .containsExactlyElementsOf(v25.modes());
        assertThat(ParameterValues.declared(v25, "resolution")).as("Kling's resolution follows the mode").isEmpty();
        var hailuo02 = minimax.capabilities().model("MiniMax-Hailuo-02").orElseThrow();
        assertThat(ParameterValues.declared(hailuo02, "resolution").orElseThrow().allowed())
                .isEqualTo("one of: 768P, 1080P, 512P");
        assertThat(ParameterValues.declared(hailuo02, "mode")).as("MiniMax has no modes").isEmpty();
    }

    @Test
    void settingsAreCheckedAgainstTheDeclarationAndPricedByTheirCombination() {
        SettingChange ten = SettingChange.apply(kling, none, "duration", "10 s");
        assertThat(ten.refusal()).isNull();
        assertThat(ten.settings().durationSeconds()).isEqualTo(10);
        double five = ClipPlan.resolve(kling, none).orElseThrow().combination().units();
        assertThat(ClipPlan.resolve(kling, ten.settings()).orElseThrow().combination().units()).isEqualTo(five * 2);

        assertThat(SettingChange.apply(kling, none, "duration", "7").refusal().detail())
                .isEqualTo("duration takes one of: 5, 10.");
        assertThat(SettingsWording.settingRefused(new CommandWording(TestSyntax.telegramLike()),
                SettingChange.apply(kling, none, "mode", "turbo").refusal()))
                .isEqualTo("I can't use that setting: mode takes one of: std, pro.");
        assertThat(SettingChange.apply(kling, none, "mode", "PRO").settings().mode()).isEqualTo("pro");
        assertThat(SettingChange.apply(minimax, none, "resolution", "4k").refusal().detail())
                .isEqualTo("resolution takes one of: 768P, 1080P.");
        assertThat(SettingChange.apply(minimax, none, "resolution", "1080p").settings().resolution())
                .isEqualTo("1080P");
    }
}
