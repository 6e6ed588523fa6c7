package io.storyreel.telegram;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatRef;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Groups album parts (separate updates sharing a {@code media_group_id}) into one {@link ChatEvent.Album}. Telegram
 * sends no "album finished" signal, so an album is complete when no part arrived for {@code quiet}, or at the latest
 * {@code cap} after its first part (spec A1). Parts are ordered by message id. Flushes run on the chat's lane, and
 * any other event of the chat flushes its pending album first, so core sees events in the order the user sent them.
 */
final class AlbumCollector {
    private final ScheduledExecutorService timer;
    private final Duration quiet;
    private final Duration cap;
    private final BiConsumer<ChatRef, Runnable> onLane;
    private final Consumer<ChatEvent> emit;
    private final Map<String, Pending> pending = new HashMap<>();

    private static final class Pending {
        final ChatRef chat;
        final long firstNanos = System.nanoTime();
        final List<ChatEvent.PhotoAdded> parts = new ArrayList<>();
        ScheduledFuture<?> flush;

        Pending(ChatRef chat) {
            this.chat = chat;
        }
    }

    AlbumCollector(ScheduledExecutorService timer, Duration quiet, Duration cap, BiConsumer<ChatRef, Runnable> onLane,
                   Consumer<ChatEvent> emit) {
        this.timer = timer;
        this.quiet = quiet;
        this.cap = cap;
        this.onLane = onLane;
        this.emit = emit;
    }

    synchronized void add(ChatRef chat, ChatEvent.PhotoAdded part) {
        String group = part.albumId();
        Pending p = pending.computeIfAbsent(group, g -> new Pending(chat));
        p.parts.add(part);
        if (p.flush != null) {
            p.flush.cancel(false);
        }
        long left = cap.toNanos() - (System.nanoTime() - p.firstNanos);
        long delay = Math.max(0, Math.min(quiet.toNanos(), left));
        p.flush = timer.schedule(() -> onLane.accept(chat, () -> flush(group)), delay, TimeUnit.NANOSECONDS);
    }

    /** Emits every pending album of the chat now (called on the chat's lane before any other event). */
    void flushChat(ChatRef chat) {
        List<String> groups;
        synchronized (this) {
            groups = pending.entrySet().stream().filter(e -> e.getValue().chat.key().equals(chat.key()))
                    .map(Map.Entry::getKey).toList();
        }
        groups.forEach(this::flush);
    }

    private void flush(String group) {
        Pending p;
        synchronized (this) {
            p = pending.remove(group);
        }
        if (p == null) {
            return;
        }
        p.flush.cancel(false);
        List<ChatEvent.PhotoAdded> parts = new ArrayList<>(p.parts);
        parts.sort(Comparator.comparingLong(ChatEvent.PhotoAdded::order));
        // one addressed part (a reply, an /add caption) addresses the whole album: it was sent as one
        boolean addressed = parts.stream().anyMatch(ChatEvent.PhotoAdded::addressed);
        List<ChatEvent.PhotoAdded> photos = parts.stream().map(x -> new ChatEvent.PhotoAdded(x.chat(), x.user(),
                x.bytes(), x.fileName(), x.caption(), x.albumId(), x.order(), x.source(), x.replyTo(),
                addressed)).toList();
        if (photos.size() == 1) {
            emit.accept(photos.get(0));
        } else {
            emit.accept(new ChatEvent.Album(photos.get(0).chat(), photos.get(0).user(), photos));
        }
    }
}
