package io.storyreel.sim.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.ImageFetcher;
import io.storyreel.sim.taskapi.ProbedImage;

import java.io.IOException;
import java.util.Base64;
import java.util.Set;

/**
 * A validated {@code POST /v1/videos/image2video} body. Reading it applies every rule of spec §1.3/§1.7 and the
 * capability map, and the leniency the real service shows: {@code null}, {@code ""} and {@code []} mean "not set",
 * unknown fields (including {@code aspect_ratio}) are ignored, and the legacy {@code model} field means the default
 * model, as the doc says.
 *
 * <p>Image URLs are fetched (so a client may point at its own HTTP server); a URL that cannot be fetched is refused
 * with 1201.
 */
record KlingCreateRequest(KlingModel model, String mode, String duration, boolean soundOn, boolean voice,
                          ProbedImage image, ProbedImage imageTail, String prompt, String externalTaskId,
                          boolean watermark, String callbackUrl) {

    static final int MAX_IMAGE_BYTES = 10 * 1024 * 1024;
    static final int MAX_PROMPT = 2500;
    private static final Set<String> CAMERA_TYPES =
            Set.of("simple", "down_back", "forward_up", "right_turn_forward", "left_turn_forward");

    static KlingCreateRequest read(JsonNode body, ImageFetcher fetcher) throws KlingError {
        if (body == null || !body.isObject()) {
            throw new KlingError(400, 1200, "Invalid request parameters: body must be a JSON object");
        }
        String modelName = text(body, "model_name");
        if (modelName == null) {
            modelName = "kling-v1";
        }
        String name = modelName;
        KlingModel model = KlingModel.named(name)
                .orElseThrow(() -> new KlingError(404, 1203, "model_name '" + name + "' does not exist"));

        String mode = text(body, "mode");
        if (mode == null) {
            mode = "std";
        } else if (!mode.equals("std") && !mode.equals("pro")) {
            throw KlingError.invalid("mode must be one of std, pro");
        }
        if (model.singleMode()) {
            mode = "std";
        }

        String duration;
        JsonNode d = body.get("duration");
        if (d == null || d.isNull() || (d.isTextual() && d.asText().isEmpty())) {
            duration = "5";
        } else if (!d.isTextual()) {
            throw KlingError.invalid("duration must be a string, e.g. \"5\"");
        } else {
            duration = d.asText();
        }
        if (!model.durations().contains(duration)) {
            throw KlingError.invalid("duration " + duration + " is not supported by " + name + " (supported: "
                    + (model.durations().size() == 2 ? "5, 10" : "3 to 15") + ")");
        }

        String sound = text(body, "sound");
        boolean soundOn = "on".equals(sound);
        if (sound != null && !sound.equals("on") && !sound.equals("off")) {
            throw KlingError.invalid("sound must be one of on, off");
        }
        if (soundOn && !model.soundCapable()) {
            throw KlingError.invalid("sound is not supported by " + name);
        }
        if (soundOn && name.equals("kling-v2-6") && !mode.equals("pro")) {
            throw KlingError.invalid("sound is only supported in pro mode for " + name);
        }

        String prompt = text(body, "prompt");
        checkLength(prompt, "prompt");
        checkLength(text(body, "negative_prompt"), "negative_prompt");

        JsonNode cfg = body.get("cfg_scale");
        if (cfg != null && !cfg.isNull() && !(cfg.isTextual() && cfg.asText().isEmpty())) {
            if (!cfg.isNumber() || cfg.asDouble() < 0 || cfg.asDouble() > 1) {
                throw KlingError.invalid("cfg_scale must be a number between 0 and 1");
            }
        }

        boolean voice = nonEmptyArray(body, "voice_list", 2);
        if (voice && !model.soundCapable()) {
            throw KlingError.invalid("voice_list is not supported by " + name);
        }
        if (voice && nonEmptyArray(body, "element_list", 3)) {
            throw KlingError.invalid("voice_list and element_list cannot be used together");
        }

        String imageText = text(body, "image");
        String tailText = text(body, "image_tail");
        if (imageText == null && tailText == null) {
            throw KlingError.invalid("image can not be null");
        }
        ProbedImage image = imageText == null ? null : image(imageText, "image", true, fetcher);
        ProbedImage tail = tailText == null ? null : image(tailText, "image_tail", false, fetcher);
        if (tail != null && !model.tail().allows(mode, duration, soundOn)) {
            throw KlingError.invalid("image_tail is not supported by " + name + " in " + mode + " mode for "
                    + duration + "s" + (soundOn ? " with sound" : ""));
        }
        if (image == null && !(name.equals("kling-v1-5") || name.equals("kling-v1-6"))) {
            throw KlingError.invalid("image can not be null");
        }

        boolean masks = text(body, "static_mask") != null || nonEmptyArray(body, "dynamic_masks", 6);
        if (masks) {
            boolean allowed = duration.equals("5")
                    && (name.equals("kling-v1") || (name.equals("kling-v1-5") && mode.equals("pro")));
            if (!allowed) {
                throw KlingError.invalid("motion brush (static_mask/dynamic_masks) is not supported by " + name
                        + " in " + mode + " mode for " + duration + "s");
            }
            if (tail != null) {
                throw KlingError.invalid("image_tail cannot be used together with static_mask/dynamic_masks");
            }
        }
        JsonNode camera = body.get("camera_control");
        if (camera != null && !camera.isNull() && !(camera.isObject() && camera.isEmpty())) {
            checkCamera(camera);
            if (!(name.equals("kling-v1-5") && mode.equals("pro") && duration.equals("5"))) {
                throw KlingError.invalid("camera_control is not supported by " + name + " in " + mode + " mode for "
                        + duration + "s");
            }
            if (tail != null) {
                throw KlingError.invalid("image_tail cannot be used together with camera_control");
            }
        }

        JsonNode wm = body.get("watermark_info");
        boolean watermark = wm != null && wm.isObject() && wm.path("enabled").asBoolean(false);
        String external = text(body, "external_task_id");
        String callback = text(body, "callback_url");
        return new KlingCreateRequest(model, mode, duration, soundOn, voice, image, tail, prompt, external, watermark,
                callback);
    }

    /** The image the clip starts from: the start frame, or the end frame for end-frame-only requests. */
    ProbedImage sourceImage() {
        return image != null ? image : imageTail;
    }

    private static ProbedImage image(String value, String field, boolean checkAspect, ImageFetcher fetcher)
            throws KlingError {
        byte[] bytes;
        if (value.startsWith("http://") || value.startsWith("https://")) {
            try {
                bytes = fetcher.fetch(value, MAX_IMAGE_BYTES);
            } catch (IOException e) {
                throw KlingError.invalid(field + " url cannot be downloaded: " + e.getMessage());
            }
        } else {
            if (value.startsWith("data:")) {
                throw KlingError.invalid("File is not in a valid base64 format");
            }
            try {
                bytes = Base64.getDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                throw KlingError.invalid("File is not in a valid base64 format");
            }
        }
        if (bytes.length > MAX_IMAGE_BYTES) {
            throw KlingError.invalid(field + " size exceeds 10MB");
        }
        ProbedImage img = ProbedImage.probe(bytes)
                .filter(p -> !p.format().equals("webp"))
                .orElseThrow(() -> KlingError.invalid(field + " format is not supported, use jpg, jpeg or png"));
        if (img.width() < 300 || img.height() < 300) {
            throw KlingError.invalid(field + " width and height must be at least 300px, got " + img.width() + "x"
                    + img.height());
        }
        if (checkAspect && (img.aspect() < 1 / 2.5 - 1e-9 || img.aspect() > 2.5 + 1e-9)) {
            throw KlingError.invalid(field + " aspect ratio must be between 1:2.5 and 2.5:1, got " + img.width()
                    + "x" + img.height());
        }
        return img;
    }

    private static void checkCamera(JsonNode camera) throws KlingError {
        if (!camera.isObject()) {
            throw KlingError.invalid("camera_control must be an object");
        }
        String type = camera.path("type").asText("");
        if (!CAMERA_TYPES.contains(type)) {
            throw KlingError.invalid("camera_control.type must be one of " + String.join(", ", CAMERA_TYPES));
        }
        if (type.equals("simple")) {
            JsonNode config = camera.get("config");
            if (config == null || !config.isObject()) {
                throw KlingError.invalid("camera_control.config is required for type simple");
            }
            int nonZero = 0;
            for (String axis : new String[] {"horizontal", "vertical", "pan", "tilt", "roll", "zoom"}) {
                JsonNode v = config.get(axis);
                if (v == null || v.isNull()) {
                    continue;
                }
                if (!v.isNumber() || v.asDouble() < -10 || v.asDouble() > 10) {
                    throw KlingError.invalid("camera_control.config." + axis + " must be a number in [-10, 10]");
                }
                if (v.asDouble() != 0) {
                    nonZero++;
                }
            }
            if (nonZero != 1) {
                throw KlingError.invalid("camera_control.config must have exactly one non-zero value");
            }
        }
    }

    private static void checkLength(String value, String field) throws KlingError {
        if (value != null && value.codePointCount(0, value.length()) > MAX_PROMPT) {
            throw KlingError.invalid(field + " cannot exceed " + MAX_PROMPT + " characters");
        }
    }

    /** A string field, with null, "" and a missing field all meaning "not set". */
    private static String text(JsonNode body, String field) throws KlingError {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw KlingError.invalid(field + " must be a string");
        }
        return v.asText().isEmpty() ? null : v.asText();
    }

    private static boolean nonEmptyArray(JsonNode body, String field, int max) throws KlingError {
        JsonNode v = body.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
            return false;
        }
        if (!v.isArray()) {
            throw KlingError.invalid(field + " must be an array");
        }
        if (v.size() > max) {
            throw KlingError.invalid(field + " can have at most " + max + " items");
        }
        return v.size() > 0;
    }
}
