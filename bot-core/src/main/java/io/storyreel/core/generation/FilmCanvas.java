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

    private final GenerationStore store;
    private final EngineProviders providers;

    FilmCanvas(GenerationStore store, EngineProviders providers) {
        this.store = store;
        this.providers = providers;
    }

    /** The storybook's canvas; empty when its provider is gone (its film then merges as the clips came). */
    Optional<Canvas> of(Storybook b) {
        Optional<ClipPlan> plan = providers.find(b.provider()).flatMap(p -> ClipPlan.resolve(p, b.settings()));
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        ModelSpec.Combination combination = plan.get().combination();
        int shortSide = combination.outputHeight() > 0 ? combination.outputHeight() : DEFAULT_SHORT_SIDE;
        int fps = combination.fps() > 0 ? combination.fps() : DEFAULT_FPS;
        return Optional.of(Canvas.of(ratio(b), shortSide, fps));
    }

    private double ratio(Storybook b) {
        Aspect aspect = b.settings().aspect();
        if (aspect != null) {
            return aspect.ratio();
        }
        List<Scene> scenes = store.scenes(b.id());
        return scenes.stream().min(Comparator.comparingInt(Scene::position))
                .filter(s -> s.width() > 0 && s.height() > 0)
                .map(s -> s.width() / (double) s.height())
                .orElse(Aspect.LANDSCAPE.ratio());
    }
}
