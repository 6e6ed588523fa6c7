package io.storyreel.core.chat;

import java.util.List;

/**
 * Suggestions while a member is still typing a command's argument, where the platform asks for them as each key is
 * pressed (Discord's autocomplete): the conversation knows what exists for this member in this chat (the templates
 * they may use), the adapter only shows it. Answered fast and without side effects: nothing is said in the chat.
 */
@FunctionalInterface
public interface Completions {
    /** The most suggestions one answer may carry (Discord's limit). */
    int MAX = 25;

    /** No suggestions for anything. */
    Completions NONE = (chat, user, command, argument, typed) -> List.of();

    /** At most {@link #MAX} values for {@code argument} of {@code command} that begin with {@code typed}. */
    List<String> suggest(ChatRef chat, UserRef user, String command, String argument, String typed);
}
