package io.storyreel.discord;

import discord4j.core.object.command.ApplicationCommandOption.Type;
import discord4j.discordjson.json.ApplicationCommandOptionChoiceData;
import discord4j.discordjson.json.ApplicationCommandOptionData;
import discord4j.discordjson.json.ApplicationCommandRequest;
import io.storyreel.core.provider.ProviderDirectory;
import java.util.ArrayList;
import java.util.List;

/**
 * The slash commands the bot registers. Option names here are what {@link InteractionTranslator} reads; the provider
 * choices are the providers core offers.
 */
final class SlashCommands {
    static final int MAX_PAIRS = 6;

    private SlashCommands() {
    }

    static List<ApplicationCommandRequest> all(ProviderDirectory providers) {
        List<ApplicationCommandOptionData> create = new ArrayList<>();
        for (int i = 1; i <= MAX_PAIRS; i++) {
            // Discord wants required options first, so only the first pair is required
            create.add(option("image" + i, "Photo " + i, Type.ATTACHMENT, i == 1));
            create.add(option("prompt" + i, "What happens in photo " + i, Type.STRING, i == 1));
        }
        ApplicationCommandRequest story = ApplicationCommandRequest.builder()
                .name("story").description("Build a film from photos")
                .addOption(sub("new", "Start a new storybook in this channel",
                        option("title", "A title for the film", Type.STRING, false)))
                .addOption(sub("add", "Add a photo with its prompt",
                        option("image", "The photo", Type.ATTACHMENT, true),
                        option("prompt", "What should happen in it", Type.STRING, true)))
                .addOption(sub("create", "Add up to six photos with prompts at once", create.toArray(new ApplicationCommandOptionData[0])))
                .addOption(sub("list", "Show the storyboard"))
                .addOption(sub("remove", "Remove a scene", option("scene", "Scene number", Type.INTEGER, true)))
                .addOption(sub("move", "Move a scene",
                        option("from", "Scene number", Type.INTEGER, true),
                        option("to", "New position", Type.INTEGER, true)))
                .addOption(sub("prompt", "Change a scene's prompt",
                        option("scene", "Scene number", Type.INTEGER, true),
                        option("text", "The new prompt", Type.STRING, true)))
                .addOption(sub("make", "Estimate the cost and make the film"))
                .addOption(sub("cancel", "Cancel the film being made"))
                .addOption(sub("status", "Show progress"))
                .addOption(sub("redo", "Make one clip again", option("scene", "Scene number", Type.INTEGER, false)))
                .build();
        return List.of(story,
                simple("provider", "Choose the video provider", providerOption(providers, true)),
                simple("settings", "Show or change the storybook settings",
                        option("option", "Setting name", Type.STRING, false),
                        option("value", "New value", Type.STRING, false)),
                simple("setkeys", "Enter your provider keys privately", providerOption(providers, true)),
                simple("keys", "Show which provider keys you stored"),
                simple("forgetkeys", "Delete your stored provider keys", providerOption(providers, false)),
                simple("history", "Your recent films"),
                simple("web", "A private link to this channel's storyboard page"),
                simple("start", "What this bot does and how to begin"),
                simple("help", "How to make a film"));
    }

    private static ApplicationCommandOptionData providerOption(ProviderDirectory providers, boolean required) {
        discord4j.discordjson.json.ImmutableApplicationCommandOptionData.Builder b = ApplicationCommandOptionData.builder()
                .name("provider").description("Video provider").type(Type.STRING.getValue()).required(required);
        providers.entries().forEach(p -> b.addChoice(ApplicationCommandOptionChoiceData.builder()
                .name(p.displayName()).value(p.id()).build()));
        return b.build();
    }

    private static ApplicationCommandRequest simple(String name, String description,
                                                    ApplicationCommandOptionData... options) {
        return ApplicationCommandRequest.builder().name(name).description(description)
                .addAllOptions(List.of(options)).build();
    }

    private static ApplicationCommandOptionData sub(String name, String description,
                                                    ApplicationCommandOptionData... options) {
        return ApplicationCommandOptionData.builder().name(name).description(description)
                .type(Type.SUB_COMMAND.getValue()).addAllOptions(List.of(options)).build();
    }

    private static ApplicationCommandOptionData option(String name, String description, Type type, boolean required) {
        return ApplicationCommandOptionData.builder().name(name).description(description).type(type.getValue())
                .required(required).build();
    }
}
