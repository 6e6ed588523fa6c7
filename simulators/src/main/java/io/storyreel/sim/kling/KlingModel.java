package io.storyreel.sim.kling;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What one Kling image-to-video model accepts and produces, from the spec's capability map (§1.3), output table
 * (§1.8) and price table (§1.9).
 *
 * @param name          {@code model_name}
 * @param singleMode    "master" models: no std/pro split, {@code mode} is ignored
 * @param durations     accepted {@code duration} strings
 * @param stdShortSide  output short side in std mode (or the only mode)
 * @param proShortSide  output short side in pro mode
 * @param fps           output frame rate (24 where the spec says "UNKNOWN (24 likely)")
 * @param tail          which (mode, duration) combinations accept {@code image_tail}
 * @param soundCapable  accepts {@code sound:"on"} (v2.6 only in pro mode)
 */
record KlingModel(String name, boolean singleMode, Set<String> durations, int stdShortSide, int proShortSide, int fps,
                  TailRule tail, boolean soundCapable) {

    /** Which combinations allow an end frame. */
    interface TailRule {
        boolean allows(String mode, String duration, boolean sound);
    }

    static final Set<String> FIVE_OR_TEN = Set.of("5", "10");
    static final Set<String> THREE_TO_FIFTEEN = Set.of("3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14",
            "15");

    static final List<KlingModel> ALL = List.of(
            new KlingModel("kling-v1", false, FIVE_OR_TEN, 720, 720, 30, (m, d, s) -> d.equals("5"), false),
            new KlingModel("kling-v1-5", false, FIVE_OR_TEN, 720, 1080, 30, (m, d, s) -> m.equals("pro"), false),
            new KlingModel("kling-v1-6", false, FIVE_OR_TEN, 720, 1080, 30, (m, d, s) -> m.equals("pro"), false),
            new KlingModel("kling-v2-master", true, FIVE_OR_TEN, 720, 720, 24, (m, d, s) -> false, false),
            new KlingModel("kling-v2-1", false, FIVE_OR_TEN, 720, 1080, 24, (m, d, s) -> m.equals("pro"), false),
            new KlingModel("kling-v2-1-master", true, FIVE_OR_TEN, 1080, 1080, 24, (m, d, s) -> false, false),
            new KlingModel("kling-v2-5-turbo", false, FIVE_OR_TEN, 720, 1080, 24, (m, d, s) -> m.equals("pro"), false),
            new KlingModel("kling-v2-6", false, FIVE_OR_TEN, 720, 1080, 24, (m, d, s) -> m.equals("pro") && !s, true),
            new KlingModel("kling-v3", false, THREE_TO_FIFTEEN, 720, 1080, 24, (m, d, s) -> true, true));

    private static final Map<String, KlingModel> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(KlingModel::name, Function.identity()));

    static Optional<KlingModel> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    int shortSide(String mode) {
        return singleMode || !"pro".equals(mode) ? stdShortSide : proShortSide;
    }

    /** Whether the clip has a sound track: v2.6 pro and v3 when {@code sound:"on"}. */
    boolean hasAudio(String mode, boolean soundOn) {
        if (!soundOn || !soundCapable) {
            return false;
        }
        return name.equals("kling-v3") || "pro".equals(mode);
    }

    /** {@code final_unit_deduction} for a successful task, per the spec's unit table. */
    BigDecimal units(String mode, int seconds, boolean audio, boolean voice) {
        boolean pro = "pro".equals(mode);
        int tens = seconds == 10 ? 2 : 1;
        BigDecimal perFive = switch (name) {
            case "kling-v1" -> pro ? new BigDecimal("3.5") : BigDecimal.ONE;
            case "kling-v1-5", "kling-v1-6", "kling-v2-1" -> pro ? new BigDecimal("3.5") : new BigDecimal("2");
            case "kling-v2-master", "kling-v2-1-master" -> BigDecimal.TEN;
            case "kling-v2-5-turbo" -> pro ? new BigDecimal("2.5") : new BigDecimal("1.5");
            case "kling-v2-6" -> !pro ? new BigDecimal("1.5")
                    : !audio ? new BigDecimal("2.5") : voice ? new BigDecimal("6") : new BigDecimal("5");
            default -> null;
        };
        if (perFive != null) {
            return perFive.multiply(BigDecimal.valueOf(tens));
        }
        // kling-v3 is priced per second
        BigDecimal perSecond = pro ? (audio ? new BigDecimal("1.2") : new BigDecimal("0.8"))
                : (audio ? new BigDecimal("0.9") : new BigDecimal("0.6"));
        return perSecond.multiply(BigDecimal.valueOf(seconds));
    }
}
