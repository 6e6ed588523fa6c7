package io.storyreel.core.provider.runway;

import io.storyreel.core.provider.CredentialField;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderDefaults;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.VideoProviderFactory;

import java.util.List;

/**
 * Installs Runway (registered in {@code META-INF/services}): the API host {@code api.dev.runwayml.com} (not
 * {@code api.runwayml.com}), two tasks in flight per account (a Tier 1 organisation runs one or two per model; more
 * would only wait THROTTLED at Runway) and no client-side request rate, since Runway limits concurrency and
 * generations per day, not requests per minute. Runway sends no callbacks.
 */
public final class RunwayProviderFactory implements VideoProviderFactory {
    @Override
    public String id() {
        return RunwayProvider.ID;
    }

    @Override
    public String displayName() {
        return "Runway";
    }

    @Override
    public List<CredentialField> credentials() {
        return RunwayProvider.CREDENTIALS;
    }

    @Override
    public ProviderDefaults defaults() {
        return new ProviderDefaults("https://api.dev.runwayml.com", 2, 0);
    }

    @Override
    public VideoProvider create(ProviderContext context) {
        return new RunwayProvider(context);
    }
}
