package io.storyreel.sim.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.List;

/**
 * One input field of a fal model's schema (spec providers-next §2.9): its name, kind, whether it is required, its
 * default, and its limits.
 *
 * @param choices allowed values of an {@link Kind#ENUM} (strings, as fal's docs list them)
 * @param min     lower bound of a number, or NaN for none
 * @param max     upper bound of a number, the most characters of a string, the most items of a list, or NaN
 */
record FalField(String name, Kind kind, boolean required, JsonNode defaultValue, List<String> choices, double min,
                double max) {

    /** What a field holds. */
    enum Kind { STRING, IMAGE_URL, FILE_URL, BOOL, INT, FLOAT, ENUM, LIST }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final double NONE = Double.NaN;

    static FalField required(String name, Kind kind) {
        return new FalField(name, kind, true, null, List.of(), NONE, NONE);
    }

    static FalField optional(String name, Kind kind) {
        return new FalField(name, kind, false, null, List.of(), NONE, NONE);
    }

    static FalField text(String name, String dflt) {
        return new FalField(name, Kind.STRING, false, NODES.textNode(dflt), List.of(), NONE, NONE);
    }

    static FalField flag(String name, boolean dflt) {
        return new FalField(name, Kind.BOOL, false, NODES.booleanNode(dflt), List.of(), NONE, NONE);
    }

    static FalField oneOf(String name, String dflt, List<String> choices) {
        return new FalField(name, Kind.ENUM, false, dflt == null ? null : NODES.textNode(dflt), choices, NONE, NONE);
    }

    static FalField integer(String name, Integer dflt, int min, int max) {
        return new FalField(name, Kind.INT, false, dflt == null ? null : NODES.numberNode(dflt), List.of(), min, max);
    }

    static FalField decimal(String name, double dflt, double min, double max) {
        return new FalField(name, Kind.FLOAT, false, NODES.numberNode(dflt), List.of(), min, max);
    }

    static FalField list(String name, int maxItems) {
        return new FalField(name, Kind.LIST, false, null, List.of(), NONE, maxItems);
    }

    FalField limitedTo(int maxChars) {
        return new FalField(name, kind, required, defaultValue, choices, min, maxChars);
    }
}
