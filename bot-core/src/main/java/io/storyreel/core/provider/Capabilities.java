package io.storyreel.core.provider;

import java.util.List;
import java.util.Optional;

/**
 * What a provider can do, loaded from a bundled resource that configuration can override, so a price change
 * needs no release. {@code defaultModel} is used when the storybook does not choose one. {@code parameters} are the
 * provider's parameter declarations, which its models take by name (each model's own list is complete once loaded).
 */
public record Capabilities(String provider, String displayName, List<ModelSpec> models, String defaultModel,
                           ImageConstraints image, int maxPromptChars, String currencyUnit, double usdPerUnit,
                           List<ParameterSpec> parameters) {

    public Capabilities {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }

    public Capabilities(String provider, String displayName, List<ModelSpec> models, String defaultModel,
                        ImageConstraints image, int maxPromptChars, String currencyUnit, double usdPerUnit) {
        this(provider, displayName, models, defaultModel, image, maxPromptChars, currencyUnit, usdPerUnit, List.of());
    }

    public Optional<ModelSpec> model(String id) {
        return models.stream().filter(m -> m.id().equals(id)).findFirst();
    }
}
