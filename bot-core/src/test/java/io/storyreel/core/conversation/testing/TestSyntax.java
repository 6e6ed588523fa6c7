package io.storyreel.core.conversation.testing;

import io.storyreel.core.chat.CommandCatalog;
import io.storyreel.core.chat.CommandSyntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Command syntaxes for core's own tests, which cannot see the adapters: one written like Telegram's (words after the
 * command), one like Discord's (storybook commands under {@code /story}, named options, keys in a form), and a
 * neutral one that no platform uses ({@code ⟨remove N⟩}), so a test can tell a command named through the syntax from
 * one written into a sentence by hand. The adapters' own syntaxes are tested in their modules.
 */
public final class TestSyntax implements CommandSyntax {
    private enum Style { WORDS, OPTIONS, NEUTRAL }

    private final Style style;
    private final CommandCatalog catalog;

    private TestSyntax(Style style) {
        this.style = style;
        this.catalog = TestBot.catalog();
    }

    /** {@code /remove 2}, photos as captioned messages, text replies, keys typed in a private chat. */
    public static TestSyntax telegramLike() {
        return new TestSyntax(Style.WORDS);
    }

    /** {@code /story remove scene:2}, photos and prompts only by command, keys in a private form. */
    public static TestSyntax discordLike() {
        return new TestSyntax(Style.OPTIONS);
    }

    /** {@code ⟨remove 2⟩}: no platform's form, so any {@code /command} in a sentence was written by hand. */
    public static TestSyntax neutral() {
        return new TestSyntax(Style.NEUTRAL);
    }

    @Override
    public String command(String name, String... values) {
        List<String> parts = new ArrayList<>();
        List<CommandCatalog.Arg> args = catalog.find(name).map(CommandCatalog.Command::args).orElse(List.of());
        for (int i = 0; i < values.length && i < args.size(); i++) {
            CommandCatalog.Arg a = args.get(i);
            if (values[i] != null && !(style == Style.OPTIONS && a.type() == CommandCatalog.ArgType.SECRET)) {
                parts.add(style == Style.OPTIONS ? a.name() + ":" + values[i] : values[i]);
            }
        }
        return form(name, parts);
    }

    @Override
    public String usage(String name) {
        List<String> parts = new ArrayList<>();
        for (CommandCatalog.Arg a : catalog.find(name).map(CommandCatalog.Command::args).orElse(List.of())) {
            String one = style == Style.OPTIONS ? a.name() + ":" + (a.required() ? a.placeholder() : "…") : a.placeholder();
            parts.add(a.required() ? one : "[" + one + "]");
        }
        return form(name, parts);
    }

    private String form(String name, List<String> parts) {
        String head = switch (style) {
            case WORDS -> "/" + name;
            case OPTIONS -> catalog.find(name).filter(c -> c.topic() == CommandCatalog.Topic.STORYBOOK).isPresent()
                    ? "/story " + name : "/" + name;
            case NEUTRAL -> "⟨" + name;
        };
        String body = parts.isEmpty() ? head : head + " " + String.join(" ", parts);
        return style == Style.NEUTRAL ? body + "⟩" : body;
    }

    @Override
    public boolean offers(String name) {
        return catalog.find(name).isPresent() && (style != Style.WORDS || !name.equals("create"));
    }

    @Override
    public boolean photosInMessages() {
        return style != Style.OPTIONS;
    }

    @Override
    public boolean repliesToMessages() {
        return style != Style.OPTIONS;
    }

    @Override
    public boolean keysInForm() {
        return style == Style.OPTIONS;
    }

    @Override
    public String toString() {
        return "TestSyntax[" + style + "]";
    }
}
