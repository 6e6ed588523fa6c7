package io.storyreel.core.provider.runway.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * {@code GET /v1/tasks/{id}} (spec §1.4), one record for every status: {@code progress} 0–1 while RUNNING,
 * {@code output} (signed URLs that expire) on SUCCEEDED, {@code failure} and {@code failureCode} on FAILED, the
 * credit estimate while running and {@code cost} when done. Unknown fields are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunwayTask(String id, String status, Double progress, List<String> output, String failure,
                         String failureCode, Credits estimatedCost, Credits cost) {

    /** {@code {"credits": N}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Credits(Double credits) {
    }

    public String firstOutput() {
        return output == null || output.isEmpty() ? null : output.get(0);
    }
}
