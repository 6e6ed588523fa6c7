package io.storyreel.app.zoetrope;

import io.storyreel.core.provider.CredentialField;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderDefaults;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.VideoProviderFactory;

import java.util.List;

/** Installs the test-only {@link ZoetropeProvider}: registered by one line in the test tree's {@code META-INF/services}. */
public final class ZoetropeProviderFactory implements VideoProviderFactory {
    @Override
    public String id() {
        return ZoetropeProvider.ID;
    }

    @Override
    public String displayName() {
        return "Zoetrope";
    }

    @Override
    public List<CredentialField> credentials() {
        return ZoetropeProvider.CREDENTIALS;
    }

    @Override
    public ProviderDefaults defaults() {
        // it makes its clips in-process, so the base URL is never called
        return new ProviderDefaults("http://127.0.0.1:9", 2, 0);
    }

    @Override
    public VideoProvider create(ProviderContext context) {
        return new ZoetropeProvider(context);
    }
}
