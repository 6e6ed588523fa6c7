package io.storyreel.core.provider;

import java.util.List;
import java.util.Map;

/**
 * One model of a provider: its modes (empty when the provider has none), the valid combinations of mode,
 * duration and resolution, output size and frame rate per combination, and prices. {@code typicalSeconds} is how long
 * a clip usually takes (its speed); {@code extra} holds what only its provider's client reads, and one key every
 * provider shares: {@code endFrame} (true, or the combinations or resolutions that take a last frame). A combination
 * with {@code audio} makes clips with sound.
 */
public record ModelSpec(String id, String label, List<String> modes, List<Combination> combinations,
                        int typicalSeconds, Map<String, Object> extra) {

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

    /** Whether clips of this model come with sound (some combination is priced with audio). */
    public boolean makesSound() {
        return combinations.stream().anyMatch(Combination::audio);
    }

    public List<Combination> matching(String mode, Integer duration, String resolution) {
        return combinations.stream()
                .filter(c -> mode == null || c.mode() == null || c.mode().equals(mode))
                .filter(c -> duration == null || c.durationSeconds() == duration)
                .filter(c -> resolution == null || c.resolution() == null || c.resolution().equalsIgnoreCase(resolution))
                .toList();
    }
}
