package io.storyreel.sim.telegram;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Faults the fake server injects on request. Rate limits model Telegram's shared per-chat budget for sends and edits
 * ([TG-FAQ], tdlib/td#3034): a 429 tells the bot how long to wait ({@code retry_after}, whole seconds), and any
 * rate-limited call in that chat before the wait is over gets another 429. A held answer models a crash or a lost
 * connection after an upload: the video is posted, its answer never reaches the bot ({@link #holdNextVideoAnswer}).
 * Forbidden videos model a group whose members (and bot) may not send videos (Bot API 6.5 granular media
 * permissions): {@code sendVideo} is refused with Telegram's 400, {@code sendDocument} is allowed.
 */
public final class TelegramFaults {
    private int editsToReject;
    private int editRetryAfterSeconds = 1;
    private Duration editMinInterval;
    private int paceRetryAfterSeconds = 1;
    private final Map<Long, Instant> lastAcceptedEdit = new HashMap<>();
    private final Map<Long, Instant> blockedUntil = new HashMap<>();
    private final java.util.Set<Long> videosForbidden = new java.util.HashSet<>();
    private AnswerHold videoHold;
    private static final Duration LONGEST_HOLD = Duration.ofMinutes(2);
    static final String NO_VIDEO_RIGHTS = "not enough rights to send videos to the chat";

    /** The next successful {@code sendVideo} posts its video and then holds its answer until the hold is released. */
    public synchronized AnswerHold holdNextVideoAnswer() {
        videoHold = new AnswerHold();
        return videoHold;
    }

    /** {@code sendVideo} into this chat is refused (400, no right to send videos); files still go. */
    public synchronized TelegramFaults forbidVideos(long chatId) {
        videosForbidden.add(chatId);
        return this;
    }

    synchronized boolean videosForbidden(long chatId) {
        return videosForbidden.contains(chatId);
    }

    /**
     * Called after a successful {@code sendVideo}, outside the world's lock: holds its answer if one was asked for;
     * true when the answer is to be dropped (the connection closed without one).
     */
    boolean afterVideoSent() {
        AnswerHold h;
        synchronized (this) {
            h = videoHold;
            videoHold = null;
        }
        return h != null && h.hold(LONGEST_HOLD);
    }

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
        videosForbidden.clear();
        if (videoHold != null) {
            videoHold.release();
            videoHold = null;
        }
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
