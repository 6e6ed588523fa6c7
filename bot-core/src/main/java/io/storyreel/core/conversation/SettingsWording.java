package io.storyreel.core.conversation;

import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.CostEstimate;
import io.storyreel.core.provider.ParameterSpec;
import io.storyreel.core.provider.ParameterValues;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.StorybookSettings;

import java.util.List;
import java.util.Map;

/** What the bot says about providers and a storybook's settings: the provider menu and prices, the settings card, refusals. */
final class SettingsWording {
    private SettingsWording() {
    }

    static String providerMenu(List<String> lines, String current) {
        return "Which provider should animate your photos? One clip costs about:\n" + String.join("\n", lines)
                + (current == null ? "" : "\nNow: " + current + ".");
    }

    static String providerLine(Capabilities caps, ClipPlan plan, CostEstimate cost) {
        return "• " + caps.displayName() + ": " + Wording.money(cost) + " (" + plan.model().label() + ", "
                + plan.combination().durationSeconds() + " s)";
    }

    static String providerSet(CommandWording cs, String name) {
        return "Films in this chat will be made with " + name + ". " + cs.settings() + " to fine-tune, " + cs.make() + " when ready.";
    }

    static String unknownProvider(String name, List<String> known) {
        return "I don't know the provider \"" + name + "\". Choose one of: " + String.join(", ", known) + ".";
    }

    static String settings(CommandWording cs, String providerName, ClipPlan plan, StorybookSettings s) {
        return "⚙️ Settings (" + providerName + ")\n"
                + "Model: " + plan.model().label() + " · Mode: " + Wording.orDash(plan.combination().mode())
                + " · Duration: " + plan.combination().durationSeconds() + " s · Resolution: " + Wording.orDash(plan.combination().resolution()) + "\n"
                + "Negative prompt: " + Wording.orDash(s.negativePrompt()) + "\n"
                + "Style added to every prompt: " + Wording.orDash(s.styleSuffix()) + "\n"
                + "Transitions: " + (s.crossfadeSeconds() > 0 ? "crossfade " + Wording.trim(s.crossfadeSeconds()) + " s" : "hard cuts")
                + " · Captions: " + (s.captions() ? "on" : "off") + " · Title card: " + (s.titleCard() ? "on" : "off") + "\n"
                + "Film: " + (s.bridges() ? "bridges (each clip ends on the next photo; last photo: "
                + (s.lastPhoto() == StorybookSettings.LastPhoto.HOLD ? "held" : "its own clip") + ")" : "clips (one per photo)")
                + " · Aspect: " + (s.aspect() == null ? "from the first photo" : s.aspect().label())
                + " · Fit: " + (s.fit() == StorybookSettings.Fit.PAD ? "blurred pad" : "centre crop") + "\n"
                + SoundWording.settingsLine(cs, s, plan.combination().audio())
                + parameters(plan, s)
                + "Tap a button, or type e.g. " + cs.setting("duration", "10") + ", " + cs.setting("style", "watercolor")
                + ", " + cs.setting("negative", "blurry") + ".";
    }

    /**
     * One line per parameter the model declares: its name, the value it will get (chosen, else the default, else
     * the provider's own), what it takes and its description. Empty when the model has none.
     */
    static String parameters(ClipPlan plan, StorybookSettings s) {
        Map<String, String> effective = ParameterValues.effective(plan.model(), plan.combination(), s.parameters());
        StringBuilder out = new StringBuilder();
        for (ParameterSpec p : plan.model().parameters()) {
            if (p.shapesTheClip()) {
                continue; // mode, duration and resolution are on the card's first line
            }
            String now = effective.get(p.name());
            out.append("• ").append(p.name()).append(": ")
                    .append(!p.honouredIn(plan.combination()) ? "only in " + String.join(", ", p.only())
                            : now == null ? "provider's default" : p.display(now)
                            + (s.parameters().containsKey(p.name()) ? "" : " (default)"))
                    .append(" (").append(p.allowed()).append(") · ").append(p.description()).append("\n");
        }
        return out.toString();
    }

    /** The chosen parameter values for an estimate or a film's summary, e.g. "cfg_scale 0.7 · camera zoom in". */
    static String chosenParameters(ClipPlan plan) {
        return ParameterValues.describe(plan.model(), plan.settings().parameters());
    }

