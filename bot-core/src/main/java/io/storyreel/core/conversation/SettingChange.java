package io.storyreel.core.conversation;

import io.storyreel.core.chat.Button;
import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.ParameterSpec;
import io.storyreel.core.provider.ParameterValues;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storybook.Aspect;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.StorybookSettings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code settings key value} (typed or from a button), checked against the provider's capabilities: the
 * result is either the new settings or a {@link Refusal} saying what was wrong, which {@link SettingsWording} words
 * for the chat. Also builds the settings keyboard, so buttons only ever offer choices the provider accepts.
 */
record SettingChange(StorybookSettings settings, Refusal refusal) {
    static final double CROSSFADE_SECONDS = 0.5;
    /** A choice with more options than this is typed, not offered as a row of buttons. */
    static final int MAX_CHOICE_BUTTONS = 5;

    /** What was wrong with a setting. */
    enum Problem {
        UNKNOWN_MODEL, NO_MODES, UNKNOWN_MODE, DURATION_NOT_A_NUMBER, UNKNOWN_DURATION, ONE_RESOLUTION,
        UNKNOWN_RESOLUTION, NEGATIVE_TOO_LONG, STYLE_TOO_LONG, UNKNOWN_TRANSITION, CROSSFADE_RANGE, CAPTIONS_ON_OFF,
        UNKNOWN_SETTING, NO_PLAN, FILM_MODES, LAST_PHOTO, UNKNOWN_ASPECT, UNKNOWN_FIT,
        /** A clip sound or music setting refused: {@link Refusal#detail} says what it takes. */
        SOUND,
        /** A model parameter refused: {@link Refusal#detail} is the sentence from its declaration. */
        PARAMETER
    }

    /**
     * Why a setting was refused: the problem, the provider's name, the values that are allowed (models, modes,
     * durations, resolutions), a length limit, for {@link Problem#NO_PLAN} what the provider cannot make, and for
     * {@link Problem#PARAMETER} the sentence naming what the parameter takes.
     */
    record Refusal(Problem problem, String provider, List<String> allowed, int max, ClipPlan.Problem plan,
                   String detail) {
        Refusal {
            allowed = allowed == null ? List.of() : List.copyOf(allowed);
        }

        Refusal(Problem problem, String provider, List<String> allowed, int max, ClipPlan.Problem plan) {
            this(problem, provider, allowed, max, plan, null);
        }
    }

