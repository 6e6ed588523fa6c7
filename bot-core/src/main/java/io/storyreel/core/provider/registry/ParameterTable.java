package io.storyreel.core.provider.registry;

import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.ParameterSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The README's table of every model's parameters, written from the catalogues themselves so the documentation cannot
 * drift from what {@code /settings} offers: one row per provider parameter, with the models that take it (and where a
 * model narrows it), what it takes, its default and what it does. A test compares it with the README.
 */
public final class ParameterTable {
    private ParameterTable() {
    }

    /** The Markdown table for these providers' catalogues, in the order given. */
    public static String markdown(List<Capabilities> providers) {
        StringBuilder out = new StringBuilder("| provider | parameter (`/settings NAME VALUE`) | models | takes | default "
                + "| what it does |\n|---|---|---|---|---|---|\n");
        for (Capabilities caps : providers) {
            Map<String, List<String>> takers = new LinkedHashMap<>();
            Map<String, ParameterSpec> specs = new LinkedHashMap<>();
            for (ModelSpec m : caps.models()) {
                for (ParameterSpec p : m.parameters()) {
                    specs.putIfAbsent(p.name(), p);
                    // a model that narrows what the first taker takes says so (Runway's frames per model)
                    String narrowed = p.allowed().equals(specs.get(p.name()).allowed()) ? "" : p.allowed();
                    List<String> notes = new ArrayList<>(p.only());
                    if (!narrowed.isEmpty()) {
                        notes.add(narrowed);
                    }
                    takers.computeIfAbsent(p.name(), k -> new ArrayList<>()).add("`" + m.id() + "`"
                            + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"));
                }
            }
            for (ParameterSpec p : specs.values()) {
                boolean uniform = takers.get(p.name()).stream().noneMatch(t -> t.endsWith(")"));
                String models = uniform && takers.get(p.name()).size() == caps.models().size() ? "all"
                        : takers.get(p.name()).stream().collect(Collectors.joining(", "));
                out.append("| ").append(caps.displayName()).append(" | `").append(p.name()).append("` | ")
                        .append(models).append(" | ").append(p.allowed()).append(" | ")
                        .append(p.defaultText() == null ? "the provider's" : p.display(p.defaultText())).append(" | ")
                        .append(p.description().replace("|", "\\|")).append(" |\n");
            }
        }
        return out.toString();
    }
}
