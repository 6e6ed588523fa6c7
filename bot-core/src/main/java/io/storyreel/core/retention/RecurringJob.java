package io.storyreel.core.retention;

import java.time.Duration;

/**
 * Housekeeping run every {@code interval} by exactly one process among those sharing the database. {@code name} is
 * the durable task name; {@code work} should catch and log its own failures (the next run tries again).
 */
public record RecurringJob(String name, Duration interval, Runnable work) {
}
