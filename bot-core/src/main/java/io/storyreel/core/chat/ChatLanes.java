package io.storyreel.core.chat;

import io.storyreel.core.logging.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs work for one chat strictly in order on a shared executor, while different chats run in parallel: each chat's
 * tasks are chained onto the previous one. One set of lanes serves an adapter and the conversation together, so an
 * update is queued once: the adapter turns it into an event on the chat's lane and the conversation handles it
 * there. A lane that empties is dropped, so idle chats cost nothing; a task that throws is logged and never stalls
 * its lane. A task may {@linkplain #holdUntil hold its lane} until something it started has finished (a message
 * whose id the chat's next tasks need) without holding a thread while the platform makes it wait.
 */
public final class ChatLanes {
    private static final Logger log = LoggerFactory.getLogger(ChatLanes.class);

    /** The longest a task may hold its lane after it returned: a lane never stalls for good. */
    static final long MAX_HOLD_SECONDS = 300;
    /** The holds of the lane task running on this thread; null off a lane. */
    private static final ThreadLocal<List<CompletableFuture<?>>> HOLDS = new ThreadLocal<>();

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
            Runnable carried = LogContext.carried(() -> runGuarded(lane, task));
            mine[0] = before.handle((v, e) -> null).thenComposeAsync(v -> runHolding(carried), executor);
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

    /**
     * Called from a task running on a chat's lane: the chat's next task starts once {@code stage} completed (however
     * it completed, or after {@link #MAX_HOLD_SECONDS}), and no thread waits for it meanwhile. Off a lane (a test
     * calling a handler directly) the caller waits for it instead, so the order is the same.
     */
    public static void holdUntil(CompletionStage<?> stage) {
        CompletableFuture<?> f = stage.toCompletableFuture();
        List<CompletableFuture<?>> holds = HOLDS.get();
        if (holds != null) {
            holds.add(f);
        } else {
            f.handle((v, e) -> null).orTimeout(MAX_HOLD_SECONDS, TimeUnit.SECONDS).handle((v, e) -> null).join();
        }
    }

    /** Runs a lane's task; its future completes when the task returned and whatever it held the lane for is done. */
    private static CompletableFuture<Void> runHolding(Runnable task) {
        List<CompletableFuture<?>> outer = HOLDS.get();
        List<CompletableFuture<?>> holds = new ArrayList<>();
        HOLDS.set(holds);
        try {
            task.run();
        } finally {
            if (outer == null) {
                HOLDS.remove();
            } else {
                HOLDS.set(outer);
            }
        }
        if (holds.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(holds.toArray(CompletableFuture[]::new))
                .orTimeout(MAX_HOLD_SECONDS, TimeUnit.SECONDS).handle((v, e) -> null);
    }

    private static void runGuarded(String lane, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("Work for chat {} failed", lane, e);
        }
    }
}
