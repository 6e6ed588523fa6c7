package io.storyreel.sim.taskapi;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencySlotsTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void tasksBeyondTheLimitStartWhenTheEarliestSlotFrees() {
        ConcurrencySlots slots = new ConcurrencySlots(() -> 2);
        slots.add("a", "k", T0, T0, MINUTE);
        slots.add("b", "k", T0, T0, MINUTE.plusSeconds(10));
        SimTask.Hold c = slots.add("c", "k", T0, T0, MINUTE);
        slots.add("d", "k", T0, T0, MINUTE);
        slots.add("other", "k2", T0, T0, MINUTE);

        assertThat(slots.startOf("a")).isEqualTo(T0);
        assertThat(slots.startOf("c")).isEqualTo(T0.plus(MINUTE)); // a's slot
        assertThat(slots.startOf("d")).isEqualTo(T0.plus(MINUTE).plusSeconds(10)); // b's slot
        assertThat(slots.startOf("other")).isEqualTo(T0); // another group has its own slots
        assertThat(c.at(T0)).isEqualTo(MINUTE);
        assertThat(slots.waitingAhead("c", T0)).isZero();
        assertThat(slots.waitingAhead("d", T0)).isEqualTo(1);
    }

    @Test
    void tasksTakeSlotsInTheOrderTheyBecomeReady() {
        ConcurrencySlots slots = new ConcurrencySlots(() -> 1);
        slots.add("held", "k", T0, T0.plusSeconds(30), MINUTE);
        slots.add("later", "k", T0.plusSeconds(5), T0.plusSeconds(5), MINUTE);

        assertThat(slots.startOf("later")).isEqualTo(T0.plusSeconds(5));
        assertThat(slots.startOf("held")).isEqualTo(T0.plusSeconds(65));
    }

    @Test
    void aCancelledTaskFreesItsSlotAndOneCancelledWhileWaitingNeverTakesOne() {
        ConcurrencySlots slots = new ConcurrencySlots(() -> 1);
        slots.add("a", "k", T0, T0, MINUTE);
        slots.add("b", "k", T0, T0, MINUTE);
        slots.add("c", "k", T0, T0, MINUTE);

        slots.cancel("a", T0.plusSeconds(20));
        slots.cancel("b", T0.plusSeconds(5));

        assertThat(slots.startOf("c")).isEqualTo(T0.plusSeconds(20));
        assertThat(slots.waitingAhead("c", T0.plusSeconds(10))).isZero();
    }

    @Test
    void theLimitIsReadAtEveryQuestionAndZeroMeansUnlimited() {
        AtomicInteger limit = new AtomicInteger(1);
        ConcurrencySlots slots = new ConcurrencySlots(limit::get);
        slots.add("a", "k", T0, T0, MINUTE);
        slots.add("b", "k", T0, T0, MINUTE);
        assertThat(slots.startOf("b")).isEqualTo(T0.plus(MINUTE));
        limit.set(0);
        assertThat(slots.startOf("b")).isEqualTo(T0);
    }
}
