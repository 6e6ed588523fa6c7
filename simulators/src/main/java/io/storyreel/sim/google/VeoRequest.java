package io.storyreel.sim.google;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.ProbedImage;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A validated {@code predictLongRunning} body (spec providers-next §3.2): one instance with a prompt and/or an inline
 * {@code image}, an optional {@code lastFrame} and {@code referenceImages} where the model takes them, and the
 * {@code parameters} with their enums and the rules that tie them (1080p, 4K and reference images need 8 s; reference
 * images need 16:9). Every refusal is 400 {@code INVALID_ARGUMENT}.
 *
 * <p>Choices where the spec gives no wording: the messages; images must be {@code image/jpeg}, {@code image/png} or
 * {@code image/webp}; {@code video} (extension) is refused as not simulated; {@code personGeneration} with an input
 * image must be {@code allow_adult} when {@link VeoOptions#strictPersonGeneration()}; unknown fields that are not on
 * the SDK's refused list are ignored.
 *
 * @param start the first frame, or null for text-to-video
 * @param end   the last frame, or null (also when reference images make the model ignore it)
 */
record VeoRequest(VeoModel model, String prompt, ProbedImage start, ProbedImage end, String aspectRatio,
                  String resolution, int seconds, int samples) {

    /** Fields the official SDK refuses on the Gemini API, as their wire names. */
    static final List<String> SDK_ONLY = List.of("seed", "generateAudio", "fps", "compressionQuality", "mask",
            "outputGcsUri", "storageUri", "pubsubTopic");
    private static final Set<String> MIME_TYPES = Set.of("image/jpeg", "image/png", "image/webp");
    private static final Set<String> PERSON = Set.of("allow_all", "allow_adult", "dont_allow");

    static VeoRequest read(JsonNode body, VeoModel model, VeoOptions options) throws VeoError {
        if (body == null || !body.isObject()) {
            throw VeoError.invalid("Invalid JSON payload received.");
        }
        JsonNode instances = body.path("instances");
        if (!instances.isArray() || instances.size() != 1 || !instances.get(0).isObject()) {
            throw VeoError.invalid("instances must hold exactly one instance.");
        }
        JsonNode instance = instances.get(0);
        JsonNode parameters = body.path("parameters");
        if (!parameters.isMissingNode() && !parameters.isObject()) {
            throw VeoError.invalid("parameters must be an object.");
        }
        if (options.rejectSdkOnlyFields()) {
            for (String field : SDK_ONLY) {
                if (parameters.has(field) || instance.has(field)) {
                    throw VeoError.invalid("`" + field + "` isn't supported by the Gemini API.");
                }
            }
        }
        if (instance.has("video")) {
            throw VeoError.invalid("Video extension (instances[0].video) is not supported by this simulator.");
        }
        String prompt = instance.path("prompt").isTextual() ? instance.get("prompt").asText() : null;
        if (instance.has("prompt") && prompt == null) {
            throw VeoError.invalid("instances[0].prompt must be a string.");
        }
        ProbedImage start = instance.has("image") ? image(instance.get("image"), "image") : null;
        if (start == null && (prompt == null || prompt.isBlank())) {
            throw VeoError.invalid("A prompt or an image is required.");
        }
        boolean references = instance.has("referenceImages");
        if (references) {
            references(instance.get("referenceImages"), model);
        }
        ProbedImage end = null;
        if (instance.has("lastFrame")) {
            if (!model.lastFrame()) {
                throw VeoError.invalid("lastFrame isn't supported by " + model.id() + ".");
            }
            if (start == null) {
                throw VeoError.invalid("lastFrame needs an image (the first frame) as well.");
            }
            end = image(instance.get("lastFrame"), "lastFrame");
        }

        String aspect = text(parameters, "aspectRatio", "16:9");
        if (!aspect.equals("16:9") && !aspect.equals("9:16")) {
            throw VeoError.invalid("aspectRatio must be 16:9 or 9:16, not " + aspect + ".");
        }
        String resolution = text(parameters, "resolution", "720p").toLowerCase(Locale.ROOT);
        if (!model.resolutions().containsKey(resolution)) {
            throw VeoError.invalid("resolution " + resolution + " isn't supported by " + model.id() + " (supported: "
                    + String.join(", ", model.resolutions().keySet().stream().sorted().toList()) + ").");
        }
        int seconds = seconds(parameters.get("durationSeconds"), model);
        if (seconds != 8 && (!resolution.equals("720p") || references)) {
            throw VeoError.invalid("durationSeconds must be 8 with " + (references ? "reference images"
                    : resolution + " resolution") + ".");
        }
        if (references && !aspect.equals("16:9")) {
            throw VeoError.invalid("Reference images need aspectRatio 16:9.");
        }
        int samples = parameters.has("sampleCount") ? parameters.get("sampleCount").asInt(-1) : 1;
        if (samples < 1 || samples > model.maxSamples()) {
            throw VeoError.invalid("sampleCount must be between 1 and " + model.maxSamples() + " for " + model.id()
                    + ".");
        }
        String person = text(parameters, "personGeneration", null);
        if (person != null) {
            String p = person.toLowerCase(Locale.ROOT);
            if (!PERSON.contains(p)) {
                throw VeoError.invalid("personGeneration must be allow_all, allow_adult or dont_allow.");
            }
            if (options.strictPersonGeneration() && start != null && !p.equals("allow_adult")) {
                throw VeoError.invalid("personGeneration " + p + " isn't supported with an input image; use "
                        + "allow_adult.");
            }
        }
        if (parameters.has("negativePrompt") && !parameters.get("negativePrompt").isTextual()) {
            throw VeoError.invalid("negativePrompt must be a string.");
        }
        if (parameters.has("enhancePrompt") && !parameters.get("enhancePrompt").isBoolean()) {
            throw VeoError.invalid("enhancePrompt must be a boolean.");
        }
        // the last frame is ignored when reference images are given (spec §3.2)
        return new VeoRequest(model, prompt, start, references ? null : end, aspect, resolution, seconds, samples);
    }

    /** What the output costs: the model's rate for the resolution × seconds × samples. */
    BigDecimal price() {
        return model.resolutions().get(resolution).multiply(BigDecimal.valueOf((long) seconds * samples));
    }

    /** Output width and height: 720p is 1280×720, 1080p 1920×1080, 4K 3840×2160, turned for 9:16. */
    int[] size() {
        int[] wide = switch (resolution) {
            case "1080p" -> new int[] {1920, 1080};
            case "4k" -> new int[] {3840, 2160};
            default -> new int[] {1280, 720};
        };
        return aspectRatio.equals("16:9") ? wide : new int[] {wide[1], wide[0]};
    }

    private static ProbedImage image(JsonNode image, String field) throws VeoError {
        if (!image.isObject()) {
            throw VeoError.invalid("instances[0]." + field + " must be an object.");
        }
        if (image.has("gcsUri")) {
            throw VeoError.invalid("instances[0]." + field + ".gcsUri isn't supported by the Gemini API; send the "
                    + "image inline as bytesBase64Encoded.");
        }
        String mime = image.path("mimeType").asText("");
        if (!MIME_TYPES.contains(mime)) {
            throw VeoError.invalid("instances[0]." + field + ".mimeType must be image/jpeg, image/png or image/webp.");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(image.path("bytesBase64Encoded").asText(""));
        } catch (IllegalArgumentException e) {
            throw VeoError.invalid("instances[0]." + field + ".bytesBase64Encoded is not valid base64.");
        }
        return ProbedImage.probe(bytes).orElseThrow(() ->
                VeoError.invalid("Unable to process input image: instances[0]." + field + " is not a valid image."));
    }

    private static void references(JsonNode refs, VeoModel model) throws VeoError {
        if (!model.referenceImages()) {
            throw VeoError.invalid("referenceImages isn't supported by " + model.id() + ".");
        }
        if (!refs.isArray() || refs.isEmpty() || refs.size() > 3) {
            throw VeoError.invalid("referenceImages must hold 1 to 3 images.");
        }
        for (JsonNode ref : refs) {
            image(ref.path("image"), "referenceImages[].image");
            String type = ref.path("referenceType").asText("");
            if (!type.equalsIgnoreCase("asset") && !type.equalsIgnoreCase("style")) {
                throw VeoError.invalid("referenceType must be ASSET or STYLE.");
            }
        }
    }

    private static int seconds(JsonNode d, VeoModel model) throws VeoError {
        if (d == null || d.isNull()) {
            return 8;
        }
        int seconds;
        if (d.isIntegralNumber()) {
            seconds = d.asInt();
        } else if (d.isTextual() && d.asText().matches("\\d+")) {
            seconds = Integer.parseInt(d.asText());
        } else {
            throw VeoError.invalid("durationSeconds must be a whole number.");
        }
        if (!model.durations().contains(seconds)) {
            throw VeoError.invalid("durationSeconds " + seconds + " isn't supported by " + model.id() + " (supported: "
                    + model.durations() + ").");
        }
        return seconds;
    }

    private static String text(JsonNode parameters, String field, String dflt) throws VeoError {
        JsonNode v = parameters.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw VeoError.invalid(field + " must be a string.");
        }
        return v.asText();
    }
}
