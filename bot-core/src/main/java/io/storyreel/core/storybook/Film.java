package io.storyreel.core.storybook;

/** A finished film (written by the generation engine); {@code blob} holds the MP4 so it can be sent again. */
public record Film(String id, String storybookId, String blob, long bytes, long durationMs, int clips,
                   String provider, String model, double costUsd, String caption, long createdAt, Long deliveredAt) {
}
