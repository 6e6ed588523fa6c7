package io.storyreel.core.provider.minimax.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /v1/video_generation}: images as {@code data:<mime>;base64,...} URLs, {@code duration} an
 * integer, {@code resolution} upper-case ({@code 768P}). Unset fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"model", "prompt", "first_frame_image", "last_frame_image", "duration", "resolution",
        "prompt_optimizer", "callback_url"})
public record MiniMaxCreateRequest(String model, String prompt, String firstFrameImage, String lastFrameImage,
                                   Integer duration, String resolution, Boolean promptOptimizer, String callbackUrl) {
    @Override
    public String toString() {
        return "MiniMaxCreateRequest[model=" + model + ", duration=" + duration + ", resolution=" + resolution + "]";
    }
}
