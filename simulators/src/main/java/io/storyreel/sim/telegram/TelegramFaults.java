package io.storyreel.sim.telegram;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Faults the fake server injects on request. Rate limits model Telegram's shared per-chat budget for sends and edits
 * ([TG-FAQ], tdlib/td#3034): a 429 tells the bot how long to wait ({@code retry_after}, whole seconds), and any
 * rate-limited call in that chat before the wait is over gets another 429.
 */
public final class TelegramFaults {
    private int editsToReject;
    private int editRetryAfterSeconds = 1;
    private Duration editMinInterval;
    private int paceRetryAfterSeconds = 1;
    private final Map<Long, Instant> lastAcceptedEdit = new HashMap<>();
    private final Map<Long, Instant> blockedUntil = new HashMap<>();

    /** The next {@code count} edits (any chat) are answered 429 with this retry_after. */
    public synchronized TelegramFaults rejectNextEdits(int count, int retryAfterSeconds) {
        this.editsToReject = count;
        this.editRetryAfterSeconds = retryAfterSeconds;
        return this;
    }

    /**
     * Per chat, an edit arriving sooner than {@code minInterval} after the last accepted one is answered 429 with
     * this retry_after: a steady storm for a bot that edits too eagerly.
     */
    public synchronized TelegramFaults paceEdits(Duration minInterval, int retryAfterSeconds) {
        this.editMinInterval = minInterval;
        this.paceRetryAfterSeconds = retryAfterSeconds;
        return this;
    }

    public synchronized TelegramFaults clear() {
        editsToReject = 0;
        editMinInterval = null;
        blockedUntil.clear();
        return this;
    }

    synchronized boolean inRetryWindow(long chatId, Instant now) {
        Instant until = blockedUntil.get(chatId);
        return until != null && now.isBefore(until);
    }

    /** Decides an edit: 0 to accept, else the retry_after seconds of the 429 to serve. */
    synchronized int onEdit(long chatId, Instant now) {
        Instant until = blockedUntil.get(chatId);
        if (until != null && now.isBefore(until)) {
            return (int) Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
        }
        int retry = 0;
        if (editsToReject > 0) {
            editsToReject--;
            retry = editRetryAfterSeconds;
        } else if (editMinInterval != null) {
            Instant last = lastAcceptedEdit.get(chatId);
            if (last != null && Duration.between(last, now).compareTo(editMinInterval) < 0) {
                retry = paceRetryAfterSeconds;
            }
        }
        if (retry > 0) {
            blockedUntil.put(chatId, now.plusSeconds(retry));
            return retry;
        }
        lastAcceptedEdit.put(chatId, now);
        return 0;
    }
}
