package io.storyreel.core.storybook;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where a storybook is in its life. The conversation owns COLLECTING and CONFIRMING (and may set an unconfirmed
 * storybook aside as CANCELLED); from the confirmation on only the generation engine moves it (GENERATING → PAUSED
 * → MERGING → DELIVERING → DONE, FAILED or CANCELLED). The first six are "open": the chat's current storybook.
 */
public enum StorybookState {
    COLLECTING, CONFIRMING, GENERATING, PAUSED, MERGING, DELIVERING, DONE, CANCELLED, FAILED;

    /** Not yet confirmed: the chat may still change scenes and settings. */
    public static final InList UNCONFIRMED = InList.of(EnumSet.of(COLLECTING, CONFIRMING));
    public static final InList OPEN = InList.of(matching(StorybookState::open));
    public static final InList RUNNING = InList.of(matching(StorybookState::running));

    public boolean open() {
        return this != DONE && this != CANCELLED && this != FAILED;
    }

    /** Money is being spent or a film is on its way: scenes and settings are frozen. */
    public boolean running() {
        return this == GENERATING || this == PAUSED || this == MERGING || this == DELIVERING;
    }

    /** Making clips: the clip steps may submit, poll and download. */
    public boolean generating() {
        return this == GENERATING || this == PAUSED;
    }

    private static Set<StorybookState> matching(java.util.function.Predicate<StorybookState> p) {
        EnumSet<StorybookState> out = EnumSet.noneOf(StorybookState.class);
        Arrays.stream(values()).filter(p).forEach(out::add);
        return out;
    }
}
