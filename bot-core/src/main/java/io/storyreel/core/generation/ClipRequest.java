package io.storyreel.core.generation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.core.provider.GenerationRequest;

import java.util.Map;

/**
 * What a clip asks the provider for, stored as {@code clip.request_json}: the request without the image bytes,
 * which stay in the blob store under {@code imageBlob} (and a bridge's last frame under {@code endImageBlob}; both
 * end fields are null for a clip of its own, and absent from requests stored before bridges, so a clip's fingerprint
 * is what it was). {@code parameters} (the chosen values of the model's declared parameters) are left out of the JSON
 * when there are none, for the same reason; so is {@code shape} (the film's shape, for a model's own ratio parameter)
 * when there is none.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ClipRequest(String model, String mode, int durationSeconds, String resolution, String prompt,
                   String negativePrompt, String imageBlob, String imageMime,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String endImageBlob,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String endImageMime,
                   @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> parameters,
                   @JsonInclude(JsonInclude.Include.NON_NULL) io.storyreel.core.provider.FilmShape shape) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The stored form of {@code request}, whose image is the blob {@code imageBlob}. */
    static ClipRequest of(GenerationRequest request, String imageBlob) {
        return of(request, imageBlob, null);
    }

    /** The stored form of a bridge's {@code request}, whose last frame is the blob {@code endImageBlob}. */
    static ClipRequest of(GenerationRequest request, String imageBlob, String endImageBlob) {
        return new ClipRequest(request.model(), request.mode(), request.durationSeconds(), request.resolution(),
                request.prompt(), request.negativePrompt(), imageBlob, request.imageMime(), endImageBlob,
                endImageBlob == null ? null : request.endImageMime(), request.parameters(), request.shape());
    }

    GenerationRequest toRequest(byte[] image) {
        return toRequest(image, null);
    }

    /** The request with its images: {@code endImage} is the bridge's last frame (ignored for a clip of its own). */
    GenerationRequest toRequest(byte[] image, byte[] endImage) {
        GenerationRequest r = new GenerationRequest(model, mode, durationSeconds, resolution, prompt, negativePrompt,
                image, imageMime).withParameters(parameters == null ? Map.of() : parameters).withShape(shape);
        return endImageBlob == null ? r : r.withEndImage(endImage, endImageMime);
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What makes two clips the same clip: SHA-256 of the provider and this request (photo blob, final prompt, model,
     * mode, duration, resolution, negative prompt, image type), in hex.
     */
    String fingerprint(String provider) {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            d.update((provider + "\n" + toJson()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ClipRequest fromJson(String json) {
        try {
            return JSON.readValue(json, ClipRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt clip request", e);
        }
    }
}
