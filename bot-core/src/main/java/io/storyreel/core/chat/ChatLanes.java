package io.storyreel.core.chat;

import io.storyreel.core.logging.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs work for one chat strictly in order on a shared executor, while different chats run in parallel: each chat's
 * tasks are chained onto the previous one. One set of lanes serves an adapter and the conversation together, so an
 * update is queued once: the adapter turns it into an event on the chat's lane and the conversation handles it
 * there. A lane that empties is dropped, so idle chats cost nothing; a task that throws is logged and never stalls
 * its lane.
 */
public final class ChatLanes {
    private static final Logger log = LoggerFactory.getLogger(ChatLanes.class);

    private final Executor executor;
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    public ChatLanes(Executor executor) {
        this.executor = executor;
    }

    /** Queues {@code task} behind everything queued for {@code chat}; the future completes when it has run. */
    public CompletableFuture<Void> submit(ChatRef chat, Runnable task) {
        String lane = chat.key();
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] mine = new CompletableFuture[1];
        tails.compute(lane, (k, prev) -> {
            CompletableFuture<Void> before = prev == null ? CompletableFuture.completedFuture(null) : prev;
            // a task never fails its future (runGuarded), but a refused hand-off might: it must not stall the lane
            mine[0] = before.handle((v, e) -> null).thenRunAsync(LogContext.carried(() -> runGuarded(lane, task)), executor);
            return mine[0];
        });
        CompletableFuture<Void> f = mine[0];
        f.whenComplete((v, e) -> tails.remove(lane, f));
        return f;
    }

    /** How many chats have work queued or running (idle chats have no lane). */
    public int activeLanes() {
        return tails.size();
    }

    private static void runGuarded(String lane, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("Work for chat {} failed", lane, e);
        }
    }
}
