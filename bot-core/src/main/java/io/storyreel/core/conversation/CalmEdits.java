package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatLanes;
import io.storyreel.core.chat.ChatPort;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The one place where the bot changes a message it sent, on both platforms. Progress is shown calmly: at most one
 * edit of a message per {@link EditPace} interval, an unchanged text never sent again, and a text that comes too soon
 * waits, replaced by any newer one, until the interval is over (so the latest is never lost). An end state (ready,
 * failed, cancelled, a pressed button's answer) is shown at once and drops whatever progress was still waiting.
 * Everything runs on the chat's lane: the wait is a timer that queues the waiting edit there.
 */
final class CalmEdits {
    private static final Logger log = LoggerFactory.getLogger(CalmEdits.class);

    private final Function<ChatRef, ChatPort> ports;
    private final ChatLanes lanes;
    private final EditPace pace;
    private final LongSupplier nanos;
    private final Map<MessageRef, Shown> shown = new ConcurrentHashMap<>();

    /** What a message shows, since when, and the progress text waiting for its turn. */
    private static final class Shown {
        Message message;
        long atNanos;
        Message waiting;
        boolean flushQueued;
    }

    CalmEdits(Function<ChatRef, ChatPort> ports, ChatLanes lanes, EditPace pace, LongSupplier nanos) {
        this.ports = ports;
        this.lanes = lanes;
        this.pace = pace;
        this.nanos = nanos;
    }

    /** A message the bot has just sent: its first edit waits one interval from now. */
    void sent(MessageRef ref, Message m) {
        if (ref == null) {
            return;
        }
        Shown s = new Shown();
        s.message = m;
        s.atNanos = nanos.getAsLong();
        shown.put(ref, s);
    }

    /** Progress: shown now if the message has rested long enough, else when it has (or replaced by a newer text). */
    void calmly(MessageRef ref, Message m) {
        Shown s = shown.computeIfAbsent(ref, r -> new Shown());
        synchronized (s) {
            if (m.equals(s.waiting) || (s.waiting == null && m.equals(s.message))) {
                return;
            }
            long rest = pace.interval(ref.chat()).toNanos() - (nanos.getAsLong() - s.atNanos);
            if (s.message == null || rest <= 0) {
                s.waiting = null;
                show(ref, s, m);
                return;
            }
            s.waiting = m;
            if (!s.flushQueued) {
                s.flushQueued = true;
                CompletableFuture.delayedExecutor(rest, TimeUnit.NANOSECONDS)
                        .execute(() -> lanes.submit(ref.chat(), () -> flush(ref, s)));
            }
        }
    }

    /**
     * Progress worth showing only if it lasts (the film's "Uploading…"): it waits one whole interval from now, however
     * long the message has rested, replaced by any newer text and dropped by an end state. The film handed over right
     * after it goes out at once; an edit shown just before it would hold it back by an interval of the chat's pace.
     */
    void ifItLasts(MessageRef ref, Message m) {
        long interval = pace.interval(ref.chat()).toNanos();
        if (interval <= 0) {
            calmly(ref, m);
            return;
        }
        Shown s = shown.computeIfAbsent(ref, r -> new Shown());
        synchronized (s) {
            if (m.equals(s.waiting) || (s.waiting == null && m.equals(s.message))) {
                return;
            }
            s.waiting = m;
            if (!s.flushQueued) {
                s.flushQueued = true;
                CompletableFuture.delayedExecutor(interval, TimeUnit.NANOSECONDS)
                        .execute(() -> lanes.submit(ref.chat(), () -> flush(ref, s)));
            }
        }
    }

    /** An end state: shown at once, and no progress waiting for this message is shown after it. */
    void now(MessageRef ref, Message m) {
        Shown s = shown.remove(ref);
        if (s == null) {
            ports.apply(ref.chat()).edit(ref, m);
            return;
        }
        synchronized (s) {
            s.waiting = null;
            if (!m.equals(s.message)) {
                show(ref, s, m);
            }
        }
    }

    private void flush(MessageRef ref, Shown s) {
        synchronized (s) {
            s.flushQueued = false;
            Message next = s.waiting;
            s.waiting = null;
            if (next == null || shown.get(ref) != s) {
                return; // an end state came first
            }
            try {
                show(ref, s, next);
            } catch (RuntimeException e) {
                log.debug("Could not edit {} in {}: {}", ref.messageId(), ref.chat().key(), e.toString());
            }
        }
    }

    private void show(MessageRef ref, Shown s, Message m) {
        ports.apply(ref.chat()).edit(ref, m);
        s.message = m;
        s.atNanos = nanos.getAsLong();
    }

    /** How long a message of {@code chat} rests between two progress edits. */
    Duration interval(ChatRef chat) {
        return pace.interval(chat);
    }
}
