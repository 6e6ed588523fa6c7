package io.storyreel.core.conversation;

import io.storyreel.core.generation.ClipState;
import io.storyreel.core.generation.GenerationListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of a film's status message: one bar per clip and the time left. Equal progress renders to equal text,
 * which is what lets the conversation skip edits that would change nothing.
 */
final class ProgressText {
    private static final int BAR = 10;

    private ProgressText() {
    }

    static String render(GenerationListener.Progress p) {
        List<String> bars = new ArrayList<>();
        long ready = p.clips().stream().filter(c -> c.state() == ClipState.DOWNLOADED).count();
        for (GenerationListener.ClipProgress c : p.clips()) {
            bars.add((c.endPosition() > 0 ? c.position() + "→" + c.endPosition() : String.valueOf(c.position()))
                    + " " + bar(c) + " " + label(c));
        }
        boolean bridges = p.clips().stream().anyMatch(c -> c.endPosition() > 0);
        String stage = switch (p.stage()) {
            case GENERATING -> "Making your film – " + ready + " of " + p.clips().size()
                    + (bridges ? " clips (bridges) ready" : " clips ready");
            case MERGING -> "Putting the clips together…";
            case DELIVERING -> "Uploading your film…";
        };
        return FilmWording.progress(bars, stage, timeLeft(p.estimatedTimeLeft(), p.stage()));
    }

    /**
     * How full a clip's bar is: its states only move forward, and each state fills at least as much as the one
     * before it (waiting 0, starting and queued at the provider 1, generating 2 to 8 with the provider's percent,
     * downloading 9, ready 10), so a bar never shrinks while its clip is made. An attempt that ended (failed,
     * cancelled, left out) shows no fill: the row says what happened instead.
     */
    static int fill(GenerationListener.ClipProgress c) {
        return switch (c.state()) {
            case PENDING, FAILED, SKIPPED, CANCELLED -> 0;
            case SUBMITTING, SUBMITTED, QUEUED -> 1;
            case RUNNING -> 2 + Math.max(0, Math.min(100, c.percent())) * 6 / 100;
            case SUCCEEDED -> BAR - 1;
            case DOWNLOADED -> BAR;
        };
    }

    private static String bar(GenerationListener.ClipProgress c) {
        int filled = fill(c);
        return "▓".repeat(filled) + "░".repeat(BAR - filled);
    }

    /** What a row says, in the reader's words: never a raw engine or provider state. */
    static String label(GenerationListener.ClipProgress c) {
        return switch (c.state()) {
            case PENDING -> c.queuePosition() > 0 ? "waiting for a slot (#" + c.queuePosition() + ")" : "waiting for a slot";
            case SUBMITTING -> "starting";
            case SUBMITTED -> "in the provider's queue";
            case QUEUED -> c.queuePosition() > 0 ? "in the provider's queue (#" + c.queuePosition() + ")"
                    : "in the provider's queue";
            case RUNNING -> c.percent() >= 0 ? "generating " + c.percent() + "%" : "generating";
            case SUCCEEDED -> "downloading";
            case DOWNLOADED -> "ready ✓";
            case FAILED -> "failed ✗";
            case SKIPPED -> "left out";
            case CANCELLED -> "cancelled";
        };
    }

    private static String timeLeft(Duration left, GenerationListener.Stage stage) {
        if (left == null || stage != GenerationListener.Stage.GENERATING) {
            return null;
        }
        String about = Wording.about(left);
        return Character.toUpperCase(about.charAt(0)) + about.substring(1) + " left";
    }
}
