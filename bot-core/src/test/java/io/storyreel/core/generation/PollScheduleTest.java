package io.storyreel.core.generation;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's poll schedule: the fixed backoff as it always was, and the adaptive one shaped by clip times. */
class PollScheduleTest {
    private static final PollSchedule DEFAULTS = EngineSettings.defaults().pollSchedule();

    @Test
    void theFixedScheduleStartsAtTheFirstPollAndBacksOffToTheMaximum() {
        PollSchedule fixed = DEFAULTS.withMode(PollSchedule.Mode.FIXED);
        ClipTimes any = ClipTimes.seeded(240);
        assertThat(fixed.next(any, Duration.ZERO, 0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(fixed.next(any, Duration.ofSeconds(5), 1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(fixed.next(any, Duration.ofSeconds(10), 2)).isEqualTo(Duration.ofMillis(6250));
        assertThat(fixed.next(any, Duration.ofSeconds(500), 40)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void theAdaptiveScheduleIsSparseEarlyDenseAroundTheUsualFinishAndBacksOffAfter() {
        List<Double> seen = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            seen.add(100.0 + (i % 10) * 2);  // clips of this model take 100 to 118 s
        }
        ClipTimes times = ClipTimes.learned(240, seen);
        assertThat(times.clipsSeen()).isEqualTo(50);
        Duration first = DEFAULTS.next(times, Duration.ZERO, 0);
        assertThat(first).as("nothing can be done in the first minute: one long wait")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(45)).isLessThanOrEqualTo(Duration.ofSeconds(60));
        Duration dense = DEFAULTS.next(times, Duration.ofSeconds(104), 5);
        assertThat(dense).as("where clips finish, as often as allowed").isEqualTo(DEFAULTS.min());
        Duration after = DEFAULTS.next(times, Duration.ofSeconds(1500), 90);
        assertThat(after).as("long after the usual times, back to the maximum").isEqualTo(DEFAULTS.max());
    }

    @Test
    void eachProvidersMinimumGapIsRespectedByEveryPollOfItsTasks() {
        EngineSettings settings = EngineSettings.defaults().withProviderMinPoll(Map.of(
                "minimax", Duration.ofSeconds(10), "kling", Duration.ofSeconds(5)));
        List<Double> seen = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            seen.add(30.0 + (i % 10)); // Hailuo-Fast-like: 30 to 39 s
        }
        ClipTimes times = ClipTimes.learned(40, seen);
        for (String provider : List.of("minimax", "kling", "runway")) {
            PollSchedule s = settings.pollSchedule(provider);
            Duration gap = Map.of("minimax", Duration.ofSeconds(10), "kling", Duration.ofSeconds(5))
                    .getOrDefault(provider, settings.minPollInterval());
            // a whole clip's polls, each at least the provider's gap after the one before, in both modes
            for (PollSchedule.Mode mode : PollSchedule.Mode.values()) {
                Duration since = Duration.ZERO;
                List<Duration> waits = new ArrayList<>();
                for (int poll = 0; poll < 40; poll++) {
                    Duration wait = s.withMode(mode).next(times, since, poll);
                    waits.add(wait);
                    since = since.plus(wait);
                }
                assertThat(waits).as("%s %s", provider, mode).allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(gap));
            }
        }
        // without its gap, the densest adaptive poll around the usual finish would come sooner than MiniMax asks
        assertThat(settings.pollSchedule().next(times, Duration.ofSeconds(33), 4)).isLessThan(Duration.ofSeconds(10));
        assertThat(settings.pollSchedule("minimax").next(times, Duration.ofSeconds(33), 4))
                .isEqualTo(Duration.ofSeconds(10));
        // the operator's longest wait still bounds every wait (a test rig that polls every 400 ms stays fast)
        PollSchedule quick = new PollSchedule(PollSchedule.Mode.ADAPTIVE, Duration.ofMillis(200), 1.25,
                Duration.ofMillis(100), Duration.ofMillis(400)).atLeast(Duration.ofSeconds(10));
        assertThat(quick.next(times, Duration.ofSeconds(500), 9)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aModelNeverUsedFollowsTheCataloguesTypicalTime() {
        ClipTimes seeded = ClipTimes.seeded(60);
        assertThat(seeded.clipsSeen()).isZero();
        assertThat(seeded.quantile(0.5)).isBetween(59.0, 61.0);
        Duration first = DEFAULTS.next(seeded, Duration.ZERO, 0);
        Duration later = DEFAULTS.next(seeded, Duration.ofSeconds(55), 3);
        assertThat(first).isGreaterThan(later);
        assertThat(later).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void expectedTimeLeftShrinksAsAClipRunsAndStaysPositive() {
        ClipTimes t = ClipTimes.seeded(120);
        double atStart = t.expectedLeft(0);
        assertThat(atStart).isBetween(110.0, 140.0);
        assertThat(t.expectedLeft(100)).isLessThan(atStart).isPositive();
        assertThat(t.expectedLeft(10_000)).isGreaterThanOrEqualTo(1.0);
    }
}
