package io.storyreel.core.provider;

import java.util.List;
import java.util.Map;

/**
 * One model of a provider: its modes (empty when the provider has none), the valid combinations of mode,
 * duration and resolution, output size and frame rate per combination, and prices. {@code typicalSeconds} is how long
 * a clip usually takes (its speed); {@code extra} holds what only its provider's client reads, and one key every
 * provider shares: {@code endFrame} (true, or the combinations or resolutions that take a last frame). A combination
 * with {@code audio} makes clips with sound. {@code parameters} are the settings it takes beyond those (see
 * {@link ParameterSpec}), complete once loaded.
 */
public record ModelSpec(String id, String label, List<String> modes, List<Combination> combinations,
                        int typicalSeconds, Map<String, Object> extra, List<ParameterSpec> parameters) {

    public ModelSpec {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }

    /** A model that takes no parameters. */
    public ModelSpec(String id, String label, List<String> modes, List<Combination> combinations, int typicalSeconds,
                     Map<String, Object> extra) {
        this(id, label, modes, combinations, typicalSeconds, extra, List.of());
    }

    /**
     * A valid (mode, duration, resolution) with what it produces and costs. {@code mode} or {@code resolution}
     * may be null where the provider has no such choice. {@code units} is in the provider's own unit
     * (Kling units; MiniMax: USD).
     */
    public record Combination(String mode, int durationSeconds, String resolution, int outputHeight, int fps,
                              boolean audio, double units, double usd) {
    }

    /** Whether some combination of this model can end on a given last frame (extra {@code endFrame}). */
    public boolean takesEndFrame() {
        Object e = extra == null ? null : extra.get("endFrame");
        return e instanceof Boolean b ? b : e instanceof List<?> l && !l.isEmpty();
    }

    /**
     * Whether {@code c} can end on a given last frame: extra {@code endFrame} is true, or lists the combination as
     * mode-duration ({@code pro-5}, Kling) or its resolution ({@code 768P}, MiniMax).
     */
    public boolean takesEndFrame(Combination c) {
        Object e = extra == null ? null : extra.get("endFrame");
        if (e instanceof Boolean b) {
            return b;
        }
        return e instanceof List<?> l && l.stream().map(String::valueOf).anyMatch(x -> x.equals(c.mode() + "-" + c.durationSeconds())
                || (c.resolution() != null && x.equalsIgnoreCase(c.resolution())));
    }

    /** Where {@link #takesEndFrame} lists its combinations, the list ("pro-5", "768P"); empty when true or none. */
    public List<String> endFrameOnly() {
        Object e = extra == null ? null : extra.get("endFrame");
        return e instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    /** Whether clips of this model come with sound (some combination is priced with audio). */
    public boolean makesSound() {
        return combinations.stream().anyMatch(Combination::audio);
    }

    /**
     * {@link #matching(String, Integer, String)} kept to what the combination-picking parameters choose (chosen by
     * name in {@code values}, else their defaults): with {@code audio} on, only the combinations with sound.
     */
    public List<Combination> matching(String mode, Integer duration, String resolution, Map<String, String> values) {
        List<Combination> out = matching(mode, duration, resolution);
        for (ParameterSpec p : parameters) {
            if (p.combination() != null) {
                String v = values == null ? null : values.entrySet().stream()
                        .filter(e -> e.getKey().equalsIgnoreCase(p.name())).map(Map.Entry::getValue).findFirst()
                        .orElse(null);
                String chosen = v != null ? p.check(v).value() : p.defaultText();
                out = out.stream().filter(c -> p.picks(c, chosen)).toList();
            }
        }
        return out;
    }

    public List<Combination> matching(String mode, Integer duration, String resolution) {
        return combinations.stream()
                .filter(c -> mode == null || c.mode() == null || c.mode().equals(mode))
                .filter(c -> duration == null || c.durationSeconds() == duration)
                .filter(c -> resolution == null || c.resolution() == null || c.resolution().equalsIgnoreCase(resolution))
                .toList();
    }
}
