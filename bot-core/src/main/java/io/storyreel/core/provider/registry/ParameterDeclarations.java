package io.storyreel.core.provider.registry;

import io.storyreel.core.config.ConfigException;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.ParameterSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Completes a model's parameter list from its provider's declarations and checks each one, so a catalogue entry that
 * declares a parameter badly fails start-up with one line naming the file, the model and the problem rather than
 * refusing users later. A model names a provider declaration to take it as it is, or gives fields that override it
 * (a narrower range, {@code only} some combinations); a parameter the provider does not declare must be complete.
 */
final class ParameterDeclarations {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    /** The storybook's own settings: a parameter may not take one of their names. */
    static final Set<String> RESERVED = Set.of("model", "negative", "negative_prompt",
            "negativeprompt", "style", "style_suffix", "transitions", "transition", "captions", "caption", "music",
            "provider");
    /** The clip's shape: declared once by the provider, taken by every model that has a choice of it. */
    private static final Set<String> SHAPE = Set.of("mode", "duration", "resolution");

    private ParameterDeclarations() {
    }

    /**
     * {@link #resolve(String, String, List, List)}, then the provider's mode, duration and resolution declarations
     * for this model, their options its own combinations' (a mode only where it has modes, a resolution only where
     * its combinations name one).
     */
    static List<ParameterSpec> resolve(String source, String model, List<String> modes,
                                       List<ModelSpec.Combination> combinations, List<ParameterSpec> provider,
                                       List<ParameterSpec> own) {
        List<ParameterSpec> out = new ArrayList<>(resolve(source, model, provider, own));
        for (ParameterSpec p : provider == null ? List.<ParameterSpec>of() : provider) {
            if (!p.shapesTheClip()) {
                continue;
            }
            List<String> choices = switch (p.combination()) {
                case "mode" -> modes;
                case "duration" -> combinations.stream().map(ModelSpec.Combination::durationSeconds).distinct()
                        .sorted().map(String::valueOf).toList();
                default -> combinations.stream().map(ModelSpec.Combination::resolution).filter(Objects::nonNull)
                        .distinct().toList();
            };
            if (!choices.isEmpty()) {
                out.add(p.withOptions(choices));
            }
        }
        return List.copyOf(out);
    }

    static List<ParameterSpec> resolve(String source, String model, List<ParameterSpec> provider,
                                       List<ParameterSpec> own) {
        List<ParameterSpec> declared = provider == null ? List.of() : provider;
        Set<String> names = new HashSet<>();
        for (ParameterSpec p : declared) {
            check(source, "parameters", p);
            if (!names.add(p.name())) {
                throw new ConfigException(source + ": parameter " + p.name() + " is declared twice");
            }
        }
        List<ParameterSpec> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (ParameterSpec p : own == null ? List.<ParameterSpec>of() : own) {
            if (p.name() != null && SHAPE.contains(p.name())) {
                throw new ConfigException(source + ": model " + model + " lists " + p.name() + ", which the provider "
                        + "declares for every model (its choices are the model's combinations)");
            }
            if (p.name() == null) {
                throw new ConfigException(source + ": model " + model + " has a parameter without a name");
            }
            ParameterSpec full = declared.stream().filter(d -> d.name().equals(p.name())).findFirst()
                    .map(p::over).orElse(p);
            check(source, "model " + model, full);
            if (!taken.add(full.name())) {
                throw new ConfigException(source + ": model " + model + " lists parameter " + p.name() + " twice");
            }
            out.add(full);
        }
        return List.copyOf(out);
    }

    private static void check(String source, String where, ParameterSpec p) {
        String what = source + ": " + where + ": parameter " + p.name();
        if (p.name() == null || !NAME.matcher(p.name()).matches() || RESERVED.contains(p.name())) {
            throw new ConfigException(what + ": the name must be lower case letters, digits and _ (at most 32) "
                    + "and not one of the storybook's own settings");
        }
        if (p.type() == null) {
            throw new ConfigException(what + " has no type (number, choice, switch or text) or is not declared by "
                    + "the provider");
        }
        if (SHAPE.contains(p.name()) != p.shapesTheClip() || p.shapesTheClip() && !p.name().equals(p.combination())) {
            throw new ConfigException(what + ": mode, duration and resolution are declared with combination: and "
                    + "their own name, and only they");
        }
        if (p.shapesTheClip()) {
            if (p.type() != ParameterSpec.Type.CHOICE || p.field() != null || !p.options().isEmpty()
                    || p.defaultValue() != null) {
                throw new ConfigException(what + ": a choice without field, options or default (the client sends "
                        + "the combination; the choices are the model's combinations)");
            }
        } else if (p.combination() != null) {
            if (!ParameterSpec.COMBINATION_KEYS.contains(p.combination()) || p.type() != ParameterSpec.Type.SWITCH
                    || p.field() != null) {
                throw new ConfigException(what + ": combination takes " + String.join(", ",
                        ParameterSpec.COMBINATION_KEYS) + ", on a switch without a field (the client sends the "
                        + "combination's own value)");
            }
        } else if (p.field() == null || !FIELD.matcher(p.field()).matches()) {
            throw new ConfigException(what + " needs a field: the dotted path in the request body, e.g. cfg_scale");
        }
        if (p.description() == null || p.description().isBlank()) {
            throw new ConfigException(what + " needs a one-line description");
        }
        switch (p.type()) {
            case NUMBER -> {
                if (p.min() != null && p.max() != null && p.min() >= p.max() || p.step() != null && p.step() <= 0) {
                    throw new ConfigException(what + ": min must be below max and step positive");
                }
            }
            case CHOICE -> {
                if (!p.shapesTheClip() && p.options().isEmpty() || p.options().stream().anyMatch(o -> o.value() == null || o.value().isBlank())) {
                    throw new ConfigException(what + ": a choice needs options, each with a value");
                }
            }
            default -> {
            }
        }
        if (p.defaultValue() != null && p.defaultText() == null) {
            throw new ConfigException(what + ": the default " + p.defaultValue() + " is not allowed; it takes "
                    + p.allowed());
        }
    }
}
