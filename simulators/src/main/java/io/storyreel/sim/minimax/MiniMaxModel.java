package io.storyreel.sim.minimax;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What one MiniMax image-to-video model accepts (spec §2.3, §2.9): resolutions with the durations each allows, the
 * default resolution, and whether it takes a last frame.
 *
 * @param durationsByResolution e.g. {@code 768P -> [6, 10]}, {@code 1080P -> [6]}
 */
record MiniMaxModel(String name, Map<String, List<Integer>> durationsByResolution, String defaultResolution,
                    boolean lastFrame) {

    /**
     * Frame rate of every simulated MiniMax clip. The spec gives 25 fps for the 01 series and "UNKNOWN (24–25)" for
     * Hailuo; 25 is used for all.
     */
    static final int FPS = 25;

    private static final Map<String, List<Integer>> HAILUO_23 = Map.of("768P", List.of(6, 10), "1080P", List.of(6));
    private static final Map<String, List<Integer>> HAILUO_02 =
            Map.of("512P", List.of(6, 10), "768P", List.of(6, 10), "1080P", List.of(6));
    private static final Map<String, List<Integer>> SERIES_01 = Map.of("720P", List.of(6));

    static final List<MiniMaxModel> ALL = List.of(
            new MiniMaxModel("MiniMax-Hailuo-2.3", HAILUO_23, "768P", false),
            new MiniMaxModel("MiniMax-Hailuo-2.3-Fast", HAILUO_23, "768P", false),
            new MiniMaxModel("MiniMax-Hailuo-02", HAILUO_02, "768P", true),
            new MiniMaxModel("I2V-01-Director", SERIES_01, "720P", false),
            new MiniMaxModel("I2V-01-live", SERIES_01, "720P", false),
            new MiniMaxModel("I2V-01", SERIES_01, "720P", false),
            new MiniMaxModel("video-01", SERIES_01, "720P", false));

    private static final Map<String, MiniMaxModel> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(MiniMaxModel::name, Function.identity()));

    static Optional<MiniMaxModel> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** "768P" → 768: the short side of the output. */
    static int shortSide(String resolution) {
        return Integer.parseInt(resolution.substring(0, resolution.length() - 1));
    }
}
