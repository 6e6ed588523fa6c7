package io.storyreel.core.generation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.core.provider.GenerationRequest;

/**
 * What a clip asks the provider for, stored as {@code clip.request_json}: the request without the image bytes,
 * which stay in the blob store under {@code imageBlob}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ClipRequest(String model, String mode, int durationSeconds, String resolution, String prompt,
                   String negativePrompt, String imageBlob, String imageMime) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The stored form of {@code request}, whose image is the blob {@code imageBlob}. */
    static ClipRequest of(GenerationRequest request, String imageBlob) {
        return new ClipRequest(request.model(), request.mode(), request.durationSeconds(), request.resolution(),
                request.prompt(), request.negativePrompt(), imageBlob, request.imageMime());
    }

    GenerationRequest toRequest(byte[] image) {
        return new GenerationRequest(model, mode, durationSeconds, resolution, prompt, negativePrompt, image, imageMime);
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
