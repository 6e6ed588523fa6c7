package io.storyreel.core.conversation;

import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.Scene;

import java.util.List;
import java.util.stream.Collectors;

/** What the bot says about a scene's own provider and model ({@code scene N provider P model M}). */
final class SceneWording {
    private SceneWording() {
    }

    static String usage(CommandWording cs) {
        return "Give the scene's number and its provider, and a model if you like: " + cs.command("scene", "N", "provider", "model")
                + " (or " + cs.command("scene", "N", "default") + " to follow the storybook again).";
    }

    static String nothingChanged() {
        return "Nothing was changed.";
    }

    static String unknownProvider(String name, List<String> known) {
        return "I don't know the provider \"" + name + "\". Choose one of: " + String.join(", ", known)
                + ", or default (the storybook's). " + nothingChanged();
    }

    static String unknownModel(Capabilities caps, String model) {
        return caps.displayName() + " has no model \"" + model + "\". Its models are: "
                + caps.models().stream().map(ModelSpec::id).collect(Collectors.joining(", ")) + ". " + nothingChanged();
    }

    /** A bridge leaves this scene, and the chosen model cannot end a clip on the next photo. */
    static String noEndFrame(CommandWording cs, int position, ClipPlan plan, List<String> models) {
        return "Scene " + position + " starts a bridge, which needs a model that can end a clip on the next photo, and "
                + plan.model().label() + " cannot."
                + (models.isEmpty() ? "" : " Models of this provider that can: " + String.join(", ", models) + ".")
                + " " + nothingChanged();
    }

    static String chosen(int position, String provider, ClipPlan plan, String storybookProvider) {
        return "Scene " + position + " will be made with " + provider + (plan == null ? "" : " (" + FilmWording.planWords(plan) + ")")
                + (storybookProvider == null ? "." : "; the other scenes keep the storybook's " + storybookProvider + ".");
    }

    static String followsStorybook(int position, String storybookProvider) {
        return "Scene " + position + " follows the storybook again" + (storybookProvider == null ? "." : " (" + storybookProvider + ").");
    }

    static String shown(CommandWording cs, Scene scene, ClipPlan plan) {
        String how = plan == null ? "" : " (" + FilmWording.planWords(plan) + ")";
        return (scene.overridden() ? "Scene " + scene.position() + " has its own provider: " + scene.provider() + how + "."
                : "Scene " + scene.position() + " follows the storybook" + how + ".")
                + " Change it with " + cs.command("scene", String.valueOf(scene.position()), "provider", "model") + ".";
    }

    /** The scene's own provider and model, as /list shows it after the prompt: " – fal.ai, Pika 2.2". */
    static String listed(String provider, ClipPlan plan) {
        return " – " + provider + (plan == null ? "" : ", " + plan.model().label());
    }
}
