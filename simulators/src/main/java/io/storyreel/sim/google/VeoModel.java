package io.storyreel.sim.google;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One Veo model on the Gemini API (spec providers-next §3): what {@code predictLongRunning} accepts for it and what a
 * second of its output costs. Model ids change often, so the simulator takes its list in {@link VeoOptions}.
 *
 * @param durations       accepted {@code durationSeconds}
 * @param resolutions     accepted {@code resolution} values, each with its USD price per second of output
 * @param lastFrame       takes {@code instances[0].lastFrame}
 * @param referenceImages takes {@code instances[0].referenceImages} (at most 3)
 * @param audio           its clips have sound (Veo 3 and later; there is no switch on the Gemini API)
 * @param maxSamples      the largest {@code sampleCount}
 * @param requestsPerMinute creates per minute per key before 429 (preview models 10, GA models 50)
 */
public record VeoModel(String id, List<Integer> durations, Map<String, BigDecimal> resolutions, boolean lastFrame,
                       boolean referenceImages, boolean audio, int maxSamples, int requestsPerMinute) {

    public VeoModel {
        durations = List.copyOf(durations);
        resolutions = Map.copyOf(resolutions);
    }

    /**
     * The ids of §3.1 with the spec's prices ([3P aifreeapi 2026-03]: Standard $0.40/s, Fast $0.15/s, Standard 4K
     * $0.60/s). Choices where the spec is UNKNOWN or UNCERTAIN: Fast 4K $0.35/s and Veo 2 $0.35/s (no source in the
     * spec); {@code lastFrame} on Veo 3.1, 3.1 Fast and Veo 2 (as on Vertex) but not Veo 3.0; reference images on Veo
     * 3.1 (not Fast); 1080p on every Veo 3 model, 4K on 3.1 only, Veo 2 720p only with 5–8 s; one sample per request
     * on Veo 3, two on Veo 2; 10 requests a minute for preview models, 50 for the others.
     */
    public static List<VeoModel> defaults() {
        List<Integer> veo3 = List.of(4, 6, 8);
        BigDecimal standard = new BigDecimal("0.40");
        BigDecimal fast = new BigDecimal("0.15");
        return List.of(
                new VeoModel("veo-3.1-generate-preview", veo3, Map.of("720p", standard, "1080p", standard,
                        "4k", new BigDecimal("0.60")), true, true, true, 1, 10),
                new VeoModel("veo-3.1-fast-generate-preview", veo3, Map.of("720p", fast, "1080p", fast,
                        "4k", new BigDecimal("0.35")), true, false, true, 1, 10),
                new VeoModel("veo-3.0-generate-001", veo3, Map.of("720p", standard, "1080p", standard), false, false,
                        true, 1, 50),
                new VeoModel("veo-3.0-fast-generate-001", veo3, Map.of("720p", fast, "1080p", fast), false, false,
                        true, 1, 50),
                new VeoModel("veo-2.0-generate-001", List.of(5, 6, 7, 8), Map.of("720p", new BigDecimal("0.35")),
                        true, false, false, 2, 50));
    }
}
