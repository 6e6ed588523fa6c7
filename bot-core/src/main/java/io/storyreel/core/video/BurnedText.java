package io.storyreel.core.video;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What is burned into one clip's picture as it is normalised onto its film's canvas: the clip's caption, and on the
 * film's first clip the title card (over its first second). Burned there, a captioned or titled film still merges by
 * copy. {@link #keyOn} names the result, so a caption or title changed after the clip was normalised is seen at the
 * merge as a different file, never shown stale.
 */
public record BurnedText(String caption, String title) {
    public static final BurnedText NONE = new BurnedText(null, null);

    public BurnedText {
        caption = caption == null || caption.isBlank() ? null : caption;
        title = title == null || title.isBlank() ? null : title;
    }

    public boolean none() {
        return caption == null && title == null;
    }

    /**
     * The canvas's key, followed for burned text by "~" and 10 hex digits of a SHA-256 of the text (at most 31
     * characters: "1920x1080@30000/1001~0123456789").
     */
    public String keyOn(Canvas canvas) {
        if (none()) {
            return canvas.key();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("c:" + (caption == null ? "" : caption) + "\u0000t:" + (title == null ? "" : title))
                    .getBytes(StandardCharsets.UTF_8));
            return canvas.key() + "~" + HexFormat.of().formatHex(sha.digest()).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