    static String settingsUsage(CommandWording cs) {
        return "Use " + cs.setting("KEY", "VALUE") + " with KEY one of: model, mode, duration, resolution, negative, style, transitions, captions, "
                + "film (clips or bridges), last (clip or hold), aspect (16:9, 9:16, 1:1 or auto), fit (crop or pad), title (on or off: the storybook's title over the first second), "
                + "or a parameter the settings card lists. Use \"off\" to clear negative or style, \"default\" to reset a parameter.";
    }

    /** A refused setting: what was wrong, and what is allowed. */
    static String settingRefused(CommandWording cs, SettingChange.Refusal r) {
        String why = switch (r.problem()) {
            case UNKNOWN_MODEL -> r.provider() + " models are " + String.join(", ", r.allowed()) + ".";
            case NO_MODES -> "this model has no modes to choose from.";
            case UNKNOWN_MODE -> "modes are " + String.join(", ", r.allowed()) + ".";
            case DURATION_NOT_A_NUMBER -> "the duration is a number of seconds, e.g. " + cs.setting("duration", "5") + ".";
            case UNKNOWN_DURATION -> "durations are " + String.join(", ", r.allowed()) + " seconds.";
            case ONE_RESOLUTION -> "this model has one resolution only.";
            case UNKNOWN_RESOLUTION -> "resolutions are " + String.join(", ", r.allowed()) + ".";
            case NEGATIVE_TOO_LONG -> "the negative prompt is too long (at most " + r.max() + " characters).";
            case STYLE_TOO_LONG -> "the style is too long (at most " + r.max() + " characters).";
            case UNKNOWN_TRANSITION -> "transitions are \"cuts\", \"crossfade\" or a crossfade length in seconds (0 to 2).";
            case CROSSFADE_RANGE -> "a crossfade lasts 0 to 2 seconds.";
            case CAPTIONS_ON_OFF -> "captions and the title card are \"on\" or \"off\".";
            case FILM_MODES -> "the film is \"clips\" (one per photo) or \"bridges\" (each clip ends on the next photo).";
            case LAST_PHOTO -> "the last photo of a bridges film gets its own \"clip\" or is a \"hold\" (the film ends on it).";
            case UNKNOWN_ASPECT -> "the aspect is 16:9, 9:16, 1:1, or \"auto\" (from the first photo).";
            case UNKNOWN_FIT -> "photos of another shape are fitted by \"crop\" (centre) or \"pad\" (a blurred copy behind).";
            case NO_PLAN -> planProblem(cs, r.plan());
            case PARAMETER, SOUND -> r.detail();
            case UNKNOWN_SETTING -> null;
        };
        return why == null ? "I don't know that setting. " + settingsUsage(cs) : cannotUse(why);
    }

    static String cannotUse(String why) {
        return "I can't use that setting: " + why;
    }

    /**
     * A model whose own ratio parameter has no value of the film's chosen aspect: which aspects it makes, and the way
     * out (another aspect, or another model).
     */
    static String noFilmShape(CommandWording cs, String provider, String model, String aspect, List<String> makes) {
        String others = makes.isEmpty() ? "" : String.join(" or ", makes.stream().map(a -> cs.setting("aspect", a)).toList())
                + ", or ";
        return provider + " " + model + " makes no " + aspect + " clips"
                + (makes.isEmpty() ? "" : " (it makes " + Wording.and(makes) + ")") + ", so nothing would come back in "
                + "the film's shape. Choose " + others + "another model in " + cs.settings() + ".";
    }

    /** The user's own value for a model's ratio parameter has another shape than the film's chosen aspect. */
    static String frameNotFilmShape(CommandWording cs, String parameter, String value, String aspect, String fitting) {
        return "your " + parameter + " " + value + " is not the film's " + aspect + " shape, so its clips would come back "
                + "between bars. Choose " + (fitting == null ? "" : cs.setting(parameter, fitting) + " or ")
                + cs.setting(parameter, "none") + " (the film's aspect decides).";
    }

    /** Why the storybook's settings make no clip with its provider ({@link ClipPlan#problem}). */
    static String planProblem(CommandWording cs, ClipPlan.Problem p) {
        if (p.unknownModel()) {
            return p.provider() + " has no model " + p.model() + ".";
        }
        StringBuilder wanted = new StringBuilder();
        if (p.mode() != null) {
            wanted.append(" mode ").append(p.mode());
        }
        if (p.durationSeconds() != null) {
            wanted.append(" ").append(p.durationSeconds()).append(" s");
        }
        if (p.resolution() != null) {
            wanted.append(" at ").append(p.resolution());
        }
        return p.provider() + " " + p.model() + " cannot make" + wanted + ". Pick another combination in " + cs.settings() + ".";
    }
}
