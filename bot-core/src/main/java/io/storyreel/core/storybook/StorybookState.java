package io.storyreel.core.storybook;

/** Where a storybook is in its life. The first six are "open": the chat's current storybook. */
public enum StorybookState {
    COLLECTING, CONFIRMING, GENERATING, PAUSED, MERGING, DELIVERING, DONE, CANCELLED, FAILED;

    public boolean open() {
        return this != DONE && this != CANCELLED && this != FAILED;
    }

    /** Money is being spent or a film is on its way: scenes and settings are frozen. */
    public boolean running() {
        return this == GENERATING || this == PAUSED || this == MERGING || this == DELIVERING;
    }
}
