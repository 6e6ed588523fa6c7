package io.storyreel.telegram;

import io.storyreel.core.chat.ChatEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** Records every event the adapter hands to core, in order. */
final class RecordingSink implements Consumer<ChatEvent> {
    private final List<ChatEvent> events = new ArrayList<>();

    @Override
    public synchronized void accept(ChatEvent event) {
        events.add(event);
    }

    synchronized List<ChatEvent> events() {
        return List.copyOf(events);
    }

    <T extends ChatEvent> T next(Class<T> type) {
        return next(type, e -> true);
    }

    /** Waits for the first recorded event of this type matching {@code predicate}. */
    <T extends ChatEvent> T next(Class<T> type, Predicate<T> predicate) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> first(type, predicate), r -> r != null);
    }

    private synchronized <T extends ChatEvent> T first(Class<T> type, Predicate<T> predicate) {
        for (ChatEvent e : events) {
            if (type.isInstance(e) && predicate.test(type.cast(e))) {
                return type.cast(e);
            }
        }
        return null;
    }
}
