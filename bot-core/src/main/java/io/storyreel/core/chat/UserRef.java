package io.storyreel.core.chat;

import java.util.Objects;

/** A person on one platform. {@code displayName} is what the chat shows (first name, username). */
public record UserRef(Platform platform, String userId, String displayName) {
    public UserRef {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(userId, "userId");
        displayName = displayName == null || displayName.isBlank() ? userId : displayName;
    }

    /** A stable key for storage and key-vault associated data: {@code TELEGRAM:42}. */
    public String key() {
        return platform + ":" + userId;
    }
}
