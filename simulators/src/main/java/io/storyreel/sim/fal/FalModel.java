package io.storyreel.sim.fal;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.fal.FalField.Kind;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One fal model endpoint the simulator serves (spec providers-next §2.9): its endpoint id, input schema, which fields
 * carry the first and last frames, what clip it makes from a valid input, and its price where the spec gives one.
 *
 * @param endImage   the end-frame field, or null when the model takes none (then such a field is an unknown extra)
 * @param clip       the clip a valid input makes (fields with their defaults filled in)
 * @param price      USD for that clip, or null where the spec gives no price
 * @param returnSeed the output carries {@code seed} next to {@code video}
 * @param rule       a rule across fields (checked once every field is valid)
 */
record FalModel(String endpointId, List<FalField> fields, String startImage, String endImage,
                Function<Map<String, JsonNode>, Clip> clip, BiFunction<Map<String, JsonNode>, Clip, BigDecimal> price,
                boolean returnSeed, Function<Map<String, JsonNode>, Optional<Broken>> rule) {

    /** A rule across fields that an input breaks: the field to blame and why. */
    record Broken(String field, String message) {
    }

    /**
     * What a request makes: length, short side (or an exact size when the aspect is fixed), frame rate and sound.
     *
     * @param aspect {@code W:H} when the model fixes the aspect, null when the output follows the start image
     */
    record Clip(double seconds, int shortSide, int fps, boolean audio, String aspect) {
    }

    /** The app id {@code owner/alias} the queue's follow-up URLs are built from (§2.2). */
    String appId() {
        String[] parts = endpointId.split("/");
        return parts[0] + "/" + parts[1];
    }

    static Map<String, FalModel> byEndpoint(List<FalModel> models) {
        return models.stream().collect(Collectors.toUnmodifiableMap(FalModel::endpointId, m -> m));
    }

    // --- the catalogue ------------------------------------------------------------------------------------------

    private static final List<String> FIVE_TEN = List.of("5", "10");
    private static final List<String> SIX_TEN = List.of("6", "10");
    private static final List<String> ASPECTS = List.of("21:9", "16:9", "4:3", "1:1", "3:4", "9:16", "auto");
    private static final int KLING_FPS = 24;
    private static final int HAILUO_FPS = 25;

    /**
     * The endpoints of §2.9. Choices where the spec is UNKNOWN or UNCERTAIN: frame rates (Pika, Kling, Seedance and
     * Wan 2.7 24 fps; Hailuo 25 fps; Wan 2.2 its {@code frames_per_second}); Kling v3 turbo takes 3–15 s and no end
     * frame or sound; Kling v4 is 1080p with sound always; Kling v3 standard and Seedance 2.0 fast have no price and
     * Seedance 2.0 only its 720p one ($0.30/s); Kling v3 prices are the {@code llms.txt} ones ($0.224/$0.336/$0.392
     * per second); Pika 10 s costs twice 5 s; Wan 2.7 takes {@code duration} "5"/"10" (default "5") and is silent;
     * Seedance 2.0 has Seedance 1.5's fields with 4–15 s; Seedance makes sound unless {@code generate_audio} is false.
     */
    static List<FalModel> catalogue(boolean hailuoEndImageAt512) {
        List<FalModel> all = new ArrayList<>();
        all.add(model("fal-ai/pika/v2.2/image-to-video", List.of(
                FalField.required("image_url", Kind.IMAGE_URL), FalField.required("prompt", Kind.STRING),
                FalField.text("negative_prompt", ""), FalField.integer("seed", null, 0, Integer.MAX_VALUE),
                FalField.oneOf("resolution", "720p", List.of("720p", "1080p")),
                FalField.oneOf("duration", "5", FIVE_TEN)), "image_url", null,
                v -> new Clip(seconds(v, "duration"), p(v.get("resolution")), 24, false, null),
                (v, c) -> usd(v.get("resolution").asText().equals("1080p") ? "0.45" : "0.20")
                        .multiply(BigDecimal.valueOf(seconds(v, "duration") / 5)), true));
        for (String tier : List.of("pro", "standard")) {
            boolean pro = tier.equals("pro");
            List<FalField> fields = new ArrayList<>(List.of(FalField.required("prompt", Kind.STRING),
                    FalField.required("image_url", Kind.IMAGE_URL), FalField.oneOf("duration", "5", FIVE_TEN),
                    FalField.text("negative_prompt", "blur, distort, and low quality"),
                    FalField.decimal("cfg_scale", 0.5, 0, 1)));
            if (pro) {
                fields.add(FalField.optional("tail_image_url", Kind.IMAGE_URL));
            }
            all.add(model("fal-ai/kling-video/v2.5-turbo/" + tier + "/image-to-video", fields, "image_url",
                    pro ? "tail_image_url" : null,
                    v -> new Clip(seconds(v, "duration"), pro ? 1080 : 720, KLING_FPS, false, null),
                    (v, c) -> usd(pro ? "0.35" : "0.21").add(usd(pro ? "0.07" : "0.042")
                            .multiply(BigDecimal.valueOf(c.seconds() - 5))), false));
            all.add(model("fal-ai/kling-video/v3/" + tier + "/image-to-video", List.of(
                    FalField.required("start_image_url", Kind.IMAGE_URL), FalField.optional("prompt", Kind.STRING),
                    FalField.list("multi_prompt", 6), FalField.oneOf("duration", "5", numbers(3, 15)),
                    FalField.flag("generate_audio", true), FalField.optional("end_image_url", Kind.IMAGE_URL),
                    FalField.list("elements", 3), FalField.list("voice_ids", 2), FalField.text("shot_type", "customize"),
                    FalField.text("negative_prompt", "blur, distort, and low quality"),
                    FalField.decimal("cfg_scale", 0.5, 0, 1)), "start_image_url", "end_image_url",
                    v -> new Clip(seconds(v, "duration"), pro ? 1080 : 720, KLING_FPS,
                            v.get("generate_audio").asBoolean(), null),
                    (v, c) -> !pro ? null : usd(!c.audio() ? "0.224" : hasItems(v, "voice_ids") ? "0.392" : "0.336")
                            .multiply(BigDecimal.valueOf(c.seconds())), false)
                    .checking(v -> v.containsKey("prompt") && hasItems(v, "multi_prompt")
                            ? Optional.of(new Broken("multi_prompt", "Provide either prompt or multi_prompt, not both"))
                            : Optional.empty()));
        }
        all.add(model("fal-ai/kling-video/v3/turbo/pro/image-to-video", List.of(
                FalField.required("image_url", Kind.IMAGE_URL), FalField.optional("prompt", Kind.STRING),
                FalField.oneOf("duration", "5", numbers(3, 15))), "image_url", null,
                v -> new Clip(seconds(v, "duration"), 1080, KLING_FPS, false, null),
                (v, c) -> usd("0.14").multiply(BigDecimal.valueOf(c.seconds())), false));
        all.add(model("fal-ai/kling-video/v4/image-to-video", List.of(
                FalField.required("start_image_url", Kind.IMAGE_URL), FalField.list("middle_image_urls", 8),
                FalField.optional("end_image_url", Kind.IMAGE_URL), FalField.optional("prompt", Kind.STRING),
                FalField.list("multi_prompt", 6), FalField.oneOf("duration", "5", numbers(3, 30))),
                "start_image_url", "end_image_url",
                v -> new Clip(seconds(v, "duration"), 1080, KLING_FPS, true, null),
                (v, c) -> usd("0.157").multiply(BigDecimal.valueOf(c.seconds())), false));
        all.add(model("fal-ai/minimax/hailuo-02/standard/image-to-video", List.of(
                FalField.required("prompt", Kind.STRING), FalField.required("image_url", Kind.IMAGE_URL),
                FalField.oneOf("duration", "6", SIX_TEN), FalField.flag("prompt_optimizer", true),
                FalField.oneOf("resolution", "768P", List.of("512P", "768P")),
                FalField.optional("end_image_url", Kind.IMAGE_URL)), "image_url",
                "end_image_url",
                v -> new Clip(seconds(v, "duration"), p(v.get("resolution")), HAILUO_FPS, false, null),
                (v, c) -> usd(c.shortSide() == 512 ? "0.017" : "0.045").multiply(BigDecimal.valueOf(c.seconds())),
                false).checking(v -> !hailuoEndImageAt512 && v.containsKey("end_image_url")
                        && v.get("resolution").asText().equals("512P")
                        ? Optional.of(new Broken("end_image_url", "end_image_url is not supported at 512P resolution"))
                        : Optional.empty()));
        for (String[] h : new String[][] {{"hailuo-2.3", "0.28", "0.56", "0.49"}, {"hailuo-2.3-fast", "0.19", "0.32",
                "0.33"}}) {
            all.add(model("fal-ai/minimax/" + h[0] + "/standard/image-to-video", List.of(
                    FalField.required("prompt", Kind.STRING), FalField.required("image_url", Kind.IMAGE_URL),
                    FalField.oneOf("duration", "6", SIX_TEN), FalField.flag("prompt_optimizer", true)), "image_url",
                    null, v -> new Clip(seconds(v, "duration"), 768, HAILUO_FPS, false, null),
                    (v, c) -> usd(c.seconds() == 10 ? h[2] : h[1]), false));
            all.add(model("fal-ai/minimax/" + h[0] + "/pro/image-to-video", List.of(
                    FalField.required("prompt", Kind.STRING), FalField.required("image_url", Kind.IMAGE_URL),
                    FalField.flag("prompt_optimizer", true)), "image_url", null,
                    v -> new Clip(6, 1080, HAILUO_FPS, false, null), (v, c) -> usd(h[3]), false));
        }
        all.add(seedance("fal-ai/bytedance/seedance/v1.5/pro/image-to-video", numbers(4, 12),
                (v, c) -> usd(c.audio() ? "2.4" : "1.2").multiply(tokens(c)).movePointLeft(6)));
        all.add(seedance("bytedance/seedance-2.0/image-to-video", numbers(4, 15),
                (v, c) -> c.shortSide() == 720 ? usd("0.30").multiply(BigDecimal.valueOf(c.seconds())) : null));
        all.add(seedance("bytedance/seedance-2.0/fast/image-to-video", numbers(4, 15), (v, c) -> null));
        all.add(model("fal-ai/wan/v2.7/image-to-video", List.of(
                FalField.required("prompt", Kind.STRING).limitedTo(5000),
                FalField.required("image_url", Kind.IMAGE_URL), FalField.optional("end_image_url", Kind.IMAGE_URL),
                FalField.optional("video_url", Kind.FILE_URL), FalField.optional("audio_url", Kind.FILE_URL),
                FalField.oneOf("resolution", "1080p", List.of("720p", "1080p")), FalField.oneOf("duration", "5",
                        FIVE_TEN)), "image_url", "end_image_url",
                v -> new Clip(seconds(v, "duration"), p(v.get("resolution")), 24, false, null),
                (v, c) -> usd(c.shortSide() == 720 ? "0.10" : "0.15").multiply(BigDecimal.valueOf(c.seconds())),
                false));
        all.add(model("fal-ai/wan/v2.2-a14b/image-to-video", List.of(
                FalField.required("prompt", Kind.STRING), FalField.required("image_url", Kind.IMAGE_URL),
                FalField.integer("num_frames", 81, 17, 161), FalField.integer("frames_per_second", 16, 4, 60),
                FalField.oneOf("resolution", "720p", List.of("480p", "580p", "720p"))), "image_url", null,
                v -> new Clip(v.get("num_frames").asInt() / v.get("frames_per_second").asDouble(),
                        p(v.get("resolution")), v.get("frames_per_second").asInt(), false, null),
                (v, c) -> usd(switch (c.shortSide()) {
                    case 480 -> "0.04";
                    case 580 -> "0.06";
                    default -> "0.08";
                }).multiply(BigDecimal.valueOf(c.seconds())).setScale(4, RoundingMode.HALF_UP), false));
        return List.copyOf(all);
    }

    private static FalModel seedance(String endpoint, List<String> durations,
                                     BiFunction<Map<String, JsonNode>, Clip, BigDecimal> price) {
        return model(endpoint, List.of(
                FalField.required("prompt", Kind.STRING), FalField.required("image_url", Kind.IMAGE_URL),
                FalField.optional("end_image_url", Kind.IMAGE_URL), FalField.oneOf("aspect_ratio", "16:9", ASPECTS),
                FalField.oneOf("resolution", "720p", List.of("480p", "720p", "1080p")),
                FalField.oneOf("duration", "5", durations), FalField.flag("camera_fixed", false),
                FalField.integer("seed", null, -1, Integer.MAX_VALUE), FalField.flag("enable_safety_checker", true),
                FalField.flag("generate_audio", true)), "image_url", "end_image_url",
                v -> new Clip(seconds(v, "duration"), p(v.get("resolution")), 24, v.get("generate_audio").asBoolean(),
                        v.get("aspect_ratio").asText().equals("auto") ? null : v.get("aspect_ratio").asText()),
                price, true);
    }

    private static FalModel model(String endpointId, List<FalField> fields, String startImage, String endImage,
                                  Function<Map<String, JsonNode>, Clip> clip,
                                  BiFunction<Map<String, JsonNode>, Clip, BigDecimal> price, boolean returnSeed) {
        return new FalModel(endpointId, fields, startImage, endImage, clip, price, returnSeed, v -> Optional.empty());
    }

    private FalModel checking(Function<Map<String, JsonNode>, Optional<Broken>> newRule) {
        return new FalModel(endpointId, fields, startImage, endImage, clip, price, returnSeed, newRule);
    }

    private static double seconds(Map<String, JsonNode> v, String field) {
        return Double.parseDouble(v.get(field).asText());
    }

    /** "720p" / "768P" → 720 / 768. */
    private static int p(JsonNode resolution) {
        String r = resolution.asText();
        return Integer.parseInt(r.substring(0, r.length() - 1));
    }

    private static boolean hasItems(Map<String, JsonNode> v, String field) {
        JsonNode n = v.get(field);
        return n != null && n.isArray() && n.size() > 0;
    }

    /** Seedance's video tokens: width × height × fps × seconds / 1024 (16:9 assumed when the image decides). */
    private static BigDecimal tokens(Clip c) {
        double aspect = c.aspect() == null ? 16 / 9.0
                : Double.parseDouble(c.aspect().split(":")[0]) / Double.parseDouble(c.aspect().split(":")[1]);
        double w = aspect >= 1 ? c.shortSide() * aspect : c.shortSide();
        double h = aspect >= 1 ? c.shortSide() : c.shortSide() / aspect;
        return BigDecimal.valueOf(Math.round(w) * Math.round(h) * (long) c.fps() * c.seconds() / 1024.0);
    }

    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    private static List<String> numbers(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).toList();
    }
}
