package io.storyreel.core.provider;

import java.util.List;
import java.util.Map;

/**
 * One clip to generate. {@code image} is the prepared image (already checked/fixed for this provider), with its
 * MIME type. {@code mode}, {@code resolution}, {@code negativePrompt} may be null (provider defaults).
 * {@code endImage} (last frame), {@code cameraMove} (a provider camera preset such as Kling's {@code forward_up}) and
 * {@code referenceImages} (pictures the model keeps in view, Veo 3.1) are optional and only sent where the model
 * allows them; most callers use the 8-argument constructor, which leaves them unset. {@code parameters} are values
 * for the model's declared {@link ParameterSpec}s by name, as canonical text ({@link ParameterValues}). {@code shape}
 * is the film's shape, which a model with a ratio parameter of its own is asked for (null: the photo's own shape).
 */
public record GenerationRequest(String model, String mode, int durationSeconds, String resolution, String prompt,
                                String negativePrompt, byte[] image, String imageMime, byte[] endImage,
                                String endImageMime, String cameraMove, List<ReferenceImage> referenceImages,
                                Map<String, String> parameters, FilmShape shape) {

    public GenerationRequest {
        referenceImages = referenceImages == null ? List.of() : List.copyOf(referenceImages);
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public GenerationRequest(String model, String mode, int durationSeconds, String resolution, String prompt,
                             String negativePrompt, byte[] image, String imageMime, byte[] endImage,
                             String endImageMime, String cameraMove, List<ReferenceImage> referenceImages,
                             Map<String, String> parameters) {
        this(model, mode, durationSeconds, resolution, prompt, negativePrompt, image, imageMime, endImage,
                endImageMime, cameraMove, referenceImages, parameters, null);
    }

    public GenerationRequest(String model, String mode, int durationSeconds, String resolution, String prompt,
                             String negativePrompt, byte[] image, String imageMime, byte[] endImage,
                             String endImageMime, String cameraMove, List<ReferenceImage> referenceImages) {
        this(model, mode, durationSeconds, resolution, prompt, negativePrompt, image, imageMime, endImage,
                endImageMime, cameraMove, referenceImages, Map.of());
    }

    public GenerationRequest(String model, String mode, int durationSeconds, String resolution, String prompt,
                             String negativePrompt, byte[] image, String imageMime) {
        this(model, mode, durationSeconds, resolution, prompt, negativePrompt, image, imageMime, null, null, null);
    }

    public GenerationRequest(String model, String mode, int durationSeconds, String resolution, String prompt,
                             String negativePrompt, byte[] image, String imageMime, byte[] endImage,
                             String endImageMime, String cameraMove) {
        this(model, mode, durationSeconds, resolution, prompt, negativePrompt, image, imageMime, endImage,
                endImageMime, cameraMove, List.of());
    }

    /** The same request with another (prepared) first-frame image. */
    public GenerationRequest withImage(byte[] newImage, String newMime) {
        return new GenerationRequest(model, mode, durationSeconds, resolution, prompt, negativePrompt, newImage,
                newMime, endImage, endImageMime, cameraMove, referenceImages, parameters, shape);
    }

    /** The same request with another (prepared) last-frame image. */
    public GenerationRequest withEndImage(byte[] newImage, String newMime) {
        return new GenerationRequest(model, mode, durationSeconds, resolution, prompt, negativePrompt, image,
                imageMime, newImage, newMime, cameraMove, referenceImages, parameters, shape);
    }

    /** The same request with other (prepared) reference images. */
    public GenerationRequest withReferenceImages(List<ReferenceImage> images) {
        return new GenerationRequest(model, mode, durationSeconds, resolution, prompt, negativePrompt, image,
                imageMime, endImage, endImageMime, cameraMove, images, parameters, shape);
    }

    /** The same request with these parameter values. */
    public GenerationRequest withParameters(Map<String, String> values) {
        return new GenerationRequest(model, mode, durationSeconds, resolution, prompt, negativePrompt, image,
                imageMime, endImage, endImageMime, cameraMove, referenceImages, values, shape);
    }

    /** The same request for a film of this shape (null: the photo's own). */
    public GenerationRequest withShape(FilmShape filmShape) {
        return new GenerationRequest(model, mode, durationSeconds, resolution, prompt, negativePrompt, image,
                imageMime, endImage, endImageMime, cameraMove, referenceImages, parameters, filmShape);
    }

    @Override
    public String toString() {
        return "GenerationRequest[model=" + model + ", mode=" + mode + ", duration=" + durationSeconds
                + ", resolution=" + resolution + ", promptChars=" + (prompt == null ? 0 : prompt.length())
                + ", imageBytes=" + (image == null ? 0 : image.length)
                + (endImage == null ? "" : ", endImageBytes=" + endImage.length)
                + (cameraMove == null ? "" : ", cameraMove=" + cameraMove)
                + (referenceImages.isEmpty() ? "" : ", referenceImages=" + referenceImages.size())
                + (parameters.isEmpty() ? "" : ", parameters=" + parameters.keySet())
                + (shape == null ? "" : ", shape=" + shape.label()) + "]";
    }
}