    static SettingChange apply(VideoProvider provider, StorybookSettings s, String key, String rawValue) {
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
                    return fail(Problem.UNKNOWN_MODEL, caps, caps.models().stream().map(ModelSpec::id).toList(), 0);
                }
                // parameters the new model does not declare would only be refused at /make
                next = s.withModel(m.id()).withParameters(s.parameters().entrySet().stream()
                        .filter(e -> ParameterValues.declared(m, e.getKey()).isPresent())
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
                if (ClipPlan.resolve(provider, next).isEmpty()) {
                    // the old mode/duration/resolution may not exist on the new model: fall back to its defaults
                    next = next.withMode(null).withDuration(null).withResolution(null);
                }
            }
            case "film", "flow" -> {
                Optional<StorybookSettings.FilmMode> f = filmMode(lower);
                if (f.isEmpty()) {
                    return fail(Problem.FILM_MODES, caps, List.of("clips", "bridges"), 0);
                }
                next = s.withFilm(f.get());
            }
            case "last", "last_photo", "lastphoto" -> {
                if (Set.of("clip", "own", "animate").contains(lower)) {
                    next = s.withLastPhoto(StorybookSettings.LastPhoto.CLIP);
                } else if (Set.of("hold", "held", "end", "still").contains(lower)) {
                    next = s.withLastPhoto(StorybookSettings.LastPhoto.HOLD);
                } else {
                    return fail(Problem.LAST_PHOTO, caps, List.of("clip", "hold"), 0);
                }
            }
            case "aspect", "ratio", "aspect_ratio" -> {
                Optional<Aspect> a = Aspect.parse(lower);
                if (a.isEmpty() && !Set.of("auto", "photo", "off").contains(lower)) {
                    return fail(Problem.UNKNOWN_ASPECT, caps, List.of("16:9", "9:16", "1:1", "auto"), 0);
                }
                next = s.withAspect(a.orElse(null));
            }
            case "fit" -> {
                if (Set.of("crop", "cut").contains(lower)) {
                    next = s.withFit(StorybookSettings.Fit.CROP);
                } else if (Set.of("pad", "blur", "blurred").contains(lower)) {
                    next = s.withFit(StorybookSettings.Fit.PAD);
                } else {
                    return fail(Problem.UNKNOWN_FIT, caps, List.of("crop", "pad"), 0);
                }
            }
            case "mode" -> {
                if (filmMode(lower).isPresent()) {
                    // "clips" and "bridges" are no provider's mode name: the film's mode, as the issue spells it
                    return apply(provider, s, "film", lower);
                }
                if (model == null || model.modes().isEmpty()) {
                    return fail(Problem.NO_MODES, caps, List.of(), 0);
                }
                Optional<ParameterSpec> declared = ParameterValues.declared(model, "mode");
                if (declared.isPresent()) {
                    ParameterSpec.Check check = declared.get().check(value);
                    if (!check.ok()) {
                        return parameterFail(caps, check.refusal());
                    }
                    next = s.withMode(check.value());
                    break;
                }
                // a catalogue written before mode was declared (an operator's capabilities-file)
                String m = model.modes().stream().filter(x -> x.equalsIgnoreCase(value)).findFirst().orElse(null);
                if (m == null) {
                    return fail(Problem.UNKNOWN_MODE, caps, model.modes(), 0);
                }
                next = s.withMode(m);
            }
            case "duration" -> {
                Optional<ParameterSpec> declared = model == null ? Optional.empty()
                        : ParameterValues.declared(model, "duration");
                if (declared.isPresent()) {
                    ParameterSpec.Check check = declared.get().check(lower.replaceAll("\\s*(s|sec|seconds)$", ""));
                    if (!check.ok()) {
                        return parameterFail(caps, check.refusal());
                    }
                    next = s.withDuration(Integer.valueOf(check.value()));
                    break;
                }
                Integer d;
                try {
                    d = Integer.parseInt(lower.replaceAll("\\s*(s|sec|seconds)$", ""));
                } catch (NumberFormatException e) {
                    return fail(Problem.DURATION_NOT_A_NUMBER, caps, List.of(), 0);
                }
                if (model == null || model.combinations().stream().noneMatch(c -> c.durationSeconds() == d)) {
                    return fail(Problem.UNKNOWN_DURATION, caps, durations(model).stream().map(String::valueOf).toList(), 0);
                }
                next = s.withDuration(d);
            }
            case "resolution" -> {
                Optional<ParameterSpec> declared = model == null ? Optional.empty()
                        : ParameterValues.declared(model, "resolution");
                if (declared.isPresent()) {
                    ParameterSpec.Check check = declared.get().check(value);
                    if (!check.ok()) {
                        return parameterFail(caps, check.refusal());
                    }
                    next = s.withResolution(check.value());
                    break;
                }
                String r = model == null ? null : resolutions(model).stream().filter(x -> x.equalsIgnoreCase(value))
                        .findFirst().orElse(null);
                if (r == null) {
                    return model == null || resolutions(model).isEmpty() ? fail(Problem.ONE_RESOLUTION, caps, List.of(), 0)
                            : fail(Problem.UNKNOWN_RESOLUTION, caps, resolutions(model), 0);
                }
                next = s.withResolution(r);
            }
            case "negative", "negative_prompt", "negativeprompt" -> {
                if (value.length() > caps.maxPromptChars()) {
                    return fail(Problem.NEGATIVE_TOO_LONG, caps, List.of(), caps.maxPromptChars());
                }
                next = s.withNegativePrompt(clears(lower) ? null : value);
            }
            case "style", "style_suffix" -> {
                if (value.length() > caps.maxPromptChars() / 2) {
                    return fail(Problem.STYLE_TOO_LONG, caps, List.of(), caps.maxPromptChars() / 2);
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
                        return fail(Problem.UNKNOWN_TRANSITION, caps, List.of(), 0);
                    }
                    if (seconds < 0 || seconds > 2) {
                        return fail(Problem.CROSSFADE_RANGE, caps, List.of(), 0);
                    }
                }
                next = s.withCrossfade(seconds);
            }
            case "title", "title_card", "titlecard", "captions", "caption" -> {
                Optional<Boolean> on = onOff(lower);
                if (on.isEmpty()) {
                    return fail(Problem.CAPTIONS_ON_OFF, caps, List.of(), 0);
                }
                next = key.startsWith("title") ? s.withTitleCard(on.get()) : s.withCaptions(on.get());
            }
            case "sound", "clip_sound", "clipsound", "clip-sound" -> {
                Optional<Boolean> on = onOff(lower);
                if (on.isEmpty()) {
                    return soundFail(caps, SoundWording.soundUsage());
                }
                next = s.withSound(s.sound().withClipSound(on.get()));
            }
            case "music" -> {
                Optional<StorybookSettings> music = music(s, lower);
                if (music.isEmpty()) {
                    return soundFail(caps, SoundWording.musicSettingUsage());
                }
                next = music.get();
            }
            default -> {
                Optional<ParameterSpec> declared = model == null ? Optional.empty()
                        : ParameterValues.declared(model, key);
                if (declared.isEmpty()) {
                    boolean anyModel = caps.models().stream().anyMatch(x -> ParameterValues.declared(x, key).isPresent());
                    return anyModel ? parameterFail(caps, ParameterValues.ignored(caps, model, key))
                            : fail(Problem.UNKNOWN_SETTING, caps, List.of(), 0);
                }
                ParameterSpec p = declared.get();
                if (p.type() != ParameterSpec.Type.SWITCH && Set.of("default", "none", "off", "-", "clear").contains(lower)) {
                    next = s.withParameter(p.name(), null);
                } else {
                    ParameterSpec.Check check = p.check(value);
                    if (!check.ok()) {
                        return parameterFail(caps, check.refusal());
                    }
                    next = s.withParameter(p.name(), check.value());
                }
            }
        }
        Optional<ClipPlan> plan = ClipPlan.resolve(provider, next);
        if (plan.isEmpty()) {
            return new SettingChange(null, noPlan(provider, next));
        }
        try {
            ParameterValues.check(caps, plan.get().model(), plan.get().combination(), next.parameters());
        } catch (ProviderException e) {
            return parameterFail(caps, e.getMessage());
        }
        return new SettingChange(next, null);
    }

    /** {@code music volume 40}, {@code music fade 3}, {@code music duck 6}, {@code music loop off}, {@code music off}. */
    private static Optional<StorybookSettings> music(StorybookSettings s, String lower) {
        String[] words = lower.split("\\s+", 2);
        String what = words[0];
        String arg = words.length > 1 ? words[1].replaceAll("\\s*(%|s|sec|seconds|db)$", "") : "";
        if (Set.of("off", "none", "remove", "clear").contains(what) && arg.isEmpty()) {
            return Optional.of(s.withMusicFile(null, null));
        }
        try {
            switch (what) {
                case "volume", "vol" -> {
                    double v = Double.parseDouble(arg);
                    return v < 0 || v > 100 ? Optional.empty() : Optional.of(s.withMusic(s.musicBlob(), v / 100));
                }
                case "fade", "fadeout", "fade-out" -> {
                    double f = Double.parseDouble(arg);
                    return f < 0 || f > io.storyreel.core.storybook.FilmSound.MAX_FADE_SECONDS ? Optional.empty()
                            : Optional.of(s.withSound(s.sound().withFade(f)));
                }
                case "duck", "ducking" -> {
                    double d = Double.parseDouble(arg);
                    return d < 0 || d > io.storyreel.core.storybook.FilmSound.MAX_DUCK_DB ? Optional.empty()
                            : Optional.of(s.withSound(s.sound().withDuck(d)));
                }
                case "loop" -> {
                    return onOff(arg).map(on -> s.withSound(s.sound().withLoop(on)));
                }
                default -> {
                    return Optional.empty();
                }
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static SettingChange soundFail(Capabilities caps, String sentence) {
        return new SettingChange(null, new Refusal(Problem.SOUND, caps.displayName(), List.of(), 0, null, sentence));
    }

    private static SettingChange parameterFail(Capabilities caps, String sentence) {
        return new SettingChange(null, new Refusal(Problem.PARAMETER, caps.displayName(), List.of(), 0, null, sentence));
    }

    /** The provider can make no clip with these settings. */
    static Refusal noPlan(VideoProvider provider, StorybookSettings settings) {
        return new Refusal(Problem.NO_PLAN, provider.capabilities().displayName(), List.of(), 0,
                ClipPlan.problem(provider, settings));
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
        Map<String, String> effective = ParameterValues.effective(plan.model(), plan.combination(), s.parameters());
        for (ParameterSpec p : plan.model().parameters()) {
            if (!p.honouredIn(plan.combination()) || p.shapesTheClip()) {
                continue; // mode, duration and resolution have their rows above
            }
            String now = effective.get(p.name());
            if (p.type() == ParameterSpec.Type.SWITCH) {
                boolean on = "on".equals(now);
                rows.add(List.of(button(p.name(), on ? "off" : "on", p.shown() + ": " + (on ? "on" : "off"))));
            } else if (p.type() == ParameterSpec.Type.CHOICE && p.options().size() <= MAX_CHOICE_BUTTONS) {
                rows.add(p.options().stream()
                        .map(o -> button(p.name(), o.value(), mark(o.value().equals(now)) + o.shown())).toList());
            }
        }
        rows.add(List.of(
                button("film", "clips", mark(!s.bridges()) + "Clips"),
                button("film", "bridges", mark(s.bridges()) + "Bridges")));
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

    private static Optional<Boolean> onOff(String lower) {
        return Set.of("on", "yes", "true").contains(lower) ? Optional.of(true)
                : Set.of("off", "no", "false").contains(lower) ? Optional.of(false) : Optional.empty();
    }

    private static Optional<StorybookSettings.FilmMode> filmMode(String lower) {
        return switch (lower) {
            case "clips", "clip", "separate" -> Optional.of(StorybookSettings.FilmMode.CLIPS);
            case "bridges", "bridge", "flow" -> Optional.of(StorybookSettings.FilmMode.BRIDGES);
            default -> Optional.empty();
        };
    }

    private static boolean clears(String lower) {
        return lower.isEmpty() || Set.of("off", "none", "-", "clear").contains(lower);
    }

    private static SettingChange fail(Problem problem, Capabilities caps, List<String> allowed, int max) {
        return new SettingChange(null, new Refusal(problem, caps.displayName(), allowed, max, null));
    }
}
