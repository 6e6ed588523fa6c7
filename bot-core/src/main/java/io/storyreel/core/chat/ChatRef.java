package io.storyreel.core.chat;

import java.util.Objects;

/** A chat on one platform: a Telegram chat id, or a Discord channel id. */
public record ChatRef(Platform platform, String chatId, ChatKind kind) {
    public ChatRef {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(kind, "kind");
    }

    /** A stable key for storage: {@code TELEGRAM:12345}. */
    public String key() {
        return platform + ":" + chatId;
    }

    public boolean isPrivate() {
        return kind == ChatKind.PRIVATE;
    }
}
