package io.storyreel.core.generation;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one definition of "a day" for the per-payer daily limits: midnight to midnight in the configured zone
 * ({@code limits.day-zone}, UTC by default). The engine counts from {@link #start}, and a refusal says when the day
 * ends ({@link #next}), so the chat and the engine can never disagree about what "today" is. Read from the instant
 * alone (never from a clock's own zone).
 */
public record LimitDay(ZoneId zone) {
    public static final LimitDay UTC = new LimitDay(ZoneOffset.UTC);

    /** Midnight that began the day {@code now} is in. */
    public Instant start(Instant now) {
        return now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
    }

    /** Midnight that ends the day {@code now} is in: when the daily counts start again. */
    public Instant next(Instant now) {
        return now.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** Whole minutes from {@code now} until {@link #next} (at least 1, so "in 0 min" is never said). */
    public long minutesLeft(Instant now) {
        return Math.max(1, (Duration.between(now, next(now)).toSeconds() + 59) / 60);
    }

    /** How a reset is named in a sentence: {@code 00:00 UTC}, {@code 00:00 Europe/Berlin}. */
    public String resetLabel() {
        String name = zone.equals(ZoneOffset.UTC) || "Z".equals(zone.getId()) ? "UTC" : zone.getId();
        return "00:00 " + name;
    }
}
