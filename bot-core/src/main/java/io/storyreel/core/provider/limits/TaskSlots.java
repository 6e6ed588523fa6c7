package io.storyreel.core.provider.limits;

import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.ProviderException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Tasks in flight per account. A slot is reserved before a create (under our idempotency key), moved to the
 * provider's task id once it is known, and freed when a poll sees a terminal status. A poll of a running task we
 * do not know (after a restart) adopts it, so the count stays true. A slot nobody polled for {@code staleAfter} is
 * reclaimed, so a lost task cannot block an account forever.
 */
public final class TaskSlots {
    private final int maxPerAccount;
    private final Duration staleAfter;
    private final Clock clock;
    private final Map<String, Map<String, Instant>> byAccount = new HashMap<>();

    public TaskSlots(int maxPerAccount, Duration staleAfter, Clock clock) {
        this.maxPerAccount = maxPerAccount;
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    /**
     * Reserve a slot for {@code key}; idempotent for a key that already holds one.
     *
     * @throws ProviderException CONCURRENCY (retryable) when the account is at its limit
     */
    public synchronized void acquire(String account, String key) {
        Map<String, Instant> slots = slots(account);
        if (slots.containsKey(key)) {
            slots.put(key, clock.instant());
            return;
        }
        if (maxPerAccount > 0 && slots.size() >= maxPerAccount) {
            throw new ProviderException(ErrorKind.CONCURRENCY,
                    "Your account already has " + slots.size() + " clips in progress (limit " + maxPerAccount
                            + "); this one will start when one finishes.",
                    "client_concurrency_limit", null, Duration.ofSeconds(10), true, null);
        }
        slots.put(key, clock.instant());
    }

    /** The slot reserved under {@code from} now belongs to {@code to} (our key becomes the provider task id). */
    public synchronized void rename(String account, String from, String to) {
        Map<String, Instant> slots = slots(account);
        if (slots.remove(from) != null || !slots.containsKey(to)) {
            slots.put(to, clock.instant());
        }
    }

    /** A poll saw this task still running: keep (or adopt) its slot. */
    public synchronized void touch(String account, String key) {
        slots(account).put(key, clock.instant());
    }

    public synchronized void release(String account, String key) {
        Map<String, Instant> slots = byAccount.get(account);
        if (slots != null) {
            slots.remove(key);
        }
    }

    public synchronized int inUse(String account) {
        return slots(account).size();
    }

    private Map<String, Instant> slots(String account) {
        Map<String, Instant> slots = byAccount.computeIfAbsent(account, a -> new HashMap<>());
        Instant cutoff = clock.instant().minus(staleAfter);
        slots.values().removeIf(last -> last.isBefore(cutoff));
        return slots;
    }
}
