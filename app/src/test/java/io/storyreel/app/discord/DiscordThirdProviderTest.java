package io.storyreel.app.discord;

import com.fasterxml.jackson.databind.JsonNode;
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
}
