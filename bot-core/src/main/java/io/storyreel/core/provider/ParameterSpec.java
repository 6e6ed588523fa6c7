package io.storyreel.core.provider;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One setting a model takes beyond mode, duration and resolution, declared in its catalogue entry (the provider's
 * YAML) rather than in code: its {@code name} (what users type after {@code settings}), its {@link Type}, the range
 * and step of a number, the options of a choice, a text's length limit, its {@code default} (sent when the user
 * chose nothing; none means the field is left out), a one-line {@code description}, and {@code field}, the dotted
 * path in the create request's JSON body where the value goes ({@code camera_control}, {@code parameters.seed}).
 * {@code only} limits it to some combinations of the model ({@code pro-5} for mode-duration, or a mode or a
 * resolution). A switch is sent as true/false unless {@code on}/{@code off} say what to send; a choice option sends
 * its {@code send} value (any JSON) when it has one, else its name. Values are kept as canonical text (see
 * {@link #check}); {@link #json} turns one into what the provider gets. A parameter with {@code combination} instead
 * of a field picks among the model's combinations rather than adding a field: {@code combination: audio} (a switch)
 * keeps the combinations with or without sound, so the price is the one of the clip made, and the provider's client
 * sends its own sound switch from the combination, as it always has (see {@link #picks}).
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ParameterSpec(String name, Type type, String label, String description,
                            @JsonProperty("default") Object defaultValue, Double min, Double max, Double step,
                            Integer maxLength, List<Option> options, String field, List<String> only, Object on,
                            Object off, String combination) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ON = Set.of("on", "yes", "true", "1");
    private static final Set<String> OFF = Set.of("off", "no", "false", "0");

    /** What kind of value a parameter takes. */
    public enum Type {
        NUMBER, CHOICE, SWITCH, TEXT;

        @JsonCreator
        static Type of(String s) {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        }
    }

    /** One option of a choice: the name users type, what people read for it, and what is sent (null: the name). */
    public record Option(String value, String label, Object send) {
        public String shown() {
            return label == null || label.isBlank() ? value : label;
        }
    }

    /** A parameter only named: a model's entry taking a declaration of its provider as it is. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ParameterSpec named(String name) {
        return new ParameterSpec(name, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public ParameterSpec {
        options = options == null ? List.of() : List.copyOf(options);
        only = only == null ? List.of() : List.copyOf(only);
    }

    /** This entry's fields over {@code base}'s: a model narrows or changes its provider's declaration. */
    public ParameterSpec over(ParameterSpec base) {
        return new ParameterSpec(name, or(type, base.type), or(label, base.label), or(description, base.description),
                or(defaultValue, base.defaultValue), or(min, base.min), or(max, base.max), or(step, base.step),
                or(maxLength, base.maxLength), options.isEmpty() ? base.options : options, or(field, base.field),
                only.isEmpty() ? base.only : only, or(on, base.on), or(off, base.off), or(combination, base.combination));
    }

    /** The name people read: the label, else the name. */
    public String shown() {
        return label == null || label.isBlank() ? name : label;
    }

    /** A value checked against this declaration: the canonical text, or the sentence saying why it was refused. */
    public record Check(String value, String refusal) {
        public boolean ok() {
            return refusal == null;
        }
    }

    /** Checks a typed value; "off", "none" or "default" on a number, choice or text clears it (the default again). */
    public Check check(String raw) {
        String v = raw == null ? "" : raw.strip();
        String lower = v.toLowerCase(Locale.ROOT);
        return switch (type) {
            case SWITCH -> ON.contains(lower) ? new Check("on", null) : OFF.contains(lower) ? new Check("off", null)
                    : refused();
            case NUMBER -> number(lower);
            case CHOICE -> options.stream().filter(o -> o.value().equalsIgnoreCase(v) || o.shown().equalsIgnoreCase(v))
                    .findFirst().map(o -> new Check(o.value(), null)).orElseGet(this::refused);
            case TEXT -> maxLength != null && v.codePointCount(0, v.length()) > maxLength ? refused()
                    : new Check(v, null);
        };
    }

    private Check number(String v) {
        BigDecimal n;
        try {
            n = new BigDecimal(v.replace(',', '.'));
        } catch (NumberFormatException e) {
            return refused();
        }
        if (min != null && n.compareTo(BigDecimal.valueOf(min)) < 0 || max != null && n.compareTo(BigDecimal.valueOf(max)) > 0) {
            return refused();
        }
        if (step != null && step > 0) {
            BigDecimal from = BigDecimal.valueOf(min == null ? 0 : min);
            if (n.subtract(from).remainder(BigDecimal.valueOf(step)).signum() != 0) {
                return refused();
            }
        }
        return new Check(n.stripTrailingZeros().toPlainString(), null);
    }

    private Check refused() {
        return new Check(null, shown() + " takes " + allowed() + ".");
    }

    /** What values it takes, in words: "a number from 0 to 1 in steps of 0.1", "on or off", "one of: a, b". */
    public String allowed() {
        return switch (type) {
            case SWITCH -> "on or off";
            case CHOICE -> "one of: " + options.stream().map(Option::value).collect(Collectors.joining(", "));
            case TEXT -> maxLength == null ? "any text" : "text of at most " + maxLength + " characters";
            case NUMBER -> "a number" + (min != null && max != null ? " from " + plain(min) + " to " + plain(max)
                    : min != null ? " of at least " + plain(min) : max != null ? " of at most " + plain(max) : "")
                    + (step != null && step > 0 ? (step == 1 ? ", whole numbers" : " in steps of " + plain(step)) : "");
        };
    }

    /** The default as canonical text, or null when the field is left out unless chosen. */
    public String defaultText() {
        if (defaultValue == null) {
            return null;
        }
        String raw = defaultValue instanceof Boolean b ? (b ? "on" : "off") : String.valueOf(defaultValue);
        Check c = check(raw);
        return c.ok() ? c.value() : null;
    }

    /** A value as people read it: a choice's label, a switch's on/off, a number or text as it is. */
    public String display(String value) {
        if (value == null) {
            return "–";
        }
        if (type == Type.CHOICE) {
            return option(value).map(Option::shown).orElse(value);
        }
        return type == Type.TEXT ? "\"" + value + "\"" : value;
    }

    /** The JSON the provider gets for a (checked) value. */
    public JsonNode json(String value) {
        return switch (type) {
            case SWITCH -> {
                boolean onNow = "on".equals(value);
                Object sent = onNow ? on : off;
                yield sent == null ? BooleanNode.valueOf(onNow) : JSON.valueToTree(sent);
            }
            case NUMBER -> {
                BigDecimal n = new BigDecimal(value);
                boolean whole = step != null && step == Math.rint(step) && n.stripTrailingZeros().scale() <= 0;
                yield whole ? LongNode.valueOf(n.longValueExact()) : DoubleNode.valueOf(n.doubleValue());
            }
            case CHOICE -> option(value).map(o -> o.send() == null ? (JsonNode) TextNode.valueOf(o.value())
                    : JSON.valueToTree(o.send())).orElse(TextNode.valueOf(value));
            case TEXT -> TextNode.valueOf(value);
        };
    }

    /**
     * The combination attributes a parameter may pick by: {@code audio} (a switch), and the model's {@code mode},
     * {@code duration} and {@code resolution} (choices, each named as what it picks, whose options are the model's
     * own combinations, so they cannot drift from the prices).
     */
    public static final List<String> COMBINATION_KEYS = List.of("audio", "mode", "duration", "resolution");

    /** Whether this is the model's mode, duration or resolution (kept as the storybook's own settings). */
    public boolean shapesTheClip() {
        return combination != null && !combination.equals("audio");
    }

    /** This declaration with {@code choices} as its options (each its own name; a duration reads "5 s"). */
    public ParameterSpec withOptions(List<String> choices) {
        List<Option> opts = choices.stream().map(v -> new Option(v, "duration".equals(combination) ? v + " s" : null,
                "duration".equals(combination) ? (Object) Integer.valueOf(v) : null)).toList();
        return new ParameterSpec(name, type, label, description, defaultValue, min, max, step, maxLength, opts, field,
                only, on, off, combination);
    }

    /** Whether {@code c} is one this (combination-picking) parameter keeps for {@code value}; true for the others. */
    public boolean picks(ModelSpec.Combination c, String value) {
        if (combination == null || value == null) {
            return true;
        }
        return switch (combination) {
            case "audio" -> c.audio() == "on".equals(value);
            case "mode" -> value.equalsIgnoreCase(String.valueOf(c.mode()));
            case "duration" -> value.equals(String.valueOf(c.durationSeconds()));
            case "resolution" -> value.equalsIgnoreCase(String.valueOf(c.resolution()));
            default -> true;
        };
    }

    /**
     * Whether the model honours it in this combination: always when {@code only} is empty, else when it names the
     * combination's {@code mode-duration}, its mode or its resolution.
     */
    public boolean honouredIn(ModelSpec.Combination c) {
        if (only.isEmpty()) {
            return true;
        }
        String modeDuration = c.mode() + "-" + c.durationSeconds();
        return only.stream().anyMatch(o -> o.equalsIgnoreCase(modeDuration) || o.equalsIgnoreCase(String.valueOf(c.mode()))
                || o.equalsIgnoreCase(String.valueOf(c.resolution())));
    }

    private Optional<Option> option(String value) {
        return options.stream().filter(o -> o.value().equals(value)).findFirst();
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static <T> T or(T a, T b) {
        return a != null ? a : b;
    }
}
