package io.storyreel.core.storybook;

import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.ParameterSpec;
import io.storyreel.core.provider.VideoProvider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A scene's own provider and model over its storybook's: which provider makes the scene's clip, and the settings
 * it is made with. The storybook's choices that belong to its own model (mode, duration, resolution, parameters) go
 * only where that model's declarations take them: a scene on another model of the same provider keeps those its
 * model has, and a scene on another provider gets that model's defaults, so nothing meant for one model leaks into
 * another provider's request. The film's own choices (style, negative prompt, aspect, captions, …) apply to every
 * scene. The conversation's estimate and the engine's start both resolve scenes here, so what is made is what was
 * priced.
 */
public final class SceneOverride {
    private SceneOverride() {
    }

    /** The provider id that makes {@code scene}'s clip: its own, else the storybook's. */
    public static String providerOf(Scene scene, String storybookProvider) {
        return scene.provider() != null ? scene.provider() : storybookProvider;
    }

    /**
     * The settings {@code scene}'s clip is made with by {@code provider} (the one {@link #providerOf} named), from the
     * storybook's {@code settings} (chosen for {@code storybookProvider}).
     */
    public static StorybookSettings settings(Scene scene, String storybookProvider, VideoProvider provider,
                                             StorybookSettings settings) {
        if (!scene.overridden()) {
            return settings;
        }
        if (!provider.id().equals(storybookProvider)) {
            // another provider: the storybook's model settings mean nothing there
            return settings.neutral().withModel(scene.model());
        }
        if (scene.model() == null || scene.model().equals(modelId(provider, settings))) {
            return settings;
        }
        Optional<ModelSpec> model = provider.capabilities().model(scene.model());
        if (model.isEmpty()) {
            return settings.neutral().withModel(scene.model()); // ClipPlan.problem names the unknown model
        }
        return carried(settings, model.get());
    }

    /** The storybook's settings for another model of the same provider: what that model takes of them. */
    private static StorybookSettings carried(StorybookSettings settings, ModelSpec model) {
        StorybookSettings s = settings.withModel(model.id());
        if (model.matching(s.mode(), s.durationSeconds(), s.resolution()).isEmpty()) {
            s = s.withMode(null).withDuration(null).withResolution(null);
        }
        Set<String> declared = model.parameters().stream().map(ParameterSpec::name).collect(Collectors.toSet());
        Map<String, String> kept = new LinkedHashMap<>();
        s.parameters().forEach((k, v) -> {
            if (declared.contains(k)) {
                kept.put(k, v);
            }
        });
        return s.withParameters(kept);
    }

    private static String modelId(VideoProvider provider, StorybookSettings settings) {
        return settings.model() != null ? settings.model() : provider.capabilities().defaultModel();
    }
}
