package io.storyreel.core.provider.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.provider.JsonCallbackReader;

/**
 * MiniMax's callback bodies (spec §2.6): first a verification {@code {"challenge": …}} that must be echoed within 3 s
 * (the echo is built as JSON, never by pasting the text), then one body per status change with {@code task_id} at
 * the top.
 */
final class MiniMaxCallbackReader extends JsonCallbackReader {
    @Override
    protected Callback read(JsonNode body) {
        if (body.hasNonNull("challenge")) {
            return new Callback.Challenge(JSON.createObjectNode().put("challenge", body.get("challenge").asText())
                    .toString());
        }
        String taskId = body.path("task_id").asText("");
        return taskId.isBlank() ? new Callback.NoTask() : new Callback.TaskChanged(taskId);
    }
}
