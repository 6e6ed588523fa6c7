package io.storyreel.core.provider.minimax;

import io.storyreel.core.provider.CallbackReader;
import io.storyreel.core.provider.CredentialField;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderDefaults;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.VideoProviderFactory;

import java.util.List;

/**
 * Installs MiniMax (registered in {@code META-INF/services}): the global host, five tasks in flight per account, and
 * the documented five video requests per minute of the global platform.
 */
public final class MiniMaxProviderFactory implements VideoProviderFactory {
    @Override
    public String id() {
        return MiniMaxProvider.ID;
    }

    @Override
    public String displayName() {
        return "MiniMax Hailuo";
    }

    @Override
    public List<CredentialField> credentials() {
        return MiniMaxProvider.CREDENTIALS;
    }

    @Override
    public ProviderDefaults defaults() {
        return new ProviderDefaults("https://api.minimax.io", 5, 5);
    }

    /** MiniMax's samples poll every 10 s (spec: "Recommended polling interval ~10 s"). */
    @Override
    public java.time.Duration minPollInterval() {
        return java.time.Duration.ofSeconds(10);
    }

    @Override
    public VideoProvider create(ProviderContext context) {
        return new MiniMaxProvider(context);
    }

    @Override
    public CallbackReader callbackReader() {
        return new MiniMaxCallbackReader();
    }
}
