package io.storyreel.core.conversation;

import io.storyreel.core.logging.LogContext;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs work for one chat strictly in order on a shared executor, while different chats run in parallel: each
 * chat's tasks are chained onto the previous one. A lane that empties is dropped, so idle chats cost nothing. A task
 * runs with the log context of the thread that queued it (the storybook an engine step was about).
 */
final class ChatLanes {
    private final Executor executor;
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    ChatLanes(Executor executor) {
        this.executor = executor;
    }

    /** Queues {@code task} behind everything queued for {@code lane}; the future completes when it has run. */
    CompletableFuture<Void> submit(String lane, Runnable task) {
        CompletableFuture<Void>[] mine = new CompletableFuture[1];
        tails.compute(lane, (k, prev) -> {
            CompletableFuture<Void> before = prev == null ? CompletableFuture.completedFuture(null) : prev;
            // the task never throws into the chain (handlers catch), but guard so one failure cannot stall a lane
            mine[0] = before.handle((v, e) -> null).thenRunAsync(LogContext.carried(task), executor);
            return mine[0];
        });
        CompletableFuture<Void> f = mine[0];
        f.whenComplete((v, e) -> tails.remove(lane, f));
        return f;
    }
}
