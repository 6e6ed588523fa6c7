package io.storyreel.telegram;

import io.storyreel.core.chat.ChatRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One queue per chat for everything the bot sends there. Calls leave a chat at most once per interval (about one per
 * second in private chats, 20 a minute in groups: Telegram's shared budget for sends and edits, spec A4); a 429
 * puts the call back at the head of its queue and pauses the chat for {@code retry_after}, so nothing is lost; a
 * queued edit of a message absorbs later edits of the same message (the latest text wins); a chat upgraded to a
 * supergroup ({@code migrate_to_chat_id}) is followed. A film goes ahead of the edits waiting in its chat's queue:
 * they only change messages already there, and the status edit that follows the film folds into them.
 */
final class OutboundLimiter {
    private static final Logger log = LoggerFactory.getLogger(OutboundLimiter.class);
    private static final int MAX_RATE_LIMITED_ATTEMPTS = 20;
    private static final long RETRY_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** A Bot API call against the chat's current id (which changes when a group is migrated). */
    @FunctionalInterface
    interface Call<T> {
        T run(String chatId) throws TelegramApiException;
    }

    private final Duration privateInterval;
    private final Duration groupInterval;
    private final ScheduledExecutorService timer;
    private final Executor workers;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Map<String, String> migrated = new ConcurrentHashMap<>();

    OutboundLimiter(Duration privateInterval, Duration groupInterval, ScheduledExecutorService timer,
                    Executor workers) {
        this.privateInterval = privateInterval;
        this.groupInterval = groupInterval;
        this.timer = timer;
        this.workers = workers;
    }

    /** Queues a call at the end of the chat's queue. */
    <T> CompletableFuture<T> submit(ChatRef chat, Call<T> call) {
        return enqueue(chat, new Op(call, null), false);
    }

    /**
     * Queues a call behind the chat's other waiting sends but ahead of its waiting edits: a finished film does not wait
     * for a progress edit that the film's own last words (folded into it) supersede anyway.
     */
    <T> CompletableFuture<T> submitAheadOfEdits(ChatRef chat, Call<T> call) {
        Lane lane = lane(chat);
        Op op = new Op(call, null);
        synchronized (lane) {
            int at = 0;
            int i = 0;
            for (Op queued : lane.queue) {
                i++;
                if (queued.editOf == null) {
                    at = i;
                }
            }
            if (at == lane.queue.size()) {
                lane.queue.addLast(op);
            } else {
                List<Op> rest = new ArrayList<>();
                while (lane.queue.size() > at) {
                    rest.add(0, lane.queue.pollLast());
                }
                lane.queue.addLast(op);
                lane.queue.addAll(rest);
            }
            pump(lane);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<T> done = (CompletableFuture<T>) op.done;
        return done;
    }

    /** Queues a call at the head of the chat's queue (deleting a message that holds a key cannot wait). */
    <T> CompletableFuture<T> submitFirst(ChatRef chat, Call<T> call) {
        return enqueue(chat, new Op(call, null), true);
    }

    /**
     * Queues an edit of {@code messageId}, or folds it into an edit of the same message that is still waiting: the
     * waiting edit then sends this newer content. {@code build} turns the latest content into the call.
     */
    <M> CompletableFuture<Object> submitEdit(ChatRef chat, String messageId, M content,
                                             Function<M, Call<?>> build) {
        Lane lane = lane(chat);
        synchronized (lane) {
            for (Op op : lane.queue) {
                if (messageId.equals(op.editOf)) {
                    op.call = build.apply(content);
                    return op.done;
                }
            }
            Op op = new Op(build.apply(content), messageId);
            lane.queue.addLast(op);
            pump(lane);
            return op.done;
        }
    }

    /** Records a group upgrade seen in an update, so later calls go to the supergroup at once. */
    void migrate(String oldChatId, String newChatId) {
        migrated.put(oldChatId, newChatId);
    }

    String currentId(String chatId) {
        String id = chatId;
        for (int i = 0; i < 5 && migrated.containsKey(id); i++) {
            id = migrated.get(id);
        }
        return id;
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> enqueue(ChatRef chat, Op op, boolean first) {
        Lane lane = lane(chat);
        synchronized (lane) {
            if (first) {
                lane.queue.addFirst(op);
            } else {
                lane.queue.addLast(op);
            }
            pump(lane);
        }
        return (CompletableFuture<T>) op.done;
    }

    private Lane lane(ChatRef chat) {
        return lanes.computeIfAbsent(chat.chatId(), id -> new Lane(id,
                (chat.isPrivate() ? privateInterval : groupInterval).toNanos()));
    }

    /** Starts the lane's next call when it is idle; the caller holds the lane's lock. */
    private void pump(Lane lane) {
        if (lane.busy || lane.queue.isEmpty()) {
            return;
        }
        lane.busy = true;
        long wait = lane.nextAllowedNanos - System.nanoTime();
        if (wait <= 0) {
            workers.execute(() -> runHead(lane));
        } else {
            timer.schedule(() -> workers.execute(() -> runHead(lane)), wait, TimeUnit.NANOSECONDS);
        }
    }

    private void runHead(Lane lane) {
        Op op;
        synchronized (lane) {
            op = lane.queue.pollFirst();
            if (op == null) {
                lane.busy = false;
                return;
            }
        }
        try {
            Object result = op.call.run(currentId(lane.chatId));
            synchronized (lane) {
                lane.nextAllowedNanos = System.nanoTime() + lane.intervalNanos;
            }
            op.done.complete(result);
        } catch (TelegramApiRequestException e) {
            onRefused(lane, op, e);
        } catch (TelegramApiException | RuntimeException e) {
            op.done.completeExceptionally(e);
        } finally {
            synchronized (lane) {
                lane.busy = false;
                pump(lane);
            }
        }
    }

    private void onRefused(Lane lane, Op op, TelegramApiRequestException e) {
        Integer retryAfter = e.getParameters() == null ? null : e.getParameters().getRetryAfter();
        Long migrateTo = e.getParameters() == null ? null : e.getParameters().getMigrateToChatId();
        if (migrateTo != null && op.attempts++ < MAX_RATE_LIMITED_ATTEMPTS) {
            migrate(currentId(lane.chatId), String.valueOf(migrateTo));
            requeue(lane, op, 0);
        } else if (Integer.valueOf(429).equals(e.getErrorCode()) && op.attempts++ < MAX_RATE_LIMITED_ATTEMPTS) {
            long pause = TimeUnit.SECONDS.toNanos(retryAfter == null ? 1 : retryAfter) + RETRY_MARGIN_NANOS;
            log.info("Telegram asked to wait {} s before writing to chat {} again", retryAfter, lane.chatId);
            requeue(lane, op, pause);
        } else {
            op.done.completeExceptionally(e);
        }
    }

    private void requeue(Lane lane, Op op, long pauseNanos) {
        synchronized (lane) {
            lane.nextAllowedNanos = Math.max(lane.nextAllowedNanos, System.nanoTime() + pauseNanos);
            if (op.editOf != null) {
                // a newer edit of the same message queued meanwhile replaces this one
                for (Op queued : lane.queue) {
                    if (op.editOf.equals(queued.editOf)) {
                        queued.done.whenComplete((r, x) -> {
                            if (x == null) {
                                op.done.complete(r);
                            } else {
                                op.done.completeExceptionally(x);
                            }
                        });
                        return;
                    }
                }
            }
            lane.queue.addFirst(op);
        }
    }

    private static final class Lane {
        final String chatId;
        final long intervalNanos;
        final Deque<Op> queue = new ArrayDeque<>();
        long nextAllowedNanos = System.nanoTime();
        boolean busy;

        Lane(String chatId, long intervalNanos) {
            this.chatId = chatId;
            this.intervalNanos = intervalNanos;
        }
    }

    private static final class Op {
        final String editOf;
        final CompletableFuture<Object> done = new CompletableFuture<>();
        volatile Call<?> call;
        int attempts;

        Op(Call<?> call, String editOf) {
            this.call = call;
            this.editOf = editOf;
        }
    }

    /** For tests and diagnostics: calls waiting per chat. */
    List<Integer> queueSizes() {
        List<Integer> out = new ArrayList<>();
        lanes.values().forEach(l -> {
            synchronized (l) {
                out.add(l.queue.size());
            }
        });
        return out;
    }
}
