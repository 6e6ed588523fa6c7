package io.storyreel.core.provider.kling.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /v1/videos/image2video}. {@code duration} is a string on the wire; {@code image} and
 * {@code imageTail} are raw base64 (a {@code data:} prefix is rejected with 1201), which Jackson writes from the
 * bytes as it serialises (no base64 copy of the photo is ever held). Unset fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"model_name", "mode", "duration", "prompt", "negative_prompt", "cfg_scale", "image", "image_tail",
        "camera_control", "sound", "external_task_id", "callback_url"})
public record KlingCreateRequest(String modelName, String mode, String duration, String prompt, String negativePrompt,
                                 Double cfgScale, byte[] image, byte[] imageTail, CameraControl cameraControl,
                                 String sound, String externalTaskId, String callbackUrl) {

    /**
     * A camera preset by its type. The catalogue's camera_control parameter sends the whole object itself (the
     * simple form with its config included); this is for a request's own camera move.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CameraControl(String type) {
    }

    @Override
    public String toString() {
        return "KlingCreateRequest[model=" + modelName + ", mode=" + mode + ", duration=" + duration
                + ", externalTaskId=" + externalTaskId + "]";
    }
}
