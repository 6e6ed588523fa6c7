package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.UserRef;

import java.time.Duration;

/** Makes the one-time link that {@code /web} answers with. */
public interface WebLinks {
    /** A new link that signs {@code user} in to {@code chat}'s storyboard, once, within {@link #lifetime()}. */
    String issue(ChatRef chat, UserRef user);

    Duration lifetime();

    /**
     * The Mini App start parameter that opens {@code chat}'s storyboard (Telegram's {@code startapp}), when the page can
     * open as a Mini App (an https address); empty otherwise. It names the chat only: the page checks membership.
     */
    default java.util.Optional<String> startParam(ChatRef chat) {
        return java.util.Optional.empty();
    }
}
