package io.storyreel.core.provider.runway.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * Body of {@code POST /v1/image_to_video} (spec §1.3): camelCase, unset fields left out, since Runway refuses keys a
 * model does not take. {@code promptImage} is one data URI (the first frame) or a list of {@link Frame}s with their
 * positions (first and last frame).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"model", "promptImage", "promptText", "ratio", "duration", "audio", "negativePrompt"})
public record RunwayCreateRequest(String model, Object promptImage, String promptText, String ratio, Integer duration,
                                  Boolean audio, String negativePrompt) {

    /** One frame of {@code promptImage}: its URI (here a data URI) and {@code first} or {@code last}. */
    @JsonPropertyOrder({"uri", "position"})
    public record Frame(String uri, String position) {
        @Override
        public String toString() {
            return "Frame[" + position + "]";
        }
    }

    /** A first frame alone is sent as a plain string, which every model takes. */
    public static Object promptImage(String first, String last) {
        return last == null ? first : List.of(new Frame(first, "first"), new Frame(last, "last"));
    }

    @Override
    public String toString() {
        return "RunwayCreateRequest[model=" + model + ", ratio=" + ratio + ", duration=" + duration + ", frames="
                + (promptImage instanceof List<?> l ? l.size() : 1) + "]";
    }
}
