package io.storyreel.core.conversation;

import io.storyreel.core.template.Template;

import java.util.List;
import java.util.stream.Collectors;

/** What the bot says about templates: saved, applied, listed, deleted, and why not. */
final class TemplateWording {
    private TemplateWording() {
    }

    static String usage(CommandWording cs) {
        return "Templates keep a storybook's settings to use again: " + cs.command("template", "save", "NAME")
                + " (add \"prompts\" to keep the prompts too), " + cs.command("template", "use", "NAME") + ", "
                + cs.command("template", "list") + ", " + cs.command("template", "delete", "NAME") + ".";
    }

    static String unavailable() {
        return "Templates are not available on this bot.";
    }

    static String badName(String raw) {
        return "\"" + raw + "\" can't be a template name: use 1 to 32 letters, digits, - or _.";
    }

    static String saved(String name, boolean group, boolean replaced, int prompts) {
        return (replaced ? "Replaced" : "Saved") + " the template \"" + name + "\""
                + (prompts > 0 ? " with " + prompts + " " + Wording.plural(prompts, "prompt") : "")
                + (group ? " for everyone in this group." : " for you (in any chat with me).");
    }

    static String unknown(CommandWording cs, String name, List<Template> visible) {
        return "There is no template \"" + name + "\" here. " + (visible.isEmpty()
                ? "Save one with " + cs.command("template", "save", "NAME") + "."
                : "Templates here: " + visible.stream().map(Template::name).distinct().collect(Collectors.joining(", ")) + ".");
    }

    static String list(CommandWording cs, List<Template> visible) {
        if (visible.isEmpty()) {
            return "No templates yet. " + usage(cs);
        }
        return "Templates:\n" + visible.stream().map(t -> "• " + t.name() + " (" + (t.scope() == Template.Scope.CHAT
                ? "this group" : "yours") + ", " + (t.provider() == null ? "any provider" : t.provider())
                + (t.prompts().isEmpty() ? "" : ", " + t.prompts().size() + " " + Wording.plural(t.prompts().size(), "prompt"))
                + ")").collect(Collectors.joining("\n")) + "\nUse one with " + cs.command("template", "use", "NAME") + ".";
    }

    static String deleted(String name) {
        return "Deleted the template \"" + name + "\".";
    }

    static String notYours(String name, String savedBy) {
        return "Only " + (savedBy == null ? "the member who saved the template \"" + name + "\""
                : savedBy + " (who saved the template \"" + name + "\")") + " or a group admin can delete it. "
                + "Nothing was changed.";
    }

    static String applied(String name, String provider, String model, List<String> notes) {
        return "Applied the template \"" + name + "\": " + provider + ", " + model + "."
                + (notes.isEmpty() ? "" : " " + String.join(" ", notes));
    }

    static String providerGone(String provider, String now) {
        return "Its provider " + provider + " is not offered here, so the settings that fit " + now + " were kept.";
    }

    static String modelGone(String model, String nearest) {
        return "Its model " + model + " is no longer offered; " + nearest + " is used instead.";
    }

    static String promptsFilled(List<Integer> positions) {
        return "Prompts given to " + scenes(positions) + ".";
    }

    static String promptsDiffer(List<Integer> positions) {
        return Character.toUpperCase(scenes(positions).charAt(0)) + scenes(positions).substring(1)
                + " already " + (positions.size() == 1 ? "has its own prompt" : "have their own prompts")
                + ", kept unless you press the button.";
    }

    static String promptsWaiting(int count) {
        return count + " more " + Wording.plural(count, "prompt") + " than photos: add photos and use the template again.";
    }

    static String replaceLabel(List<Integer> positions) {
        return "Use the template's prompts for " + scenes(positions);
    }

    static String promptsReplaced(List<Integer> positions) {
        return "The template's prompts now stand for " + scenes(positions) + ".";
    }

    private static String scenes(List<Integer> positions) {
        return (positions.size() == 1 ? "scene " : "scenes ")
                + positions.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
