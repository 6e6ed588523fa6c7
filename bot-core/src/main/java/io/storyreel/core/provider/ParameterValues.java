package io.storyreel.core.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The values a request carries for its model's declared {@link ParameterSpec}s: checked before anything is spent
 * (a parameter the model does not take, or a value outside its declaration, is refused with a sentence naming what
 * is allowed), completed with the declared defaults, and put into the create request's JSON at each parameter's
 * {@code field}, so a provider client sends every declared parameter without knowing any of them.
 */
public final class ParameterValues {
    private ParameterValues() {
    }

    /** The model's declaration named {@code name}, if it has one. */
    public static Optional<ParameterSpec> declared(ModelSpec model, String name) {
        return model.parameters().stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * Refuses (INVALID_INPUT, the parameter's name as field) a value the model does not take in this combination or
     * that its declaration does not allow. {@code others} are the models of the provider that do take it, named in
     * the sentence.
     */
    public static void check(Capabilities caps, ModelSpec model, ModelSpec.Combination combination,
                             Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            Optional<ParameterSpec> spec = declared(model, e.getKey());
            if (spec.isEmpty()) {
                throw RequestValidator.invalid(e.getKey(), ignored(caps, model, e.getKey()));
            }
            ParameterSpec p = spec.get();
            if (!p.honouredIn(combination)) {
                throw RequestValidator.invalid(e.getKey(), model.label() + " takes " + p.shown() + " only in "
                        + String.join(", ", p.only()) + ".");
            }
            ParameterSpec.Check c = p.check(e.getValue());
            if (!c.ok()) {
                throw RequestValidator.invalid(e.getKey(), c.refusal());
            }
        }
    }

    /** The sentence for a parameter {@code model} ignores, naming the provider's models that take it. */
    public static String ignored(Capabilities caps, ModelSpec model, String name) {
        List<String> takers = caps.models().stream().filter(m -> declared(m, name).isPresent())
                .map(ModelSpec::label).toList();
        return model.label() + " ignores " + name + (takers.isEmpty() ? "; " + caps.displayName()
                + " has no such setting." : "; " + String.join(", ", takers) + (takers.size() == 1 ? " takes" : " take")
                + " it.");
    }

    /**
     * What is sent: each declared parameter honoured in the combination with its chosen value, else its default;
     * those with neither are left out. In declaration order.
     */
    public static Map<String, String> effective(ModelSpec model, ModelSpec.Combination combination,
                                                Map<String, String> chosen) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ParameterSpec p : model.parameters()) {
            if (!p.honouredIn(combination)) {
                continue;
            }
            String v = chosen.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(p.name()))
                    .map(Map.Entry::getValue).findFirst().orElse(p.defaultText());
            if (v != null) {
                out.put(p.name(), v);
            }
        }
        return out;
    }

    /**
     * Puts the effective values into {@code body}, each at its field's dotted path (objects made on the way); a
     * combination-picking parameter has no field here: it chose the combination the client sends.
     */
    public static ObjectNode apply(ObjectNode body, ModelSpec model, ModelSpec.Combination combination,
                                   Map<String, String> chosen) {
        for (Map.Entry<String, String> e : effective(model, combination, chosen).entrySet()) {
            ParameterSpec p = declared(model, e.getKey()).orElseThrow();
            if (p.field() != null) {
                put(body, p.field(), p.json(e.getValue()));
            }
        }
        return body;
    }

    /** The chosen values in words for summaries, e.g. "cfg_scale 0.7 · Camera: Zoom in"; empty when none. */
    public static String describe(ModelSpec model, Map<String, String> chosen) {
        return model.parameters().stream().filter(p -> chosen.containsKey(p.name()))
                .map(p -> p.shown() + " " + p.display(chosen.get(p.name()))).collect(Collectors.joining(" · "));
    }

    private static void put(ObjectNode body, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode at = body;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = at.get(parts[i]);
            at = next instanceof ObjectNode o ? o : at.putObject(parts[i]);
        }
        at.set(parts[parts.length - 1], value);
    }
}
