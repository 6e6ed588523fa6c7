package io.storyreel.app.discord;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.app.zoetrope.ZoetropeProvider;
import io.storyreel.sim.discord.FakeDiscord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider added from the test tree only ({@code io.storyreel.app.zoetrope}) reaches Discord through the unchanged
 * adapter: it is among the registered choices of {@code /provider}, {@code /setkeys} and {@code /forgetkeys}, and
 * {@code /setkeys} opens a form with its own key field, whose answer core keeps.
 */
class DiscordThirdProviderTest {

    @Test
    void aProviderRegisteredFromTheTestTreeIsAmongTheChoicesAndHasItsKeyForm() throws Exception {
        try (DiscordStack stack = DiscordStack.start()) {
            for (String command : List.of("provider", "setkeys", "forgetkeys")) {
                JsonNode choices = stack.discord.command(command).orElseThrow().path("options").get(0).path("choices");
                assertThat(choices.findValuesAsText("value")).as(command)
                        .containsExactly("fal", "google", "kling", "minimax", "runway", "zoetrope");
                assertThat(choices.findValuesAsText("name")).as(command)
                        .containsExactly("fal.ai", "Google Veo", "Kling AI", "MiniMax Hailuo", "Runway", "Zoetrope");
            }

            FakeDiscord.User zoe = stack.user("Zoe");
            FakeDiscord.Channel club = stack.channel("film-club");
            FakeDiscord.Interaction open = stack.discord.slash(zoe, club, "setkeys", null,
                    Map.of("provider", "zoetrope"));
            FakeDiscord.Modal modal = stack.discord.awaitModal(open, DiscordStack.STEP);
            assertThat(modal.inputIds()).containsExactly("token");
            assertThat(modal.title()).isEqualTo("Your Zoetrope keys");

            FakeDiscord.Interaction submit = stack.discord.submitModal(zoe, open, Map.of("token", "spin-token-0002"));
            assertThat(stack.answerTo(submit).content()).contains("Saved your Zoetrope keys");

            FakeDiscord.Interaction choose = stack.discord.slash(zoe, club, "provider", null,
                    Map.of("provider", "zoetrope"));
            assertThat(stack.answerTo(choose, p -> p.content().contains("made with")).content())
                    .contains("made with Zoetrope");
        }
    }

    /**
     * The parameter declared only in zoetrope.yml ({@code wobble}) is on Discord's settings card too, an
     * out-of-range value typed in the slash command's options is refused with the range named, and one in range is
     * taken.
     */
    @Test
    void aParameterDeclaredOnlyInTheYamlIsOnTheSettingsCardAndChecked() throws Exception {
        try (DiscordStack stack = DiscordStack.start()) {
            FakeDiscord.User wim = stack.user("Wim");
            FakeDiscord.Channel club = stack.channel("spin-club");
            FakeDiscord.Interaction choose = stack.discord.slash(wim, club, "provider", null,
                    Map.of("provider", "zoetrope"));
            stack.answerTo(choose, p -> p.content().contains("made with"));

            FakeDiscord.Interaction card = stack.discord.slash(wim, club, "settings", null, Map.of());
            assertThat(stack.answerTo(card, p -> p.content().contains("Settings (Zoetrope)")).content())
                    .contains("• wobble: 1 (default) (a number from 0 to 5, whole numbers) · How much the spun clip wobbles");

            int created = ZoetropeProvider.CREATES.size();
            FakeDiscord.Interaction tooMuch = stack.discord.slash(wim, club, "settings", null,
                    Map.of("option", "wobble", "value", "9"));
            assertThat(stack.answerTo(tooMuch, p -> p.content().contains("can't use")).content())
                    .isEqualTo("I can't use that setting: wobble takes a number from 0 to 5, whole numbers.");
            FakeDiscord.Interaction set = stack.discord.slash(wim, club, "settings", null,
                    Map.of("option", "wobble", "value", "4"));
            assertThat(stack.answerTo(set, p -> p.content().contains("Settings (Zoetrope)")).content())
                    .contains("• wobble: 4 (a number");
            assertThat(ZoetropeProvider.CREATES).hasSize(created);
        }
    }
}
