package io.storyreel.sim.telegram;

/**
 * The thumbnail a bot sent with a video, as the fake Bot API judged it. Telegram takes a thumbnail only as a new
 * multipart upload, "in JPEG format and less than 200 kB in size", whose "width and height should not exceed 320"
 * ([TG-API #sendvideo] {@code thumbnail}); one that breaks a rule is not shown, so {@code problem} names the rule it
 * broke (null when it was accepted) and tests can tell a good thumbnail from an ignored one.
 *
 * @param bytes  what the part carried
 * @param format {@code jpeg}, {@code png} or {@code webp} as its magic bytes say; null when unreadable
 */
public record SimThumbnail(byte[] bytes, String format, int width, int height, String problem) {
    /** The Bot API's "less than 200 kB". */
    public static final int MAX_BYTES = 200 * 1000;
    public static final int MAX_SIDE = 320;

    public boolean accepted() {
        return problem == null;
    }
}
