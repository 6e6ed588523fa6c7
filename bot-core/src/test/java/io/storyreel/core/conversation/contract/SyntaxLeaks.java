package io.storyreel.core.conversation.contract;

import io.storyreel.core.chat.CommandSyntax;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** Finds bot messages that name a command in another platform's syntax. */
public final class SyntaxLeaks {
    /** Telegram forms that mean nothing on Discord, where storybook commands live under {@code /story}. */
    public static final Pattern TELEGRAM_ONLY = Pattern.compile(
            "(?<!/story )/(add|remove|move|prompt|make|list|new|cancel|status|redo)\\b|private chat with me"
                    + "|reply to (this|my storybook) message"
                    + "|/settings (KEY|model|mode|duration|resolution|negative|style|transitions|captions)\\b"
                    + "|/setkeys [a-z]+ [A-Z_]+");
    /** Discord forms that mean nothing on Telegram. */
    public static final Pattern DISCORD_ONLY = Pattern.compile("/story\\b|[a-z]+:(N|KEY|text|…|\\d)|opens a form");
    /** Any slash command at all: what a chat whose syntax is no platform's must never read. */
    public static final Pattern ANY_SLASH_COMMAND = Pattern.compile("(?<![\\w/.])/[a-z]+\\b");

    private SyntaxLeaks() {
    }

    /**
     * The pattern of what a chat using {@code syntax} must never read: the other platform's forms for a syntax that
     * writes like Telegram or like Discord, any slash command for one that writes like neither.
     */
    public static Pattern foreignTo(CommandSyntax syntax) {
        String list = syntax.command("list");
        if (list.equals("/list")) {
            return DISCORD_ONLY;
        }
        return list.startsWith("/story ") ? TELEGRAM_ONLY : ANY_SLASH_COMMAND;
    }

    /** The texts that leak another platform's syntax (empty when all is well). */
    public static List<String> in(CommandSyntax syntax, Collection<String> texts) {
        Pattern foreign = foreignTo(syntax);
        return texts.stream().filter(t -> t != null && foreign.matcher(t).find()).toList();
    }
}
