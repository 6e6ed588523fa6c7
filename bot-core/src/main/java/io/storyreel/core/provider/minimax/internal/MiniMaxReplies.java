package io.storyreel.core.provider.minimax.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * MiniMax's answers. {@code file_id} is a string in the query and a number in retrieve: both read as a string.
 * {@code status} may be missing when the query carries only a non-zero {@code base_resp}.
 */
public final class MiniMaxReplies {
    private MiniMaxReplies() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BaseResp(Integer statusCode, String statusMsg) {
        public int code() {
            return statusCode == null ? 0 : statusCode;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Created(String taskId, BaseResp baseResp) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Query(String taskId, String status, String fileId, Integer videoWidth, Integer videoHeight,
                        BaseResp baseResp) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record File(String fileId, Long bytes, Long createdAt, String filename, String purpose, String downloadUrl,
                       String backupDownloadUrl) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Retrieved(File file, BaseResp baseResp) {
    }
}
