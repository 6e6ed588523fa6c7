package io.storyreel.sim.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.ImageFetcher;
import io.storyreel.sim.taskapi.ProbedImage;

import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /v1/video_generation} body (spec §2.3, §2.8). {@code model} and {@code first_frame_image}
 * are required (the I2V OpenAPI schema); {@code null}, {@code ""} and unknown fields are tolerated.
 *
 * <p>Choices where the spec is UNCERTAIN: images must be a data URL or an http(s) URL (URLs are fetched); raw base64
 * without the {@code data:} prefix is refused with 2013, as clients are told to send data URLs. Resolutions must be
 * upper-case ({@code 768P}). The size and aspect limits are strict as the older doc words them: short side > 300 px,
 * aspect ratio strictly between 2:5 and 5:2, file < 20 MB.
 */
record MiniMaxCreateRequest(MiniMaxModel model, int duration, String resolution, ProbedImage firstFrame,
                            ProbedImage lastFrame, String prompt, String callbackUrl) {

    static final long MAX_IMAGE_BYTES = 20L * 1024 * 1024;
    static final int MAX_PROMPT = 2000;
    private static final Pattern DATA_URL =
            Pattern.compile("^data:image/(jpeg|jpg|png|webp);base64,(.*)$", Pattern.DOTALL);

    static MiniMaxCreateRequest read(JsonNode body, ImageFetcher fetcher) throws MiniMaxError {
        if (body == null || !body.isObject()) {
            throw MiniMaxError.invalid("request body must be a JSON object");
        }
        String modelName = text(body, "model");
        if (modelName == null) {
            throw MiniMaxError.missing("model");
        }
        MiniMaxModel model = MiniMaxModel.named(modelName)
                .orElseThrow(() -> MiniMaxError.invalid("model " + modelName + " does not support image to video"));

        String prompt = text(body, "prompt");
        if (prompt != null && prompt.codePointCount(0, prompt.length()) > MAX_PROMPT) {
            throw MiniMaxError.invalid("prompt exceeds " + MAX_PROMPT + " characters");
        }
        for (String flag : List.of("prompt_optimizer", "fast_pretreatment", "aigc_watermark")) {
            JsonNode v = body.get(flag);
            if (v != null && !v.isNull() && !v.isBoolean()) {
                throw MiniMaxError.invalid(flag + " must be a boolean");
            }
        }

        String resolution = text(body, "resolution");
        if (resolution == null) {
            resolution = model.defaultResolution();
        }
        List<Integer> durations = model.durationsByResolution().get(resolution);
        if (durations == null) {
            throw MiniMaxError.invalid("resolution " + resolution + " is not supported by " + modelName
                    + " (supported: " + String.join(", ", model.durationsByResolution().keySet().stream().sorted()
                    .toList()) + ")");
        }
        int duration = 6;
        JsonNode d = body.get("duration");
        if (d != null && !d.isNull()) {
            if (!d.isIntegralNumber()) {
                throw MiniMaxError.invalid("duration must be an integer");
            }
            duration = d.asInt();
        }
        if (!durations.contains(duration)) {
            throw MiniMaxError.invalid(modelName + " at " + resolution + " supports duration "
                    + durations.stream().map(String::valueOf).reduce((a, b) -> a + " or " + b).orElse("")
                    + " seconds, not " + duration);
        }

        String first = text(body, "first_frame_image");
        if (first == null) {
            throw MiniMaxError.missing("first_frame_image");
        }
        ProbedImage firstFrame = image(first, "first_frame_image", fetcher);
        String last = text(body, "last_frame_image");
        ProbedImage lastFrame = null;
        if (last != null) {
            if (!model.lastFrame()) {
                throw MiniMaxError.invalid("last_frame_image is only supported by MiniMax-Hailuo-02");
            }
            if (resolution.equals("512P")) {
                throw MiniMaxError.invalid("last_frame_image is not supported at 512P");
            }
            lastFrame = image(last, "last_frame_image", fetcher);
        }
        return new MiniMaxCreateRequest(model, duration, resolution, firstFrame, lastFrame, prompt,
                text(body, "callback_url"));
    }

    private static ProbedImage image(String value, String field, ImageFetcher fetcher) throws MiniMaxError {
        byte[] bytes;
        Matcher m = DATA_URL.matcher(value);
        if (m.matches()) {
            try {
                bytes = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw MiniMaxError.invalid(field + " is not valid base64");
            }
        } else if (value.startsWith("http://") || value.startsWith("https://")) {
            try {
                bytes = fetcher.fetch(value, MAX_IMAGE_BYTES);
            } catch (IOException e) {
                throw MiniMaxError.invalid(field + " cannot be downloaded: " + e.getMessage());
            }
        } else {
            throw MiniMaxError.invalid(field + " must be a public URL or a data URL like data:image/jpeg;base64,...");
        }
        if (bytes.length >= MAX_IMAGE_BYTES) {
            throw MiniMaxError.invalid(field + " must be smaller than 20MB");
        }
        ProbedImage img = ProbedImage.probe(bytes)
                .orElseThrow(() -> MiniMaxError.invalid(field + " format must be jpg, jpeg, png or webp"));
        if (img.shortSide() <= 300) {
            throw MiniMaxError.invalid(field + " short side must be greater than 300px, got " + img.width() + "x"
                    + img.height());
        }
        double ar = img.aspect();
        if (ar <= 2.0 / 5 || ar >= 5.0 / 2) {
            throw MiniMaxError.invalid(field + " aspect ratio must be between 2:5 and 5:2, got " + img.width() + "x"
                    + img.height());
        }
        return img;
    }

    private static String text(JsonNode body, String field) throws MiniMaxError {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw MiniMaxError.invalid(field + " must be a string");
        }
        return v.asText().isEmpty() ? null : v.asText();
    }
}
