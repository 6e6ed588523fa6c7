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
            bars.add(c.position() + " " + bar(c) + " " + label(c));
        }
        String stage = switch (p.stage()) {
            case GENERATING -> "Making your film – " + ready + " of " + p.clips().size() + " clips ready";
            case MERGING -> "Putting the clips together…";
            case DELIVERING -> "Uploading your film…";
        };
        return FilmWording.progress(bars, stage, timeLeft(p.estimatedTimeLeft(), p.stage()));
    }

    private static String bar(GenerationListener.ClipProgress c) {
        int filled = switch (c.state()) {
            case DOWNLOADED -> BAR;
            case RUNNING -> Math.max(0, Math.min(BAR, c.percent() < 0 ? 1 : c.percent() * BAR / 100));
            default -> 0;
        };
        return "▓".repeat(filled) + "░".repeat(BAR - filled);
    }

    private static String label(GenerationListener.ClipProgress c) {
        return switch (c.state()) {
            case PENDING -> "waiting";
            case SUBMITTING -> "sending";
            case SUBMITTED, QUEUED -> c.queuePosition() > 0 ? "queued (#" + c.queuePosition() + ")" : "queued";
            case RUNNING -> c.percent() >= 0 ? c.percent() + "%" : "running";
            case DOWNLOADED -> "ready ✓";
            case FAILED -> "failed ✗";
            case SKIPPED -> "left out";
            case CANCELLED -> "cancelled";
            default -> c.state().name().toLowerCase(java.util.Locale.ROOT);
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
