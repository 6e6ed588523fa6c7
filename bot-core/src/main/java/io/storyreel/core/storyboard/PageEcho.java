package io.storyreel.core.storyboard;

import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What the conversation said while it handled one action from the page. It is bound to the chat lane's thread for
 * exactly that handling ({@link #around}), so {@link EchoingChatPort} can tell the page's answers from everything else
 * the chat is sent at the same time (progress of a film, another member's command).
 */
final class PageEcho {
    private static final ThreadLocal<PageEcho> CURRENT = new ThreadLocal<>();
    private static final AtomicLong IDS = new AtomicLong();
    static final String PREFIX = "page:";

    private final String id = PREFIX + IDS.incrementAndGet();
    private final List<Said> said = new ArrayList<>();
    /** Null: the chat sees what the conversation says; else the chat sees only this one line, once. */
    private Supplier<String> note;

    PageEcho() {
        this(null);
    }

    private PageEcho(Supplier<String> note) {
        this.note = note;
    }

    /**
     * An echo for a change whose answer (a settings card, say) the page shows itself: the chat is told only who
     * changed what, in the one line {@code note} makes once the change is made, and only if it was (a refusal is the
     * member's alone and tells the chat nothing).
     */
    static PageEcho noting(Supplier<String> note) {
        return new PageEcho(note);
    }

    boolean quiet() {
        return note != null;
    }

    /** The note the first time, then null: one line per change however many answers it had. */
    synchronized String takeNote() {
        Supplier<String> n = note;
        note = () -> null;
        return n.get();
    }

    /** A message the conversation sent; {@code sent} is where it went in the chat, or null if only the page saw it. */
    record Said(Message message, MessageRef sent) {
    }

    /** The id this action's source has in the chat: messages that answer it answer the page. */
    String sourceId() {
        return id;
    }

    static boolean isPageRef(MessageRef ref) {
        return ref != null && ref.messageId() != null && ref.messageId().startsWith(PREFIX);
    }

    static PageEcho current() {
        return CURRENT.get();
    }

    synchronized void heard(Message m, MessageRef sent) {
        said.add(new Said(m, sent));
    }

    synchronized List<Said> said() {
        return List.copyOf(said);
    }

    /** {@code handling}, run with this echo listening on its thread. */
    Runnable around(Runnable handling) {
        return () -> {
            CURRENT.set(this);
            try {
                handling.run();
            } finally {
                CURRENT.remove();
            }
        };
    }
}
