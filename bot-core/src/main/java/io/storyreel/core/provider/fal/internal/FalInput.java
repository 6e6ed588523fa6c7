package io.storyreel.core.provider.fal.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.core.config.ConfigException;
import io.storyreel.core.provider.ModelSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How one model of the fal catalogue ({@code providers/fal.yml}) is called: its endpoint id and the names of its input
 * fields, read from the model's {@code extra} so that a new endpoint is a few lines of configuration. fal's models do
 * not agree on names (Kling 2.5 takes {@code image_url} and {@code tail_image_url}, Kling 3 {@code start_image_url}
 * and {@code end_image_url}; spec providers-next §2.9), so every field is named per model:
 *
 * <pre>
 * extra:
 *   endpoint: fal-ai/kling-video/v3/pro/image-to-video
 *   endFrame: true               # every provider's flag; true exactly when input names endImage
 *   input: {image: start_image_url, endImage: end_image_url, duration: duration, negativePrompt: negative_prompt,
 *           audio: generate_audio, resolution: resolution, prompt: prompt}
 *   promptRequired: false        # default true
 *   durationAsNumber: false      # fal documents DurationEnum as strings ("5"); default false
 *   constants: {aspect_ratio: auto}
 *   aspectRatios: ['16:9', '9:16', '1:1']   # with input.aspectRatio: the values of the model's ratio field
 * </pre>
 *
 * A field left out is never sent (a model without {@code endImage} cannot take an end frame). {@code audio} names the
 * switch of a model that can make sound: {@code true} when the chosen combination has {@code audio: true} (a "with
 * sound" entry), else {@code false} (fal's Kling 3 makes sound unless told not to, and per-clip sound does not join
 * across the cuts of a film). {@code constants} are sent as written. {@code aspectRatio} names a model's own ratio
 * field, whose values are {@code aspectRatios}: it is sent the film's shape (over a constant of the same name, which
 * stays for a request without one).
 */
public record FalInput(String endpoint, String promptField, boolean promptRequired, String imageField,
                       String endImageField, String durationField, boolean durationAsNumber, String resolutionField,
                       String negativePromptField, String audioField, Map<String, Object> constants,
                       String aspectRatioField, java.util.List<String> aspectRatios) {
    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9._-]+/[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Pattern FIELD = Pattern.compile("[a-z][a-z0-9_]*");

    public FalInput {
        constants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(constants));
        aspectRatios = aspectRatios == null ? java.util.List.of() : java.util.List.copyOf(aspectRatios);
    }

    /** The model's call, or a one-line error naming the model when its {@code extra} is incomplete. */
    public static FalInput of(ModelSpec model) {
        Map<String, Object> extra = model.extra();
        String endpoint = string(extra.get("endpoint"));
        if (endpoint == null || !ENDPOINT.matcher(endpoint).matches()) {
            throw bad(model, "extra.endpoint must be a fal endpoint id such as fal-ai/pika/v2.2/image-to-video");
        }
        Map<String, String> input = new LinkedHashMap<>();
        if (extra.get("input") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> input.put(String.valueOf(k), string(v)));
        } else {
            throw bad(model, "extra.input must map image, prompt, … to the endpoint's field names");
        }
        for (var e : input.entrySet()) {
            if (!java.util.Set.of("image", "endImage", "prompt", "negativePrompt", "duration", "resolution", "audio",
                    "aspectRatio").contains(e.getKey())) {
                throw bad(model, "extra.input has an unknown entry '" + e.getKey() + "'");
            }
            if (e.getValue() != null && !FIELD.matcher(e.getValue()).matches()) {
                throw bad(model, "extra.input." + e.getKey() + " is not a field name: '" + e.getValue() + "'");
            }
        }
        if (input.get("image") == null) {
            throw bad(model, "extra.input.image (the field of the start frame) is required");
        }
        if ((input.get("endImage") != null) != model.takesEndFrame()) {
            throw bad(model, "extra.endFrame must be true exactly when extra.input names endImage");
        }
        java.util.List<String> aspectRatios = extra.get("aspectRatios") instanceof java.util.List<?> l
                ? l.stream().map(String::valueOf).toList() : java.util.List.of();
        if ((input.get("aspectRatio") != null) != !aspectRatios.isEmpty()) {
            throw bad(model, "extra.aspectRatios must list the ratio field's values exactly when extra.input names aspectRatio");
        }
        Map<String, Object> constants = new LinkedHashMap<>();
        if (extra.get("constants") instanceof Map<?, ?> c) {
            c.forEach((k, v) -> constants.put(String.valueOf(k), v));
        }
        return new FalInput(endpoint, input.getOrDefault("prompt", "prompt"), !Boolean.FALSE.equals(
                extra.get("promptRequired")), input.get("image"), input.get("endImage"), input.get("duration"),
                Boolean.TRUE.equals(extra.get("durationAsNumber")), input.get("resolution"),
                input.get("negativePrompt"), input.get("audio"), constants, input.get("aspectRatio"), aspectRatios);
    }

    /** The app the queue follows a request under: {@code owner/alias}, without the endpoint's sub-path (§2.2). */
    public String appId() {
        String[] parts = endpoint.split("/");
        return parts[0] + "/" + parts[1];
    }

    /**
     * The input JSON: images as {@code data:} URIs, the duration as a string unless the model says otherwise, the
     * resolution as the catalogue writes it, and nothing the model does not name.
     */
    public ObjectNode body(ObjectMapper json, String prompt, String negativePrompt, String imageUri, String endImageUri,
                           int durationSeconds, String resolution, boolean audio, String aspectRatio) {
        ObjectNode o = json.createObjectNode();
        if (prompt != null && !prompt.isBlank()) {
            o.put(promptField, prompt);
        }
        o.put(imageField, imageUri);
        if (endImageUri != null) {
            o.put(endImageField, endImageUri);
        }
        if (durationField != null) {
            if (durationAsNumber) {
                o.put(durationField, durationSeconds);
            } else {
                o.put(durationField, String.valueOf(durationSeconds));
            }
        }
        if (resolutionField != null && resolution != null) {
            o.put(resolutionField, resolution);
        }
        if (negativePromptField != null && negativePrompt != null && !negativePrompt.isBlank()) {
            o.put(negativePromptField, negativePrompt);
        }
        if (audioField != null) {
            o.put(audioField, audio);
        }
        constants.forEach((k, v) -> o.set(k, json.valueToTree(v)));
        if (aspectRatioField != null && aspectRatio != null) {
            o.put(aspectRatioField, aspectRatio);
        }
        return o;
    }

    private static String string(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static ConfigException bad(ModelSpec model, String what) {
        return new ConfigException("fal model " + model.id() + ": " + what);
    }
}
