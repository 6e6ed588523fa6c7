package io.storyreel.telegram;

import io.storyreel.core.chat.CommandCatalog;
import io.storyreel.core.chat.CommandSyntax;
import io.storyreel.core.chat.Platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How Telegram users write the bot's commands: the command, then its values as words ({@code /remove 2},
 * {@code /settings duration 10}, {@code /setkeys kling AK SK}), which is exactly what {@link CommandLine} reads back.
 * Photos are messages whose caption is the prompt, a text reply answers the bot's question, and keys are typed in a
 * private chat with the bot, which deletes the message at once.
 */
public final class TelegramSyntax implements CommandSyntax {
    private final CommandCatalog catalog;

    public TelegramSyntax(CommandCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    @Override
    public String command(String name, String... values) {
        List<String> words = new ArrayList<>();
        words.add("/" + name);
        for (String v : values) {
            if (v != null) {
                words.add(v);
            }
        }
        return String.join(" ", words);
    }

    @Override
    public String usage(String name) {
        List<String> words = new ArrayList<>();
        words.add("/" + name);
        catalog.find(name).ifPresent(c -> c.args().forEach(a ->
                words.add(a.required() ? a.placeholder() : "[" + a.placeholder() + "]")));
        return String.join(" ", words);
    }

    @Override
    public boolean offers(String name) {
        return catalog.find(name).filter(c -> c.offeredOn(Platform.TELEGRAM)).isPresent();
    }

    @Override
    public boolean photosInMessages() {
        return true;
    }

    @Override
    public boolean repliesToMessages() {
        return true;
    }

    @Override
    public boolean keysInForm() {
        return false;
    }
}
