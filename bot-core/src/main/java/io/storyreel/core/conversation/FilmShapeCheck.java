package io.storyreel.core.conversation;

import io.storyreel.core.provider.FilmShape;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storybook.Aspect;
import io.storyreel.core.storybook.ClipPlan;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a model can make clips of the film's chosen aspect ratio through its own ratio parameter
 * ({@link VideoProvider#frameShapes}): a model without one follows the photo, which is fitted to the film first, so
 * it always can. A value the user chose for that parameter themselves (Runway's {@code frame}) stands when it has the
 * film's shape, and is refused when it has another: a portrait film's clip made landscape would come back as a strip
 * between black bars, which nobody choosing 9:16 expects, and quietly sending another frame than the one they chose
 * would surprise them as much; so they are told, with both ways out, before anything is paid.
 */
final class FilmShapeCheck {
    private FilmShapeCheck() {
    }

    /** Why {@code plan} (made with {@code provider}) cannot make clips of its settings' chosen aspect; empty when it can. */
    static Optional<String> problem(CommandWording cs, VideoProvider provider, ClipPlan plan) {
        Aspect aspect = plan.settings().aspect();
        List<String> values = provider.frameShapes(plan.model(), plan.combination());
        if (aspect == null || values.isEmpty()) {
            return Optional.empty();
        }
        FilmShape shape = new FilmShape(aspect.width(), aspect.height(), true);
        for (Map.Entry<String, String> chosen : plan.settings().parameters().entrySet()) {
            if (values.contains(chosen.getValue()) && !shape.matches(chosen.getValue())) {
                return Optional.of(SettingsWording.frameNotFilmShape(cs, chosen.getKey(), chosen.getValue(),
                        aspect.label(), shape.pick(values).orElse(null)));
            }
        }
        if (shape.pick(values).isPresent()) {
            return Optional.empty();
        }
        List<String> makes = Arrays.stream(Aspect.values())
                .filter(a -> new FilmShape(a.width(), a.height(), true).pick(values).isPresent())
                .map(Aspect::label).toList();
        return Optional.of(SettingsWording.noFilmShape(cs, provider.capabilities().displayName(), plan.model().label(),
                aspect.label(), makes));
    }

    /**
     * A setting's change that brings the problem about (the settings before it had none): what to refuse it with. A
     * storybook already in that state is told at the estimate, not at every other setting.
     */
    static Optional<String> introduced(CommandWording cs, VideoProvider provider,
                                       io.storyreel.core.storybook.StorybookSettings before,
                                       io.storyreel.core.storybook.StorybookSettings after) {
        Optional<ClipPlan> next = ClipPlan.resolve(provider, after);
        Optional<String> now = next.flatMap(p -> problem(cs, provider, p));
        if (now.isEmpty()) {
            return now;
        }
        Optional<ClipPlan> earlier = ClipPlan.resolve(provider, before);
        return earlier.isPresent() && problem(cs, provider, earlier.get()).isPresent() ? Optional.empty() : now;
    }
}
