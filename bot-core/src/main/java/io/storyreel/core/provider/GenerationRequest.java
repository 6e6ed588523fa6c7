package io.storyreel.core.provider;

/**
 * One clip to generate. {@code image} is the prepared image (already checked/fixed for this provider), with its
 * MIME type. {@code mode}, {@code resolution}, {@code negativePrompt} may be null (provider defaults).
 * {@code endImage} (last frame) and {@code cameraMove} (a provider camera preset such as Kling's
 * {@code forward_up}) are optional and only sent where the model allows them; most callers use the 8-argument
 * constructor, which leaves them unset.
 */
public record GenerationRequest(String model, String mode, int durationSeconds, String resolution, String prompt,
                                String negativePrompt, byte[] image, String imageMime, byte[] endImage,
                                String endImageMime, String cameraMove) {

    public GenerationRequest(String model, String mode, int durationSeconds, String resolution, String prompt,
                             String negativePrompt, byte[] image, String imageMime) {
        this(model, mode, durationSeconds, resolution, prompt, negativePrompt, image, imageMime, null, null, null);
    }

    /** The same request with another (prepared) first-frame image. */
    public GenerationRequest withImage(byte[] newImage, String newMime) {
        return new GenerationRequest(model, mode, durationSeconds, resolution, prompt, negativePrompt, newImage,
                newMime, endImage, endImageMime, cameraMove);
    }

    /** The same request with another (prepared) last-frame image. */
    public GenerationRequest withEndImage(byte[] newImage, String newMime) {
        return new GenerationRequest(model, mode, durationSeconds, resolution, prompt, negativePrompt, image,
                imageMime, newImage, newMime, cameraMove);
    }

    @Override
    public String toString() {
        return "GenerationRequest[model=" + model + ", mode=" + mode + ", duration=" + durationSeconds
                + ", resolution=" + resolution + ", promptChars=" + (prompt == null ? 0 : prompt.length())
                + ", imageBytes=" + (image == null ? 0 : image.length)
                + (endImage == null ? "" : ", endImageBytes=" + endImage.length)
                + (cameraMove == null ? "" : ", cameraMove=" + cameraMove) + "]";
    }
}
