package io.storyreel.core.provider.http;

import io.storyreel.core.provider.registry.CapabilitiesLoader;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.ImageConstraints;
import io.storyreel.core.provider.ProviderException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** /make, Confirm and the submit prepare the same photo: the work is done once while it is recent. */
class RecentlyPreparedTest {
    private final ImageConstraints kling = CapabilitiesLoader.bundled("kling").image();
    private final ImageConstraints minimax = CapabilitiesLoader.bundled("minimax").image();
    private final AtomicInteger made = new AtomicInteger();

    private Supplier<PreparedImage> making(int size) {
        return () -> {
            made.incrementAndGet();
            return new PreparedImage(new byte[size], "image/jpeg", 10, 10, List.of("re-encoded"));
        };
    }

    @Test
    void theSamePhotoForTheSameProviderIsPreparedOnceEvenFromAnotherArray() {
        RecentlyPrepared recent = new RecentlyPrepared(1_000);
        byte[] photo = {1, 2, 3};
        PreparedImage first = recent.get(photo, kling, "Kling AI", making(100));
        assertThat(recent.get(photo.clone(), kling, "Kling AI", making(100))).isSameAs(first);
        assertThat(made).hasValue(1);
        recent.get(photo, minimax, "MiniMax", making(100)); // other constraints: prepared again
        recent.get(new byte[]{1, 2, 4}, kling, "Kling AI", making(100)); // other content: prepared again
        assertThat(made).hasValue(3);
    }

    @Test
    void theLeastRecentlyUsedGoOutWhenTheBudgetIsSpentAndRefusalsAreNotKept() {
        RecentlyPrepared recent = new RecentlyPrepared(250);
        byte[] a = {1};
        byte[] b = {2};
        byte[] c = {3};
        recent.get(a, kling, "K", making(100));
        recent.get(b, kling, "K", making(100));
        recent.get(a, kling, "K", making(100)); // a is now the most recent
        recent.get(c, kling, "K", making(100)); // 300 > 250: b goes
        assertThat(made).hasValue(3);
        recent.get(a, kling, "K", making(100));
        assertThat(made).hasValue(3);
        recent.get(b, kling, "K", making(100));
        assertThat(made).hasValue(4);

        AtomicInteger refusals = new AtomicInteger();
        Supplier<PreparedImage> refuse = () -> {
            refusals.incrementAndGet();
            throw new ProviderException(ErrorKind.TRANSIENT, "busy", "image_busy");
        };
        assertThatThrownBy(() -> recent.get(new byte[]{9}, kling, "K", refuse)).isInstanceOf(ProviderException.class);
        assertThatThrownBy(() -> recent.get(new byte[]{9}, kling, "K", refuse)).isInstanceOf(ProviderException.class);
        assertThat(refusals).hasValue(2);
    }
}
