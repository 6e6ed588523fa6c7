package io.storyreel.core.generation;

import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.storybook.Aspect;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.video.Canvas;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The canvas a film's clips are normalised to as they land, known before the first one lands and the same every time
 * it is asked (so a clip normalised an hour ago still fits at the merge, and a redo fits the rest):
 * <ul>
 *   <li>shape: the storybook's aspect ratio; with none chosen ("auto"), the first photo's own shape (the photos go
 *   unfitted then, and the provider animates the first one at that shape); 16:9 when the photo's size is unknown;</li>
 *   <li>size: the short side is the output height of the storybook's model and combination ({@link ClipPlan}, the
 *   one the estimate priced: 720 for Kling std, 1080 for pro), 720 when the model does not say; at most 1080 by 1920;</li>
 *   <li>frame rate: the model's (at most 30), 30 when it does not say.</li>
 * </ul>
 * Clips that come back at another size or rate (another provider, a model that ignores the ratio) are scaled and
 * padded onto it, never stretched.
 */
final class FilmCanvas {
    static final int DEFAULT_SHORT_SIDE = 720;
    static final int DEFAULT_FPS = 30;
    /** Two photos whose shapes differ by less than this share make clips of one size (the long side is rounded). */
    private static final double SAME_SHAPE = 0.005;

    private final EngineProviders providers;

    /** Reads nothing itself: the caller gives the film's scenes and clips as it has just read them. */
    FilmCanvas(EngineProviders providers) {
        this.providers = providers;
    }

    /**
     * The storybook's canvas, {@code scenes} being its scenes; empty when its provider is gone (its film then merges
     * as the clips came).
     */
    Optional<Canvas> of(Storybook b, List<Scene> scenes) {
        Optional<ClipPlan> plan = providers.find(b.provider()).flatMap(p -> ClipPlan.resolve(p, b.settings()));
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        ModelSpec.Combination combination = plan.get().combination();
        int shortSide = combination.outputHeight() > 0 ? combination.outputHeight() : DEFAULT_SHORT_SIDE;
        int fps = combination.fps() > 0 ? combination.fps() : DEFAULT_FPS;
        return Optional.of(Canvas.of(ratio(b, scenes), shortSide, fps));
    }

    /**
     * Whether every clip of the film is asked of one model in one way (provider, model, mode, resolution, parameters)
     * and every photo has the film's shape (an aspect ratio chosen, or every photo the first one's shape): then its
     * clips come back alike, and those that already sit on the canvas can be merged as they came. {@code clips}: the
     * film's current clips (after a redo, the new one), {@code scenes}: its scenes, both as the caller just read them.
     */
    boolean oneLook(Storybook b, List<Clip> clips, List<Scene> scenes) {
        if (clips.isEmpty() || clips.stream().map(FilmCanvas::look).distinct().count() != 1) {
            return false;
        }
        if (b.settings().aspect() != null) {
            return true;
        }
        if (scenes.stream().anyMatch(s -> s.width() <= 0 || s.height() <= 0)) {
            return false;
        }
        double first = ratio(b, scenes);
        return scenes.stream().allMatch(s -> Math.abs(s.width() / (double) s.height() - first) <= first * SAME_SHAPE);
    }

    private static String look(Clip k) {
        if (k.requestJson() == null) {
            return "unknown request of clip " + k.id(); // a look of its own: the film is normalised as before
        }
        ClipRequest r = ClipRequest.fromJson(k.requestJson());
        return k.provider() + "|" + k.model() + "|" + r.mode() + "|" + r.resolution() + "|"
                + (r.parameters() == null ? java.util.Map.of() : new java.util.TreeMap<>(r.parameters()));
    }

    private static double ratio(Storybook b, List<Scene> scenes) {
        Aspect aspect = b.settings().aspect();
        if (aspect != null) {
            return aspect.ratio();
        }
        return scenes.stream().min(Comparator.comparingInt(Scene::position))
                .filter(s -> s.width() > 0 && s.height() > 0)
                .map(s -> s.width() / (double) s.height())
                .orElse(Aspect.LANDSCAPE.ratio());
    }
}
