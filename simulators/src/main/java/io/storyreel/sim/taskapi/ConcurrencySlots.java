package io.storyreel.sim.taskapi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Concurrency as the providers that accept every task but run only a few at once do it (Runway's {@code THROTTLED},
 * fal's queue): tasks of one group (an account, or an account and model) take one of {@code limit} slots in the order
 * they became ready, and a task that finds none free waits for the earliest to free up. A task occupies its slot for
 * its {@linkplain SimTask#nominalLength() nominal length}, or until it is cancelled.
 *
 * <p>Everything is worked out from the creation times whenever it is asked, so a test clock moves the queue.
 */
public final class ConcurrencySlots {

    private record Entry(long seq, String group, Instant readyAt, Duration length, String id) {
    }

    private final IntSupplier limit;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Entry> byId = new HashMap<>();
    private final Map<String, Instant> cancelled = new ConcurrentHashMap<>();
    private long seq;

    /** {@code limit} is read at every question, so it can change at run time; 0 or less means unlimited. */
    public ConcurrencySlots(IntSupplier limit) {
        this.limit = Objects.requireNonNull(limit);
    }

    /**
     * Adds a task of {@code group} ready to start at {@code readyAt}, occupying a slot for {@code length}. Returns the
     * task's {@link SimTask.Hold}: how long after {@code createdAt} it will start.
     */
    public synchronized SimTask.Hold add(String id, String group, Instant createdAt, Instant readyAt,
                                         Duration length) {
        Entry entry = new Entry(seq++, group, readyAt, length, id);
        entries.add(entry);
        byId.put(id, entry);
        return now -> Duration.between(createdAt, startOf(id));
    }

    /** The task stops occupying (or waiting for) a slot at {@code at}. */
    public void cancel(String id, Instant at) {
        cancelled.putIfAbsent(id, at);
    }

    /** When task {@code id} gets (or got) its slot. */
    public synchronized Instant startOf(String id) {
        Entry self = byId(id);
        return schedule(self.group()).getOrDefault(id, self.readyAt());
    }

    /** How many tasks of the group still waiting for a slot at {@code now} will get one before {@code id}. */
    public synchronized int waitingAhead(String id, Instant now) {
        Entry self = byId(id);
        int ahead = 0;
        // the schedule is in the order tasks get their slots, so whoever is still waiting before us is ahead
        for (Map.Entry<String, Instant> e : schedule(self.group()).entrySet()) {
            if (e.getKey().equals(id)) {
                return ahead;
            }
            Entry other = byId(e.getKey());
            if (e.getValue().isAfter(now) && !other.readyAt().isAfter(now) && !cancelledBy(other.id(), now)) {
                ahead++;
            }
        }
        return ahead;
    }

    private Entry byId(String id) {
        Entry e = byId.get(id);
        if (e == null) {
            throw new IllegalArgumentException("unknown task " + id);
        }
        return e;
    }

    private boolean cancelledBy(String id, Instant now) {
        Instant c = cancelled.get(id);
        return c != null && !c.isAfter(now);
    }

    private Map<String, Instant> schedule(String group) {
        List<Entry> mine = new ArrayList<>(entries.stream().filter(e -> e.group().equals(group)).toList());
        mine.sort(Comparator.comparing(Entry::readyAt).thenComparingLong(Entry::seq));
        int slots = limit.getAsInt();
        Map<String, Instant> starts = new LinkedHashMap<>();
        PriorityQueue<Instant> busyUntil = new PriorityQueue<>();
        for (Entry e : mine) {
            Instant start = e.readyAt();
            while (!busyUntil.isEmpty() && !busyUntil.peek().isAfter(start)) {
                busyUntil.poll();
            }
            boolean full = slots > 0 && busyUntil.size() >= slots;
            if (full) {
                start = busyUntil.peek();
            }
            Instant c = cancelled.get(e.id());
            if (c != null && !c.isAfter(start)) {
                starts.put(e.id(), start);
                continue; // cancelled while waiting: it never takes the slot
            }
            if (full) {
                busyUntil.poll();
            }
            Instant end = start.plus(e.length());
            if (c != null && c.isBefore(end)) {
                end = c;
            }
            starts.put(e.id(), start);
            busyUntil.add(end);
        }
        return starts;
    }
}
