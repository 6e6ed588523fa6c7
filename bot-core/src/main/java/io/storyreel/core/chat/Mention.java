package io.storyreel.core.chat;

import java.util.List;
import java.util.Objects;

/**
 * A span of a caption that names a member the message should notify: {@code offset} and {@code length} count UTF-16
 * code units (Java's and Telegram's own measure), {@code userId} is the member's id on the chat's platform. An adapter
 * turns it into the platform's mention (Telegram a {@code text_mention} entity, Discord {@code <@id>} with
 * {@code allowed_mentions} naming exactly those users).
 */
public record Mention(int offset, int length, String userId) {
    public Mention {
        Objects.requireNonNull(userId, "userId");
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("a mention needs a place and a length");
        }
    }

    public int end() {
        return offset + length;
    }

    /** Those of {@code mentions} that lie wholly within the first {@code textLength} characters (a trimmed caption). */
    public static List<Mention> within(List<Mention> mentions, int textLength) {
        return mentions == null ? List.of() : mentions.stream().filter(m -> m.end() <= textLength).toList();
    }
}
