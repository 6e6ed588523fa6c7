package io.storyreel.core.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.TaskState;
import io.storyreel.core.provider.TaskStatus;
import io.storyreel.core.provider.http.JsonReply;

import java.time.Clock;
import java.util.Locale;

/**
 * What a finished request's result means (spec providers-next §2.4, §2.7): 200 with the model's output
 * ({@code {"video": {"url": …}}}) is the clip; 422 the model's refusal (the content check among them); a 5xx with a
 * fal error type the request's own failure, which fal does not bill; a cancelled request's answer is CANCELLED; 404
 * a request fal no longer knows. There is no FAILED status in the queue protocol: only the result tells.
 */
final class FalResult {
    private FalResult() {
    }

    static TaskState read(JsonReply reply, String rawStatus, Clock clock) {
        int code = reply.status();
        if (code / 100 == 2) {
            JsonNode video = reply.hasJson() ? reply.json().path("video") : null;
            String url = video == null ? "" : video.path("url").asText("");
            if (url.isBlank()) {
                return failed(rawStatus, FalErrors.problem(Problem.UNEXPECTED_ANSWER).raw("fal:no_video")
                        .message("fal.ai finished the clip but gave no video link.").build());
            }
            return new TaskState(TaskStatus.SUCCEEDED, rawStatus, 100, url, -1, null);
        }
        if (code == 404) {
            return new TaskState(TaskStatus.EXPIRED, "not_found", -1, null, -1,
                    FalErrors.problem(Problem.TASK_UNKNOWN).raw("fal:http_404")
                            .message("fal.ai no longer knows this request.").build());
        }
        String type = FalErrors.errorType(reply);
        String detail = FalErrors.detail(reply);
        String words = ((type == null ? "" : type) + " " + (detail == null ? "" : detail)).toLowerCase(Locale.ROOT);
        if (words.contains("cancel")) {
            return new TaskState(TaskStatus.CANCELLED, rawStatus, -1, null, -1,
                    FalErrors.problem(Problem.TASK_FAILED).raw("fal:" + (type == null ? "cancelled" : type))
                            .message("The fal.ai request was cancelled.").build());
        }
        if (code == 422) {
            return failed(rawStatus, FalErrors.modelError(reply));
        }
        if (code >= 500) {
            return failed(rawStatus, FalErrors.problem(Problem.PROVIDER_TROUBLE).raw("fal:" + type)
                    .detail(FalErrors.clip(detail)).message("fal.ai could not make this clip (" + type + "); fal.ai "
                            + "does not charge for it.").build());
        }
        if (code == 400 && words.contains("in progress")) {
            return new TaskState(TaskStatus.RUNNING, rawStatus, -1, null, -1, null);
        }
        return failed(rawStatus, FalErrors.from(reply, clock));
    }

    private static TaskState failed(String rawStatus, ProviderException why) {
        return new TaskState(TaskStatus.FAILED, rawStatus, -1, null, -1, why);
    }
}
