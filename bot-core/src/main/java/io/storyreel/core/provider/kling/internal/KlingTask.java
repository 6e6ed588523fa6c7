package io.storyreel.core.provider.kling.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * The {@code data} of a create or query answer. {@code finalUnitDeduction} is a string in the docs; a number is
 * accepted too. Unknown fields are ignored (Kling adds fields over time).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record KlingTask(String taskId, String taskStatus, String taskStatusMsg, TaskResult taskResult,
                        TaskInfo taskInfo, String finalUnitDeduction, Long createdAt, Long updatedAt) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TaskResult(List<Video> videos) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Video(String id, String url, String watermarkUrl, String duration) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TaskInfo(String externalTaskId) {
    }

    public String externalTaskId() {
        return taskInfo == null ? null : taskInfo.externalTaskId();
    }

    public String firstVideoUrl() {
        if (taskResult == null || taskResult.videos() == null || taskResult.videos().isEmpty()) {
            return null;
        }
        return taskResult.videos().get(0).url();
    }
}
