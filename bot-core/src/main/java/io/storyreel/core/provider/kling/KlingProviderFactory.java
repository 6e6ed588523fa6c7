package io.storyreel.core.provider.kling;

import io.storyreel.core.provider.CallbackReader;
import io.storyreel.core.provider.CredentialField;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderDefaults;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.VideoProviderFactory;

import java.util.List;

/**
 * Installs Kling (registered in {@code META-INF/services}): the global host, five tasks in flight per account (a
 * trial resource pack's concurrency) and no client-side request rate, since Kling answers 1302 itself.
 */
public final class KlingProviderFactory implements VideoProviderFactory {
    @Override
    public String id() {
        return KlingProvider.ID;
    }

    @Override
    public String displayName() {
        return "Kling AI";
    }

    @Override
    public List<CredentialField> credentials() {
        return KlingProvider.CREDENTIALS;
    }

    @Override
    public ProviderDefaults defaults() {
        return new ProviderDefaults("https://api-singapore.klingai.com", 5, 0);
    }

    @Override
    public VideoProvider create(ProviderContext context) {
        return new KlingProvider(context);
    }

    @Override
    public CallbackReader callbackReader() {
        return new KlingCallbackReader();
    }
}
