package io.storyreel.sim.runway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One image-to-video model of Runway's {@code POST /v1/image_to_video} (spec providers-next §1.2, §1.8): what it
 * accepts and what a clip costs.
 *
 * @param durations          accepted {@code duration} values
 * @param durationRequired   {@code duration} must be sent
 * @param defaultDuration    used when it is not sent
 * @param ratios             accepted {@code ratio} values (each is the output size); empty when the model takes
 *                           {@code resolution} instead and follows the image
 * @param ratioRequired      {@code ratio} must be sent
 * @param promptMax          {@code promptText} limit in UTF-16 code units
 * @param promptRequired     {@code promptText} must be sent and non-empty
 * @param frames             which {@code promptImage} positions it takes
 * @param audio              whether it makes sound and whether {@code audio} switches it
 * @param extraKeys          body keys beyond model, promptImage, promptText, ratio, duration; any other is refused
 * @param credits            credits per output second (silent, or the only rate)
 * @param creditsWithAudio   credits per output second with sound
 * @param fps                frame rate of the clips
 */
record RunwayModel(String name, List<Integer> durations, boolean durationRequired, int defaultDuration,
                   List<String> ratios, boolean ratioRequired, int promptMax, boolean promptRequired, Frames frames,
                   Audio audio, Set<String> extraKeys, int credits, int creditsWithAudio, int fps) {

    /** The {@code promptImage} positions a model takes. */
    enum Frames {
        /** {@code position} only {@code "first"}. */
        FIRST_ONLY,
        /** {@code "first"} and optionally {@code "last"}; a last frame alone is refused. */
        FIRST_AND_LAST,
        /** Seedance: keyframes ({@code first}/{@code last}) or reference images (no position), never both. */
        KEYFRAMES_OR_REFERENCES
    }

    /** Whether the model makes sound. */
    enum Audio { NONE, SWITCHABLE, ALWAYS }

    static final List<String> GEN4_RATIOS = List.of("1280:720", "720:1280", "1104:832", "960:960", "832:1104",
            "1584:672");
    static final List<String> VEO_RATIOS = List.of("1280:720", "720:1280", "1080:1920", "1920:1080");
    /**
     * Seedance 2 sizes. The spec gives their count (24, 12 for fast/mini: 480p and 720p only) and the ends of the
     * list, "992:432 … 3840:3840"; the values between are Seedance's six aspects (21:9, 16:9, 4:3, 1:1, 3:4, 9:16)
     * at 480p, 720p, 1080p and 4K (UNCERTAIN).
     */
    static final List<String> SEEDANCE_LOW = List.of(
            "992:432", "864:496", "752:560", "640:640", "560:752", "496:864",
            "1470:630", "1280:720", "1112:834", "960:960", "834:1112", "720:1280");
    static final List<String> SEEDANCE_ALL = concat(SEEDANCE_LOW, List.of(
            "2206:946", "1920:1080", "1664:1248", "1440:1440", "1248:1664", "1080:1920",
            "3840:1646", "3840:2160", "3840:2880", "2880:3840", "2160:3840", "3840:3840"));
    static final List<String> OMNI_RATIOS = List.of("1280:720", "720:1280");

    private static final Set<String> GEN4_KEYS = Set.of("seed", "contentModeration");
    private static final Set<String> VEO31_KEYS = Set.of("audio", "negativePrompt");
    private static final Set<String> SEEDANCE_KEYS = Set.of("audio", "referenceAudio");

    /**
     * The catalogue of SDK 5.13.0. Choices where the spec is UNKNOWN: gen4_turbo's default duration (10, changeable
     * through {@link RunwayOptions#gen4TurboDefaultDuration}); Seedance 2 durations 4–15 s (the §5 matrix) defaulting
     * to 5; happyhorse 2–10 s, default 5, 720P by default, silent; gemini_omni_flash default 5 s, {@code ratio}
     * optional (1280:720), silent; the {@code audio} switch defaults to on; veo3.1/seedance default durations 8 and 5;
     * credit rates for seedance2 (30/s), seedance2_fast (20/s), seedance2_mini (10/s), happyhorse (10/s) and omni
     * (20/s) are placeholders; frame rates 30 fps (the rate observed on another Runway endpoint) for Runway's own
     * models and 24 fps for Veo and Seedance.
     */
    static List<RunwayModel> catalogue(int gen4TurboDefaultDuration) {
        List<Integer> twoToTen = range(2, 10);
        return List.of(
                new RunwayModel("gen4.5", twoToTen, true, 5, GEN4_RATIOS, true, 1000, true, Frames.FIRST_ONLY,
                        Audio.NONE, GEN4_KEYS, 12, 12, 30),
                new RunwayModel("gen4_turbo", twoToTen, false, gen4TurboDefaultDuration, GEN4_RATIOS, true, 1000,
                        false, Frames.FIRST_ONLY, Audio.NONE, GEN4_KEYS, 5, 5, 30),
                new RunwayModel("veo3.1", List.of(4, 6, 8), false, 8, VEO_RATIOS, true, 1000, false,
                        Frames.FIRST_AND_LAST, Audio.SWITCHABLE, VEO31_KEYS, 20, 40, 24),
                new RunwayModel("veo3.1_fast", List.of(4, 6, 8), false, 8, VEO_RATIOS, true, 1000, false,
                        Frames.FIRST_AND_LAST, Audio.SWITCHABLE, VEO31_KEYS, 10, 15, 24),
                new RunwayModel("veo3", List.of(8), true, 8, VEO_RATIOS, true, 1000, false, Frames.FIRST_ONLY,
                        Audio.ALWAYS, Set.of("negativePrompt"), 40, 40, 24),
                new RunwayModel("seedance2", range(4, 15), false, 5, SEEDANCE_ALL, false, 3500, false,
                        Frames.KEYFRAMES_OR_REFERENCES, Audio.SWITCHABLE, SEEDANCE_KEYS, 30, 30, 24),
                new RunwayModel("seedance2_fast", range(4, 15), false, 5, SEEDANCE_LOW, false, 3500, false,
                        Frames.KEYFRAMES_OR_REFERENCES, Audio.SWITCHABLE, SEEDANCE_KEYS, 20, 20, 24),
                new RunwayModel("seedance2_mini", range(4, 15), false, 5, SEEDANCE_LOW, false, 3500, false,
                        Frames.KEYFRAMES_OR_REFERENCES, Audio.SWITCHABLE, SEEDANCE_KEYS, 10, 10, 24),
                new RunwayModel("happyhorse_1_0", twoToTen, false, 5, List.of(), false, 2500, false,
                        Frames.FIRST_ONLY, Audio.NONE, Set.of("resolution"), 10, 10, 30),
                new RunwayModel("gemini_omni_flash", range(3, 10), false, 5, OMNI_RATIOS, false, 1000, false,
                        Frames.FIRST_ONLY, Audio.NONE, Set.of(), 20, 20, 30));
    }

    static Map<String, RunwayModel> byName(List<RunwayModel> models) {
        // insertion order, so the "values" of an unknown-model answer list the catalogue in order
        return Collections.unmodifiableMap(models.stream().collect(Collectors.toMap(RunwayModel::name,
                Function.identity(), (a, b) -> a, LinkedHashMap::new)));
    }

    /** The default {@code ratio} when it may be left out: the first listed (landscape). */
    Optional<String> defaultRatio() {
        return ratios.isEmpty() ? Optional.empty() : Optional.of(ratios.get(0));
    }

    /** Whether a clip made with {@code audioAsked} has sound. */
    boolean makesSound(boolean audioAsked) {
        return audio == Audio.ALWAYS || (audio == Audio.SWITCHABLE && audioAsked);
    }

    /** The credits a clip of {@code seconds} costs. */
    int creditsFor(int seconds, boolean sound) {
        return (sound ? creditsWithAudio : credits) * seconds;
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
