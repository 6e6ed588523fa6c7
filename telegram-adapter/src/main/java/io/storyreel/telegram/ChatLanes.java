package io.storyreel.telegram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs work for one chat in arrival order, and different chats in parallel, on a shared pool: the long-polling
 * thread only hands updates over, so a slow download or a slow handler never holds up other chats (spec B2).
 */
final class ChatLanes {
    private static final Logger log = LoggerFactory.getLogger(ChatLanes.class);

    private final Executor pool;
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    ChatLanes(Executor pool) {
        this.pool = pool;
    }

    void submit(String chatKey, Runnable task) {
        tails.compute(chatKey, (k, tail) -> (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                .thenRunAsync(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.warn("handling an update of chat {} failed", k, e);
                    }
                }, pool));
    }
}
