package io.storyreel.core.chat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lane task that holds its lane until something it started is done (a status message whose id the chat's next
 * work needs): the chat's next task waits for it, other chats do not, and no lane thread waits meanwhile.
 */
class ChatLanesTest {
    private final ExecutorService oneThread = Executors.newSingleThreadExecutor();
    private final ChatLanes lanes = new ChatLanes(oneThread);
    private final ChatRef ann = new ChatRef(Platform.TELEGRAM, "1", ChatKind.PRIVATE);
    private final ChatRef bob = new ChatRef(Platform.TELEGRAM, "2", ChatKind.PRIVATE);

    @AfterEach
    void stop() {
        oneThread.shutdownNow();
    }

    @Test
    void aHeldLaneWaitsForTheHoldWhileTheOnlyThreadServesAnotherChat() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        CompletableFuture<String> message = new CompletableFuture<>();
        lanes.submit(ann, () -> {
            ChatLanes.holdUntil(message.thenAccept(id -> done.add("ann: status " + id)));
            done.add("ann: confirmed");
        });
        CompletableFuture<Void> annNext = lanes.submit(ann, () -> done.add("ann: progress"));
        // one lane thread only: Bob's chat is served while Ann's lane waits for her message
        lanes.submit(bob, () -> done.add("bob: hello")).get(5, TimeUnit.SECONDS);
        Thread.sleep(100);
        assertThat(annNext).isNotDone();
        assertThat(done).containsExactly("ann: confirmed", "bob: hello");

        message.complete("42");
        annNext.get(5, TimeUnit.SECONDS);
        assertThat(done).containsExactly("ann: confirmed", "bob: hello", "ann: status 42", "ann: progress");
    }

    @Test
    void aHoldThatFailsStillFreesTheLaneAndOffALaneTheCallerWaits() throws Exception {
        CompletableFuture<String> refused = new CompletableFuture<>();
        lanes.submit(ann, () -> ChatLanes.holdUntil(refused));
        CompletableFuture<Void> next = lanes.submit(ann, () -> { });
        refused.completeExceptionally(new ChatDeliveryException("refused", ChatDeliveryException.Kind.REFUSED, null));
        next.get(5, TimeUnit.SECONDS);

        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        long before = System.nanoTime();
        ChatLanes.holdUntil(later); // not on a lane: waits here
        assertThat(later).isDone();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }
}
