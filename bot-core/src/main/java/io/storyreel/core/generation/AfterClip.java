package io.storyreel.core.generation;

/**
 * What a storybook does once one of its clips has finished, failed for good or been skipped: decided under the
 * storybook's row lock, acted on after the commit.
 */
sealed interface AfterClip {
    /** Every clip is in: the storybook is MERGING and the merge is to be scheduled. */
    record Merge() implements AfterClip {
    }

    /** A clip failed and the storybook has just paused for it (news to the user). */
    record Pause(int position, EngineReason reason) implements AfterClip {
    }

    /** No clip is left to merge: the storybook has FAILED. */
    record NothingLeft() implements AfterClip {
    }

    /** Nothing to do yet: clips are still running, the pause is old news, or the storybook has moved on. */
    record Wait() implements AfterClip {
    }
}
