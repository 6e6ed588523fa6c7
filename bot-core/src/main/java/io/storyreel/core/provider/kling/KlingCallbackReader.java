package io.storyreel.core.provider.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.provider.JsonCallbackReader;

/**
 * Kling's callback body (spec §1.5): the flat task object, {@code task_id} at the top. A relay's copy wraps the task
 * in {@code {code, message, data}}, so {@code data.task_id} is read too. Kling has no verification handshake.
 */
final class KlingCallbackReader extends JsonCallbackReader {
    @Override
    protected Callback read(JsonNode body) {
        JsonNode task = body.hasNonNull("task_id") ? body : body.path("data");
        String taskId = task.path("task_id").asText("");
        return taskId.isBlank() ? new Callback.NoTask() : new Callback.TaskChanged(taskId);
    }
}
