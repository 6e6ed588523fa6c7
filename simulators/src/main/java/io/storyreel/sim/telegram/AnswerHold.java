package io.storyreel.sim.telegram;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One held answer: the fake server did what the call asked (the video is in the chat, as on Telegram) but keeps the
 * HTTP answer back until {@link #release()}, so a test can kill the bot while it waits for it, the way a crash or a
 * lost connection after the upload would leave it.
 */
public final class AnswerHold {
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean drop;

    AnswerHold() {
    }

    /** Waits until a call is being held (its work done, its answer not sent). */
    public void awaitHeld(Duration timeout) throws InterruptedException {
        if (!held.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no answer was held within " + timeout);
        }
    }

    public boolean isHeld() {
        return held.getCount() == 0;
    }

    /** Lets the held answer go (to a client that may be gone). */
    public void release() {
        released.countDown();
    }

    /** Closes the held call's connection without an answer: the client sees the connection drop mid-call. */
    public void drop() {
        drop = true;
        released.countDown();
    }

    /** On the server's thread: the call is done, wait to answer (at most {@code max}); true to drop the answer. */
    boolean hold(Duration max) {
        held.countDown();
        try {
            released.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return drop;
    }
}
