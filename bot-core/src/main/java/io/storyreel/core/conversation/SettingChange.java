package io.storyreel.core.conversation;

import io.storyreel.core.chat.Button;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.StorybookSettings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code settings key value} (typed or from a button), checked against the provider's capabilities: the
 * result is either the new settings or a reason written for the user. Also builds the settings keyboard, so
 * buttons only ever offer choices the provider accepts.
 */
record SettingChange(StorybookSettings settings, String error) {
    static final double CROSSFADE_SECONDS = 0.5;

    static SettingChange apply(CommandWording cs, VideoProvider provider, StorybookSettings s, String key, String rawValue) {
        Capabilities caps = provider.capabilities();
        String value = rawValue == null ? "" : rawValue.strip();
        String lower = value.toLowerCase(Locale.ROOT);
        ModelSpec model = caps.model(s.model() != null ? s.model() : caps.defaultModel()).orElse(null);
        StorybookSettings next;
        switch (key) {
            case "model" -> {
                ModelSpec m = caps.models().stream()
                        .filter(x -> x.id().equalsIgnoreCase(value) || x.label().equalsIgnoreCase(value))
                        .findFirst().orElse(null);
                if (m == null) {
                    return fail(caps.displayName() + " models are " + String.join(", ", caps.models().stream().map(ModelSpec::id).toList()) + ".");
                }
                next = s.withModel(m.id());
                if (ClipPlan.resolve(provider, next).isEmpty()) {
                    // the old mode/duration/resolution may not exist on the new model: fall back to its defaults
                    next = next.withMode(null).withDuration(null).withResolution(null);
                }
            }
            case "mode" -> {
                if (model == null || model.modes().isEmpty()) {
                    return fail("this model has no modes to choose from.");
                }
                String m = model.modes().stream().filter(x -> x.equalsIgnoreCase(value)).findFirst().orElse(null);
                if (m == null) {
                    return fail("modes are " + String.join(", ", model.modes()) + ".");
                }
                next = s.withMode(m);
            }
            case "duration" -> {
                Integer d;
                try {
                    d = Integer.parseInt(lower.replaceAll("\\s*(s|sec|seconds)$", ""));
                } catch (NumberFormatException e) {
                    return fail("the duration is a number of seconds, e.g. " + cs.setting("duration", "5") + ".");
                }
                if (model == null || model.combinations().stream().noneMatch(c -> c.durationSeconds() == d)) {
                    return fail("durations are " + String.join(", ", durations(model).stream().map(String::valueOf).toList()) + " seconds.");
                }
                next = s.withDuration(d);
            }
            case "resolution" -> {
                String r = model == null ? null : resolutions(model).stream().filter(x -> x.equalsIgnoreCase(value))
                        .findFirst().orElse(null);
                if (r == null) {
                    return fail(model == null || resolutions(model).isEmpty() ? "this model has one resolution only."
                            : "resolutions are " + String.join(", ", resolutions(model)) + ".");
                }
                next = s.withResolution(r);
            }
            case "negative", "negative_prompt", "negativeprompt" -> {
                if (value.length() > caps.maxPromptChars()) {
                    return fail("the negative prompt is too long (at most " + caps.maxPromptChars() + " characters).");
                }
                next = s.withNegativePrompt(clears(lower) ? null : value);
            }
            case "style", "style_suffix" -> {
                if (value.length() > caps.maxPromptChars() / 2) {
                    return fail("the style is too long (at most " + caps.maxPromptChars() / 2 + " characters).");
                }
                next = s.withStyleSuffix(clears(lower) ? null : value);
            }
            case "transitions", "transition" -> {
                double seconds;
                if (Set.of("cut", "cuts", "off", "none", "hard").contains(lower)) {
                    seconds = 0;
                } else if (Set.of("crossfade", "fade", "on").contains(lower)) {
                    seconds = CROSSFADE_SECONDS;
                } else {
                    try {
                        seconds = Double.parseDouble(lower.replaceAll("\\s*s$", ""));
                    } catch (NumberFormatException e) {
                        return fail("transitions are \"cuts\", \"crossfade\" or a crossfade length in seconds (0 to 2).");
                    }
                    if (seconds < 0 || seconds > 2) {
                        return fail("a crossfade lasts 0 to 2 seconds.");
                    }
                }
                next = s.withCrossfade(seconds);
            }
            case "captions", "caption" -> {
                if (Set.of("on", "yes", "true").contains(lower)) {
                    next = s.withCaptions(true);
                } else if (Set.of("off", "no", "false").contains(lower)) {
                    next = s.withCaptions(false);
                } else {
                    return fail("captions are \"on\" or \"off\".");
                }
            }
            default -> {
                return fail(SettingsWording.settingsUsage(cs));
            }
        }
        if (ClipPlan.resolve(provider, next).isEmpty()) {
            return fail(SettingsWording.planProblem(cs, ClipPlan.problem(provider, next)));
        }
        return new SettingChange(next, null);
    }

    /** The keyboard under the settings message: only combinations the provider accepts, the current one marked. */
    static List<List<Button>> buttons(VideoProvider provider, ClipPlan plan) {
        Capabilities caps = provider.capabilities();
        List<List<Button>> rows = new ArrayList<>();
        if (caps.models().size() > 1) {
            rows.add(caps.models().stream()
                    .map(m -> button("model", m.id(), mark(m.id().equals(plan.model().id())) + m.label())).toList());
        }
        if (!plan.model().modes().isEmpty()) {
            rows.add(plan.model().modes().stream()
                    .map(m -> button("mode", m, mark(m.equals(plan.combination().mode())) + m)).toList());
        }
        List<Integer> durations = durations(plan.model());
        if (durations.size() > 1) {
            rows.add(durations.stream()
                    .map(d -> button("duration", String.valueOf(d), mark(d == plan.combination().durationSeconds()) + d + " s")).toList());
        }
        List<String> resolutions = resolutions(plan.model());
        if (resolutions.size() > 1) {
            rows.add(resolutions.stream()
                    .map(r -> button("resolution", r, mark(r.equalsIgnoreCase(Objects.toString(plan.combination().resolution(), ""))) + r)).toList());
        }
        StorybookSettings s = plan.settings();
        rows.add(List.of(
                button("transitions", "cuts", mark(s.crossfadeSeconds() == 0) + "Cuts"),
                button("transitions", "crossfade", mark(s.crossfadeSeconds() > 0) + "Crossfade"),
                button("captions", s.captions() ? "off" : "on", s.captions() ? "Captions: on" : "Captions: off")));
        return rows;
    }

    private static Button button(String key, String value, String label) {
        return new ButtonAction(ButtonAction.Verb.SETTING, key, value).button(label);
    }

    private static String mark(boolean current) {
        return current ? "• " : "";
    }

    private static List<Integer> durations(ModelSpec model) {
        if (model == null) {
            return List.of();
        }
        Set<Integer> out = new LinkedHashSet<>();
        model.combinations().forEach(c -> out.add(c.durationSeconds()));
        return List.copyOf(out);
    }

    private static List<String> resolutions(ModelSpec model) {
        Set<String> out = new LinkedHashSet<>();
        model.combinations().stream().map(ModelSpec.Combination::resolution).filter(Objects::nonNull).forEach(out::add);
        return List.copyOf(out);
    }

    private static boolean clears(String lower) {
        return lower.isEmpty() || Set.of("off", "none", "-", "clear").contains(lower);
    }

    private static SettingChange fail(String why) {
        return new SettingChange(null, why);
    }
}
