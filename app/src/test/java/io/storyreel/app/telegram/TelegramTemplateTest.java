package io.storyreel.app.telegram;

import io.storyreel.sim.telegram.AlbumPart;
import io.storyreel.sim.telegram.SimButton;
import io.storyreel.sim.telegram.SimChat;
import io.storyreel.sim.telegram.SimMessage;
import io.storyreel.sim.telegram.SimUser;
import io.storyreel.sim.telegram.TestImages;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Templates through the whole real stack on Telegram: saved with its prompts in a private chat, used in a new storybook
 * in a group (settings and parameters arrive, an empty prompt is filled, a scene's own prompt is kept until the
 * button is pressed); a template saved in a group is seen by every member there and by nobody elsewhere, and is
 * deleted by the member who saved it or a group admin only.
 */
class TelegramTemplateTest {

    @Test
    void aTemplateSavedInOneChatIsUsedInAnotherAndAGroupTemplateStaysInItsGroup() throws Exception {
        try (TelegramStack stack = TelegramStack.start()) {
            var tg = stack.telegram;
            SimUser alice = tg.user(4301, "Alice", "alice");
            SimUser bob = tg.user(4302, "Bob", "bob");
            SimUser carol = tg.user(4303, "Carol", "carol");
            SimChat mine = tg.privateChat(alice);

            say(stack, mine, alice, "/provider kling", "made with Kling");
            say(stack, mine, alice, "/settings model kling-v1-6", "Settings (Kling AI)");
            say(stack, mine, alice, "/settings cfg_scale 0.7", "cfg_scale: 0.7");
            say(stack, mine, alice, "/settings style watercolour", "watercolour");
            tg.sendAlbum(mine, alice, List.of(new AlbumPart(TestImages.jpeg(480, 360), "the cat wakes up"),
                    new AlbumPart(TestImages.jpeg(480, 360), "the cat stretches")));
            stack.await(mine, "2 of 6 photos");
            assertThat(say(stack, mine, alice, "/template save Cosy prompts", "template").text())
                    .isEqualTo("Saved the template \"cosy\" with 2 prompts for you (in any chat with me).");
            assertThat(say(stack, mine, alice, "/template save no/way", "template").text())
                    .isEqualTo("\"no/way\" can't be a template name: use 1 to 32 letters, digits, - or _.");

            SimChat group = tg.group(-4300, "Cat club");
            int first = tg.sendPhoto(group, alice, TestImages.jpeg(400, 400), "/add a kite rises into the sky");
            stack.awaitTextAfter(group, first, "1 of 6");
            int second = tg.sendPhoto(group, alice, TestImages.jpeg(400, 400), "/add");
            stack.awaitTextAfter(group, second, "2 of 6");
            SimMessage applied = say(stack, group, alice, "/template use cosy", "Applied");
            assertThat(applied.text()).isEqualTo("Applied the template \"cosy\": Kling AI, Kling 1.6. Prompts given to "
                    + "scene 2. Scene 1 already has its own prompt, kept unless you press the button.");
            assertThat(say(stack, group, alice, "/settings", "Settings (Kling AI)").text())
                    .contains("Model: Kling 1.6", "Style added to every prompt: watercolour", "• cfg_scale: 0.7 (a number");
            SimButton replace = applied.buttons().get(0).get(0);
            assertThat(replace.text()).isEqualTo("Use the template's prompts for scene 1");
            tg.pressButton(group, alice, applied.messageId(), replace.callbackData());
            stack.awaitTextAfter(group, applied.messageId(), "The template's prompts now stand for scene 1.");
            int prompts = tg.sendCommand(group, alice, "/make");
            assertThat(stack.awaitTextAfter(group, prompts, "Your film").text())
                    .as("both scenes have the template's prompts, so the estimate is shown").contains("With cfg_scale 0.7");

            assertThat(say(stack, group, alice, "/template save crew", "template").text())
                    .isEqualTo("Saved the template \"crew\" for everyone in this group.");
            assertThat(say(stack, group, bob, "/template list", "emplates").text())
                    .contains("• crew (this group, kling)").doesNotContain("cosy");
            assertThat(say(stack, group, bob, "/template delete crew", "crew").text())
                    .contains("Only Alice (who saved the template \"crew\") or a group admin can delete it. "
                            + "Nothing was changed.");
            assertThat(say(stack, group, bob, "/template list", "emplates").text()).contains("• crew (this group");
            assertThat(say(stack, tg.privateChat(bob), bob, "/template list", "emplates").text())
                    .startsWith("No templates yet.");
            SimChat other = tg.group(-4400, "Dog club");
            assertThat(say(stack, other, carol, "/template use crew", "crew").text())
                    .contains("There is no template \"crew\" here.");

            // a group admin may delete a group template another member saved
            say(stack, group, carol, "/template list", "emplates");
            tg.setMemberStatus(group, carol, "administrator");
            assertThat(say(stack, group, carol, "/template delete crew", "crew").text())
                    .contains("Deleted the template \"crew\".");
            assertThat(say(stack, group, bob, "/template list", "emplates").text()).doesNotContain("crew");
        }
    }

