package io.storyreel.core.provider.google.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * Body of {@code POST /v1beta/models/{model}:predictLongRunning} (spec §3.2): one instance with the prompt and the
 * images inline as base64, and the parameters. Unset fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VeoCreateRequest(List<Instance> instances, Parameters parameters) {

    /** {@code instances[0]}: the first frame, the last frame where the model takes one, reference images. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"prompt", "image", "lastFrame", "referenceImages"})
    public record Instance(String prompt, InlineImage image, InlineImage lastFrame,
                           List<ReferenceImage> referenceImages) {
    }

    /** An image as {@code {"bytesBase64Encoded", "mimeType"}}: the Gemini API takes no Cloud Storage URIs. */
    @JsonPropertyOrder({"bytesBase64Encoded", "mimeType"})
    public record InlineImage(String bytesBase64Encoded, String mimeType) {
        @Override
        public String toString() {
            return "InlineImage[" + mimeType + "]";
        }
    }

    /** {@code {"image": …, "referenceType": "ASSET"}}: a person or object to keep the same. */
    @JsonPropertyOrder({"image", "referenceType"})
    public record ReferenceImage(InlineImage image, String referenceType) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"aspectRatio", "resolution", "durationSeconds", "negativePrompt", "personGeneration",
            "sampleCount"})
    public record Parameters(String aspectRatio, String resolution, Integer durationSeconds, String negativePrompt,
                             String personGeneration, Integer sampleCount) {
    }

    @Override
    public String toString() {
        return "VeoCreateRequest[" + parameters + "]";
    }
}
