package io.storyreel.app.discord;

import io.storyreel.sim.discord.FakeDiscord;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code /template}'s name option offers the member's templates as they type, through the real Discord4J stack: an
 * APPLICATION_COMMAND_AUTOCOMPLETE interaction answered with suggestions (callback type 8), the templates the member
 * may use in that chat only (their own, and the channel's group templates there), filtered by what was typed; a
 * suggestion picked is used like a typed name. Options without autocomplete are not asked about.
 */
class DiscordTemplateAutocompleteTest {

    @Test
    void templateNamesAreSuggestedAsTheMemberTypesOnlyWhereTheyMayBeUsed() throws Exception {
        try (DiscordStack stack = DiscordStack.start()) {
            FakeDiscord discord = stack.discord;
            FakeDiscord.User ann = stack.user("Ann");
            FakeDiscord.User bob = stack.user("Bob");
            FakeDiscord.Channel club = stack.channel("film-club");
            FakeDiscord.Channel annDm = discord.dm(ann);

            assertThat(stack.answerTo(discord.slash(ann, club, "template", null,
                    Map.of("action", "save", "name", "crew")), p -> p.content().contains("template")).content()).contains("Saved the template \"crew\"");
            assertThat(stack.answerTo(discord.slash(ann, club, "template", null,
                    Map.of("action", "save", "name", "dusk")), p -> p.content().contains("template")).content()).contains("Saved the template \"dusk\"");
            assertThat(stack.answerTo(discord.slash(ann, annDm, "template", null,
                    Map.of("action", "save", "name", "Cosy")), p -> p.content().contains("template")).content()).contains("Saved the template \"cosy\"");

            assertThat(suggest(stack, ann, club, "c")).containsExactlyInAnyOrder("cosy", "crew");
            assertThat(suggest(stack, ann, club, "")).containsExactlyInAnyOrder("cosy", "crew", "dusk");
            assertThat(suggest(stack, bob, club, "C")).as("Ann's own template is not Bob's").containsExactly("crew");
            assertThat(suggest(stack, ann, annDm, "")).as("a group's templates stay in the group")
                    .containsExactly("cosy");
            assertThat(suggest(stack, bob, discord.dm(bob), "")).isEmpty();
            assertThat(suggest(stack, ann, club, "x")).isEmpty();

            String picked = suggest(stack, bob, club, "cr").get(0);
            assertThat(stack.answerTo(discord.slash(bob, club, "template", null,
                    Map.of("action", "use", "name", picked)), p -> p.content().contains("template")).content())
                    .startsWith("Applied the template \"crew\"");

            assertThatThrownBy(() -> discord.autocomplete(bob, club, "template", Map.of("action", "u"), "action"))
                    .hasMessageContaining("does not offer autocomplete");
        }
    }

    private static java.util.List<String> suggest(DiscordStack stack, FakeDiscord.User who, FakeDiscord.Channel where,
                                                  String typed) {
        FakeDiscord.Interaction i = stack.discord.autocomplete(who, where, "template",
                Map.of("action", "use", "name", typed), "name");
        java.util.List<FakeDiscord.Choice> choices = stack.discord.awaitSuggestions(i, DiscordStack.STEP);
        assertThat(choices).allSatisfy(c -> assertThat(c.value()).isEqualTo(c.name()));
        return choices.stream().map(FakeDiscord.Choice::value).toList();
    }
}
