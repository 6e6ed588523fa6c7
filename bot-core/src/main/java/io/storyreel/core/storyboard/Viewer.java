package io.storyreel.core.storyboard;

import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.UserRef;

import java.util.Objects;

/** Who is on the page, and the one chat whose storybook they signed in to (they were in it when they asked). */
public record Viewer(UserRef user, ChatRef chat) {
    public Viewer {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(chat, "chat");
    }
}
