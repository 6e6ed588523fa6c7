package io.storyreel.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * The one clock tests move by hand: it stands still at a start instant, or follows another time source (such as a
 * fake server's own time), and {@link #advance} moves it forward on top of that. Always UTC.
 */
public final class SettableClock extends Clock {
    private final Supplier<Instant> base;
    private volatile Duration offset = Duration.ZERO;

    public SettableClock(Instant start) {
        this(() -> start);
    }

    private SettableClock(Supplier<Instant> base) {
        this.base = base;
    }

    public static SettableClock at(String iso) {
        return new SettableClock(Instant.parse(iso));
    }

    public static SettableClock at(Instant start) {
        return new SettableClock(start);
    }

    /**
     * A clock that reads {@code time}, e.g. {@code FakeDiscord::now}, so that advancing the fake ages whatever uses
     * this clock too.
     */
    public static SettableClock following(Supplier<Instant> time) {
        return new SettableClock(time);
    }

    public synchronized void advance(Duration d) {
        offset = offset.plus(d);
    }

    @Override
    public Instant instant() {
        return base.get().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
