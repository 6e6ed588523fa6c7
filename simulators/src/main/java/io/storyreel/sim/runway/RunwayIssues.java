package io.storyreel.sim.runway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.sim.taskapi.SimExchange;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code issues[]} of a Runway validation answer, in the zod style of the observed bodies (spec §1.6):
 * {@code {code, path, message?, values?, keys?}} with zod 4's codes and wording ({@code invalid_type},
 * {@code invalid_value}, {@code too_big}, {@code too_small}, {@code unrecognized_keys}, {@code custom}). Every problem
 * in a body is collected before the answer is sent.
 */
final class RunwayIssues {

    private final ArrayNode issues = SimExchange.JSON.createArrayNode();

    boolean any() {
        return !issues.isEmpty();
    }

    void throwIfAny() throws RunwayError {
        if (any()) {
            throw RunwayError.validation(issues);
        }
    }

    void invalidType(List<Object> path, String expected, JsonNode received) {
        add("invalid_type", path, "Invalid input: expected " + expected + ", received " + typeOf(received))
                .put("expected", expected);
    }

    void invalidValue(List<Object> path, Collection<?> values) {
        ObjectNode n = add("invalid_value", path, "Invalid option: expected one of "
                + values.stream().map(RunwayIssues::literal).collect(Collectors.joining("|")));
        ArrayNode v = n.putArray("values");
        values.forEach(x -> v.add(SimExchange.JSON.valueToTree(x)));
    }

    void tooBig(List<Object> path, String origin, long maximum) {
        add("too_big", path, "Too big: expected " + origin + " to " + (origin.equals("number") ? "be <=" + maximum
                : "have <=" + maximum + (origin.equals("string") ? " characters" : " items")))
                .put("origin", origin).put("maximum", maximum);
    }

    void tooSmall(List<Object> path, String origin, long minimum) {
        add("too_small", path, "Too small: expected " + origin + " to " + (origin.equals("number") ? "be >=" + minimum
                : "have >=" + minimum + (origin.equals("string") ? " characters" : " items")))
                .put("origin", origin).put("minimum", minimum);
    }

    void unrecognizedKeys(List<Object> path, Collection<String> keys) {
        ObjectNode n = add("unrecognized_keys", path, "Unrecognized key" + (keys.size() > 1 ? "s" : "") + ": "
                + keys.stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(", ")));
        ArrayNode k = n.putArray("keys");
        keys.forEach(k::add);
    }

    void custom(List<Object> path, String message) {
        add("custom", path, message);
    }

    private ObjectNode add(String code, List<Object> path, String message) {
        ObjectNode n = issues.addObject();
        n.put("code", code);
        ArrayNode p = n.putArray("path");
        for (Object o : path) {
            if (o instanceof Integer i) {
                p.add(i);
            } else {
                p.add(o.toString());
            }
        }
        n.put("message", message);
        return n;
    }

    private static String literal(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static String typeOf(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "undefined";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return "string";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        return v.isArray() ? "array" : "object";
    }
}
