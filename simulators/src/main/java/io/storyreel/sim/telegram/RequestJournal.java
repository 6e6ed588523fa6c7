package io.storyreel.sim.telegram;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every Bot API call the fake server answered, in order, so tests can assert on what the bot did ("edits stayed
 * within the limit", "no request during a retry_after window", "exactly one upload").
 */
public final class RequestJournal {
    /**
     * One answered call. {@code method} is lower case; {@code chatId} is null for calls without a chat;
     * {@code duringRetryWindow} is true when the call arrived while an earlier 429 still told the bot to wait.
     */
    public record Call(Instant at, String method, Long chatId, int status, boolean duringRetryWindow) {
    }

    private final List<Call> calls = new ArrayList<>();

    synchronized void record(Call call) {
        calls.add(call);
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Calls of one method (any case, e.g. {@code editMessageText}). */
    public synchronized long count(String method) {
        String m = method.toLowerCase(Locale.ROOT);
        return calls.stream().filter(c -> c.method().equals(m)).count();
    }

    public synchronized long count(String method, SimChat chat) {
        String m = method.toLowerCase(Locale.ROOT);
        return calls.stream().filter(c -> c.method().equals(m) && Long.valueOf(chat.id()).equals(c.chatId())).count();
    }

    /** Edits of a chat that the server accepted (HTTP 200). */
    public synchronized long editsAccepted(SimChat chat) {
        return calls.stream().filter(c -> c.method().equals("editmessagetext") && c.status() == 200
                && Long.valueOf(chat.id()).equals(c.chatId())).count();
    }

    /** All 429 answers served. */
    public synchronized long tooManyRequestsServed() {
        return calls.stream().filter(c -> c.status() == 429).count();
    }

    /**
     * Calls that arrived while the chat was still inside a retry_after window the server had announced: a bot that
     * honours retry_after makes none (the server counts from its own answer, so the bot's wait always covers it).
     */
    public synchronized long callsDuringRetryWindow() {
        return calls.stream().filter(Call::duringRetryWindow).count();
    }
}
