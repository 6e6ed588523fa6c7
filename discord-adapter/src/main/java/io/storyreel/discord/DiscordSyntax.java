package io.storyreel.discord;

import io.storyreel.core.chat.CommandCatalog;
import io.storyreel.core.chat.CommandSyntax;
import io.storyreel.core.chat.Platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How Discord users write the bot's commands: the slash commands {@link SlashCommands} registers from the same
 * catalogue, the storybook's under {@code /story}, with named options ({@code /story remove scene:2},
 * {@code /settings option:duration value:10}). Keys are never typed: {@code /setkeys} opens a form only the member
 * sees. Photos and prompts come only through commands, and a text reply is no answer the bot can read.
 */
public final class DiscordSyntax implements CommandSyntax {
    private final CommandCatalog catalog;

    public DiscordSyntax(CommandCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    @Override
    public String command(String name, String... values) {
        List<String> words = new ArrayList<>();
        words.add(head(name));
        List<CommandCatalog.Arg> args = options(name);
        for (int i = 0; i < values.length && i < args.size(); i++) {
            if (values[i] != null) {
                words.add(args.get(i).name() + ":" + values[i]);
            }
        }
        return String.join(" ", words);
    }

    @Override
    public String usage(String name) {
        List<String> words = new ArrayList<>();
        words.add(head(name));
        for (CommandCatalog.Arg a : options(name)) {
            words.add(a.required() ? a.name() + ":" + a.placeholder() : "[" + a.name() + ":…]");
        }
        return String.join(" ", words);
    }

    @Override
    public boolean offers(String name) {
        return catalog.find(name).filter(c -> c.offeredOn(Platform.DISCORD)).isPresent();
    }

    @Override
    public boolean photosInMessages() {
        return false;
    }

    @Override
    public boolean repliesToMessages() {
        return false;
    }

    @Override
    public boolean keysInForm() {
        return true;
    }

    private String head(String name) {
        boolean storybook = catalog.find(name).filter(c -> c.topic() == CommandCatalog.Topic.STORYBOOK).isPresent();
        return storybook ? "/" + SlashCommands.STORY + " " + name : "/" + name;
    }

    /** The arguments that are slash options: keys are never one, they go into the form. */
    private List<CommandCatalog.Arg> options(String name) {
        return catalog.find(name).map(c -> c.args().stream()
                .filter(a -> a.type() != CommandCatalog.ArgType.SECRET).toList()).orElse(List.of());
    }
}
