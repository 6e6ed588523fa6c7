package io.storyreel.core.provider;

/**
 * One clip to generate. {@code image} is the prepared image (already checked/fixed for this provider), with its
 * MIME type. {@code mode}, {@code resolution}, {@code negativePrompt} may be null (provider defaults).
 */
public record GenerationRequest(String model, String mode, int durationSeconds, String resolution, String prompt,
                                String negativePrompt, byte[] image, String imageMime) {
    @Override
    public String toString() {
        return "GenerationRequest[model=" + model + ", mode=" + mode + ", duration=" + durationSeconds
                + ", resolution=" + resolution + ", promptChars=" + (prompt == null ? 0 : prompt.length())
                + ", imageBytes=" + (image == null ? 0 : image.length) + "]";
    }
}
