package io.storyreel.discord;

import discord4j.core.object.command.ApplicationCommandOption.Type;
import discord4j.discordjson.json.ApplicationCommandOptionChoiceData;
import discord4j.discordjson.json.ApplicationCommandOptionData;
import discord4j.discordjson.json.ApplicationCommandRequest;
import discord4j.discordjson.json.ImmutableApplicationCommandOptionData;
import io.storyreel.core.chat.CommandCatalog;
import io.storyreel.core.chat.Platform;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The catalogue as Discord application commands: the storybook's commands as subcommands of {@code /story}, the
 * others as commands of their own, each argument an option of its type (keys excepted: they go into a form). A
 * command whose arguments repeat (several photos at once) gets numbered options, as many as Discord allows.
 * {@link InteractionTranslator} reads the options back by the same catalogue, and {@link DiscordSyntax} writes them
 * in core's sentences.
 */
final class SlashCommands {
    /** The command the storybook's commands are subcommands of. */
    static final String STORY = "story";
    /** Discord allows 25 options per command: twelve photo and prompt pairs. */
    static final int MAX_OPTIONS = 25;

    private SlashCommands() {
    }

    static List<ApplicationCommandRequest> all(CommandCatalog catalog) {
        List<CommandCatalog.Command> offered = catalog.on(Platform.DISCORD);
        List<ApplicationCommandRequest> out = new ArrayList<>();
        List<ApplicationCommandOptionData> story = offered.stream()
                .filter(c -> c.topic() == CommandCatalog.Topic.STORYBOOK)
                .<ApplicationCommandOptionData>map(c -> ApplicationCommandOptionData.builder().name(c.name())
                        .description(c.description())
                        .type(Type.SUB_COMMAND.getValue()).addAllOptions(options(c, catalog)).build())
                .toList();
        if (!story.isEmpty()) {
            out.add(ApplicationCommandRequest.builder().name(STORY).description("Build a film from photos")
                    .addAllOptions(story).build());
        }
        // an operator's command is hidden from server members by default (permission "0": only administrators see it
        // in a server's command list; the bot answers only the operators it allow-lists, in a DM)
        offered.stream().filter(c -> c.topic() != CommandCatalog.Topic.STORYBOOK)
                .map(c -> {
                    var b = ApplicationCommandRequest.builder().name(c.name()).description(c.description())
                            .addAllOptions(options(c, catalog));
                    return c.topic() == CommandCatalog.Topic.OPERATOR ? b.defaultMemberPermissions("0").build()
                            : b.build();
                })
                .forEach(out::add);
        return out;
    }

    /** How many times a command's arguments come as options (its repeat, within Discord's option limit). */
    static int repeats(CommandCatalog.Command c) {
        long perSet = c.args().stream().filter(a -> a.type() != CommandCatalog.ArgType.SECRET).count();
        return c.repeat() == 1 || perSet == 0 ? 1 : (int) Math.min(c.repeat(), MAX_OPTIONS / perSet);
    }

    private static List<ApplicationCommandOptionData> options(CommandCatalog.Command c, CommandCatalog catalog) {
        List<ApplicationCommandOptionData> out = new ArrayList<>();
        int sets = repeats(c);
        for (int n = 1; n <= sets; n++) {
            for (CommandCatalog.Arg a : c.args()) {
                if (a.type() == CommandCatalog.ArgType.SECRET) {
                    continue;
                }
                String suffix = c.repeat() == 1 ? "" : String.valueOf(n);
                String description = c.repeat() == 1 ? a.description() : a.description() + " " + n;
                out.add(option(a, a.name() + suffix, description, a.required() && n == 1, catalog));
            }
        }
        // Discord wants required options first
        out.sort(Comparator.comparing(o -> !o.required().toOptional().orElse(false)));
        return out;
    }

    private static ApplicationCommandOptionData option(CommandCatalog.Arg a, String name, String description,
                                                       boolean required, CommandCatalog catalog) {
        ImmutableApplicationCommandOptionData.Builder b = ApplicationCommandOptionData.builder().name(name)
                .description(description).type(type(a.type()).getValue()).required(required);
        if (a.type() == CommandCatalog.ArgType.TEMPLATE) {
            b.autocomplete(true); // the bot suggests the member's templates as they type (DiscordBot.onAutocomplete)
        }
        if (a.type() == CommandCatalog.ArgType.PROVIDER) {
            catalog.providers().forEach(p -> b.addChoice(ApplicationCommandOptionChoiceData.builder()
                    .name(p.label()).value(p.value()).build()));
        }
        return b.build();
    }

    private static Type type(CommandCatalog.ArgType t) {
        return switch (t) {
            case INTEGER -> Type.INTEGER;
            case ATTACHMENT, AUDIO -> Type.ATTACHMENT;
            case WORD, TEXT, PROVIDER, SECRET, TEMPLATE -> Type.STRING;
        };
    }
}