    /** /style lists the bundled presets with their descriptions; one applied sets style, negative prompt and the
     * parameter defaults the model declares (cfg_scale on Kling 1.6), and an unknown one is refused by name. */
    @Test
    void stylePresetsAreListedAndApplied() throws Exception {
        try (TelegramStack stack = TelegramStack.start()) {
            var tg = stack.telegram;
            SimUser dora = tg.user(4311, "Dora", "dora");
            SimChat mine = tg.privateChat(dora);
            assertThat(say(stack, mine, dora, "/style", "Styles").text()).contains(
                    "• cinematic: Film-like light", "• anime:", "• watercolour:", "• claymation:", "• noir:",
                    "• documentary:");
            say(stack, mine, dora, "/provider kling", "made with Kling");
            say(stack, mine, dora, "/settings model kling-v1-6", "Settings (Kling AI)");
            assertThat(say(stack, mine, dora, "/style cinematic", "Style").text())
                    .startsWith("Style \"cinematic\" applied: every prompt ends with \"cinematic lighting")
                    .contains("cfg_scale 0.6");
            assertThat(say(stack, mine, dora, "/settings", "Settings (Kling AI)").text())
                    .contains("Negative prompt: cartoon, flat lighting", "• cfg_scale: 0.6 (a number");
            assertThat(say(stack, mine, dora, "/style vaporwave", "style").text())
                    .startsWith("I don't know the style \"vaporwave\". Styles: cinematic, anime");
        }
    }

    /** An operator's styles.file adds a preset and replaces a bundled one by name; the others stay. */
    @Test
    void anOperatorsStylesFileExtendsAndOverridesTheBundledPresets() throws Exception {
        Path file = Files.createTempFile("storyreel-styles-", ".yml");
        Files.writeString(file, """
                presets:
                  - name: vaporwave
                    description: Pink and teal dusk, VHS glow
                    style: vaporwave aesthetic, pink and teal neon, VHS glow
                  - name: noir
                    description: Our own noir, rain on every street
                    style: rainy film noir streets, wet asphalt reflections
                """);
        try (TelegramStack stack = TelegramStack.start(TelegramStack.Options.defaults()
                .withSetting("styles.file", file.toString()))) {
            var tg = stack.telegram;
            SimUser erin = tg.user(4321, "Erin", "erin");
            SimChat mine = tg.privateChat(erin);
            assertThat(say(stack, mine, erin, "/style", "Styles").text()).contains(
                    "• cinematic: Film-like light", "• vaporwave: Pink and teal dusk, VHS glow",
                    "• noir: Our own noir, rain on every street").doesNotContain("hard shadows");
            assertThat(say(stack, mine, erin, "/style vaporwave", "Style").text())
                    .startsWith("Style \"vaporwave\" applied: every prompt ends with \"vaporwave aesthetic");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static SimMessage say(TelegramStack stack, SimChat chat, SimUser user, String command, String answer) {
        int sent = stack.telegram.sendCommand(chat, user, command);
        return stack.awaitTextAfter(chat, sent, answer);
    }
}
