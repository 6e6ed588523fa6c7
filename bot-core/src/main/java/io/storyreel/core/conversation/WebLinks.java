package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.UserRef;

import java.time.Duration;

/** Makes the one-time link that {@code /web} answers with. */
public interface WebLinks {
    /** A new link that signs {@code user} in to {@code chat}'s storyboard, once, within {@link #lifetime()}. */
    String issue(ChatRef chat, UserRef user);

    Duration lifetime();
}
