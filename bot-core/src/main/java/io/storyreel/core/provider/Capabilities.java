package io.storyreel.core.provider;

import java.util.List;
import java.util.Optional;

/**
 * What a provider can do, loaded from a bundled resource that configuration can override, so a price change
 * needs no release. {@code defaultModel} is used when the storybook does not choose one.
 */
public record Capabilities(String provider, String displayName, List<ModelSpec> models, String defaultModel,
                           ImageConstraints image, int maxPromptChars, String currencyUnit, double usdPerUnit) {

    public Optional<ModelSpec> model(String id) {
        return models.stream().filter(m -> m.id().equals(id)).findFirst();
    }
}
