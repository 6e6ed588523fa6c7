package io.storyreel.core.storybook;

import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.VideoProvider;

import java.util.List;
import java.util.Optional;

/**
 * A storybook's settings resolved against one provider's capabilities: the model (the storybook's, or the
 * provider's default), and the first valid (mode, duration, resolution) combination that matches what the user
 * chose. The conversation uses it for estimates and checks; the engine should use it too, so both agree on what
 * is made and what it costs.
 */
public record ClipPlan(String provider, ModelSpec model, ModelSpec.Combination combination, StorybookSettings settings) {

    /** Resolves {@code settings} for {@code provider}; empty when no valid combination matches (see {@link #problem}). */
    public static Optional<ClipPlan> resolve(VideoProvider provider, StorybookSettings settings) {
        Capabilities caps = provider.capabilities();
        Optional<ModelSpec> model = modelFor(caps, settings);
        if (model.isEmpty()) {
            return Optional.empty();
        }
        List<ModelSpec.Combination> matches = model.get().matching(settings.mode(), settings.durationSeconds(),
                settings.resolution());
        return matches.isEmpty() ? Optional.empty()
                : Optional.of(new ClipPlan(provider.id(), model.get(), matches.get(0), settings));
    }

    /** Why {@link #resolve} found nothing, written for users. */
    public static String problem(VideoProvider provider, StorybookSettings settings) {
        Capabilities caps = provider.capabilities();
        Optional<ModelSpec> model = modelFor(caps, settings);
        if (model.isEmpty()) {
            return caps.displayName() + " has no model " + settings.model() + ".";
        }
        StringBuilder wanted = new StringBuilder();
        if (settings.mode() != null) {
            wanted.append(" mode ").append(settings.mode());
        }
        if (settings.durationSeconds() != null) {
            wanted.append(" ").append(settings.durationSeconds()).append(" s");
        }
        if (settings.resolution() != null) {
            wanted.append(" at ").append(settings.resolution());
        }
        return caps.displayName() + " " + model.get().label() + " cannot make" + wanted
                + ". Pick another combination in /settings.";
    }

    private static Optional<ModelSpec> modelFor(Capabilities caps, StorybookSettings settings) {
        String id = settings.model() != null ? settings.model() : caps.defaultModel();
        return caps.model(id);
    }

    /** The request for one scene's clip: the style suffix appended, the provider's defaults where unset. */
    public GenerationRequest request(String scenePrompt, byte[] image, String imageMime) {
        return new GenerationRequest(model.id(), combination.mode(), combination.durationSeconds(),
                combination.resolution(), settings.promptFor(scenePrompt), blankToNull(settings.negativePrompt()),
                image, imageMime);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
