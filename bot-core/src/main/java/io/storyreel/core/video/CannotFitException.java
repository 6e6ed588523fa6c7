package io.storyreel.core.video;

import java.util.Locale;

/**
 * Even the smallest version of the film (240p at the lowest bit rate) is larger than the byte limit. Says how small
 * the film gets ({@link #smallestBytes}) and how many seconds of it would fit at that quality
 * ({@link #secondsThatFit}, 0 when not even one second would), so the caller can offer a shorter version.
 */
public final class CannotFitException extends VideoException {
    private final long limitBytes;
    private final long smallestBytes;
    private final double secondsThatFit;

    public CannotFitException(long limitBytes, long smallestBytes, double secondsThatFit) {
        super(String.format(Locale.ROOT, "Even at its smallest the film is about %s, more than the %s allowed.",
                size(smallestBytes), size(limitBytes)));
        this.limitBytes = limitBytes;
        this.smallestBytes = smallestBytes;
        this.secondsThatFit = secondsThatFit;
    }

    public long limitBytes() {
        return limitBytes;
    }

    public long smallestBytes() {
        return smallestBytes;
    }

    public double secondsThatFit() {
        return secondsThatFit;
    }

    /** Bytes as people read them: "95 KB", "4.2 MB". */
    public static String size(long bytes) {
        if (bytes < 1000 * 1000) {
            return Math.max(1, Math.round(bytes / 1000.0)) + " KB";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
