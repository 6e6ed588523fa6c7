package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who is told that a chat's storybook changed (its scenes, settings or music), from the chat or from the page: the
 * storyboard page listens, so an open page shows a change without being reloaded. A change is marked while an event
 * is handled and told once the handling is over, so a listener that reads the storybook reads it as changed.
 */
public final class StorybookChanges {
    private static final Logger log = LoggerFactory.getLogger(StorybookChanges.class);

    private final List<Consumer<ChatRef>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> marked = ConcurrentHashMap.newKeySet();

    /** {@code listener} hears each chat whose storybook changed; the returned action stops that. */
    public Runnable listen(Consumer<ChatRef> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void changed(ChatRef chat) {
        marked.add(chat.key());
    }

    /** An event of {@code chat} was handled: its listeners hear of a change it made, on this thread. */
    void handled(ChatRef chat) {
        if (!marked.remove(chat.key())) {
            return;
        }
        for (Consumer<ChatRef> l : listeners) {
            try {
                l.accept(chat);
            } catch (RuntimeException e) {
                log.warn("A storybook listener failed for {}: {}", chat.key(), e.toString());
            }
        }
    }
}
