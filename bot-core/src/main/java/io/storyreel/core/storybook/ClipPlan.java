package io.storyreel.core.storybook;

import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.GenerationRequest;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.ParameterValues;
import io.storyreel.core.provider.VideoProvider;

import java.util.List;
import java.util.Optional;

/**
 * A storybook's settings resolved against one provider's capabilities: the model (the storybook's, or the
 * provider's default), and the first valid (mode, duration, resolution) combination that matches what the user
 * chose. The conversation uses it for estimates and checks and the engine for the clips it makes, so both agree on
 * what is made and what it costs.
 */
public record ClipPlan(String provider, ModelSpec model, ModelSpec.Combination combination, StorybookSettings settings) {

    /** Resolves {@code settings} for {@code provider}; empty when no valid combination matches (see {@link #problem}). */
    public static Optional<ClipPlan> resolve(VideoProvider provider, StorybookSettings settings) {
        Capabilities caps = provider.capabilities();
        Optional<ModelSpec> model = modelFor(caps, settings);
        if (model.isEmpty()) {
            return Optional.empty();
        }
        StorybookSettings asked = withoutClipSound(model.get(), settings);
        List<ModelSpec.Combination> matches = model.get().matching(asked.mode(), asked.durationSeconds(),
                asked.resolution(), asked.parameters());
        return matches.isEmpty() ? Optional.empty()
                : Optional.of(new ClipPlan(provider.id(), model.get(), matches.get(0), asked));
    }

    /**
     * Clip sound off: a model with its own sound switch (a declared {@code audio} parameter) is asked for none, so
     * the clip is made and priced silent rather than made with sound the merge then removes. Models that make sound
     * without a switch keep it until the merge strips it.
     */
    private static StorybookSettings withoutClipSound(ModelSpec model, StorybookSettings settings) {
        boolean off = settings.sound() != null && !settings.sound().clipSound();
        return off && ParameterValues.declared(model, "audio").isPresent()
                ? settings.withParameter("audio", "off") : settings;
    }

    /**
     * Why {@link #resolve} found nothing: {@code provider} (its display name) has no model {@code model}, or that
     * model (its label) cannot make the chosen mode, duration and resolution (null where nothing was chosen). The
     * conversation words it for the chat.
     */
    public record Problem(String provider, String model, boolean unknownModel, String mode, Integer durationSeconds,
                          String resolution) {
    }

    /** Why {@link #resolve} finds nothing for {@code settings}. */
    public static Problem problem(VideoProvider provider, StorybookSettings settings) {
        Capabilities caps = provider.capabilities();
        Optional<ModelSpec> model = modelFor(caps, settings);
        return model.isEmpty()
                ? new Problem(caps.displayName(), settings.model(), true, null, null, null)
                : new Problem(caps.displayName(), model.get().label(), false, settings.mode(), settings.durationSeconds(),
                settings.resolution());
    }

    private static Optional<ModelSpec> modelFor(Capabilities caps, StorybookSettings settings) {
        String id = settings.model() != null ? settings.model() : caps.defaultModel();
        return caps.model(id);
    }

    /**
     * The request for one scene's clip: the style suffix appended, the provider's defaults where unset, the chosen
     * parameter values (the provider completes them with the declared defaults).
     */
    public GenerationRequest request(String scenePrompt, byte[] image, String imageMime) {
        return new GenerationRequest(model.id(), combination.mode(), combination.durationSeconds(),
                combination.resolution(), settings.promptFor(scenePrompt), blankToNull(settings.negativePrompt()),
                image, imageMime).withParameters(settings.parameters());
    }

    /** A bridge's request: {@link #request} ending on {@code endImage} (null: a clip of its own). */
    public GenerationRequest request(String scenePrompt, byte[] image, String imageMime, byte[] endImage,
                                     String endImageMime) {
        GenerationRequest r = request(scenePrompt, image, imageMime);
        return endImageMime == null ? r : r.withEndImage(endImage, endImageMime);
    }

    /** Whether this plan's model and combination can end a clip on a given photo (what bridges need). */
    public boolean takesEndFrame() {
        return model.takesEndFrame(combination);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
