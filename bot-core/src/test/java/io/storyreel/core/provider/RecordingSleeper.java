package io.storyreel.core.provider;

import io.storyreel.core.testing.SettableClock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every wait and moves the test clock instead of sleeping. */
public final class RecordingSleeper implements Sleeper {
    private final SettableClock clock;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    public RecordingSleeper(SettableClock clock) {
        this.clock = clock;
    }

    @Override
    public void sleep(Duration d) {
        waits.add(d);
        if (clock != null) {
            clock.advance(d);
        }
    }

    public List<Duration> waits() {
        return waits;
    }
}
