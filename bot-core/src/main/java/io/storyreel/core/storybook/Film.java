package io.storyreel.core.storybook;

/**
 * A finished film (written by the generation engine); {@code blob} holds the MP4 so it can be sent again.
 * {@code delivery}, {@code deliveryAttempts}, {@code handedOverAt}, {@code deliveryError}, {@code sendingAt} (when
 * the upload began), {@code sendAs} (a video, or a file when a member chose that), {@code refits} (how often it was
 * fitted smaller after the platform refused it) and {@code stop} (why the engine stopped trying, as JSON) follow the
 * hand-off to the chat (see {@link DeliveryState}). {@code blobDeletedAt} is when the retention sweep deleted its
 * file (null: kept).
 */
public record Film(String id, String storybookId, String blob, long bytes, long durationMs, int clips,
                   String provider, String model, double costUsd, String caption, long createdAt, Long deliveredAt,
                   DeliveryState delivery, int deliveryAttempts, Long handedOverAt, String deliveryError,
                   Long sendingAt, SendAs sendAs, int refits, String stop, Long blobDeletedAt) {

    /** How the chat posts the film: as a video (played inline), or as a file. */
    public enum SendAs { VIDEO, DOCUMENT }

    /** Whole days from the film's making to the deletion of its file by retention; empty while it is kept. */
    public java.util.OptionalLong daysKept() {
        return blobDeletedAt == null ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(java.time.Duration.ofMillis(Math.max(0, blobDeletedAt - createdAt)).toDays());
    }

    /** What the merge made, before it is handed to the chat. */
    public record Made(String blob, long bytes, long durationMs, int clips, String provider, String model,
                       double costUsd) {
    }

    /** A film the merge has just made, waiting to be handed to the chat. */
    public static Film merged(String id, String storybookId, Made made, long createdAt) {
        return new Film(id, storybookId, made.blob(), made.bytes(), made.durationMs(), made.clips(), made.provider(),
                made.model(), made.costUsd(), null, createdAt, null, DeliveryState.WAITING, 0, null, null, null, SendAs.VIDEO,
                0, null, null);
    }
}
