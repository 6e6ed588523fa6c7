package io.storyreel.sim.taskapi;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a provider simulator behaves in time and where it listens.
 *
 * @param port           TCP port on 127.0.0.1; 0 picks a free one
 * @param clock          drives every status change, timestamp, rate window and URL expiry
 * @param queueTime      how long a task stays queued (Kling {@code submitted}; MiniMax {@code Preparing}/{@code Queueing})
 * @param processingTime how long a task stays running before it finishes
 * @param clipSeconds    length of the rendered clip; 0 = the length the request asks for (as the real service does)
 * @param urlLifetime    how long result URLs stay valid; {@link Duration#ZERO} = the provider's documented lifetime
 *                       (Kling 30 days, MiniMax 9 hours)
 */
public record SimSettings(int port, Clock clock, Duration queueTime, Duration processingTime,
                          double clipSeconds, Duration urlLifetime) {

    public SimSettings {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(queueTime, "queueTime");
        Objects.requireNonNull(processingTime, "processingTime");
        Objects.requireNonNull(urlLifetime, "urlLifetime");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (clipSeconds < 0) {
            throw new IllegalArgumentException("clipSeconds must be >= 0, was " + clipSeconds);
        }
        if (queueTime.isNegative() || processingTime.isNegative() || urlLifetime.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** Settings for tests: a free port, the system clock, tasks that finish in well under a second, 1 s clips. */
    public static SimSettings fast() {
        return new SimSettings(0, Clock.systemUTC(), Duration.ofMillis(200), Duration.ofMillis(500), 1.0, Duration.ZERO);
    }

    /** Settings for a person watching: spec-length clips and a generation time of about a minute. */
    public static SimSettings realistic() {
        return new SimSettings(0, Clock.systemUTC(), Duration.ofSeconds(10), Duration.ofSeconds(50), 0, Duration.ZERO);
    }

    public SimSettings withPort(int newPort) {
        return new SimSettings(newPort, clock, queueTime, processingTime, clipSeconds, urlLifetime);
    }

    public SimSettings withClock(Clock newClock) {
        return new SimSettings(port, newClock, queueTime, processingTime, clipSeconds, urlLifetime);
    }

    public SimSettings withTimes(Duration newQueueTime, Duration newProcessingTime) {
        return new SimSettings(port, clock, newQueueTime, newProcessingTime, clipSeconds, urlLifetime);
    }

    public SimSettings withClipSeconds(double seconds) {
        return new SimSettings(port, clock, queueTime, processingTime, seconds, urlLifetime);
    }

    public SimSettings withUrlLifetime(Duration lifetime) {
        return new SimSettings(port, clock, queueTime, processingTime, clipSeconds, lifetime);
    }

    /** The URL lifetime to use, given the provider's documented default. */
    public Duration urlLifetimeOr(Duration providerDefault) {
        return urlLifetime.isZero() ? providerDefault : urlLifetime;
    }
}
