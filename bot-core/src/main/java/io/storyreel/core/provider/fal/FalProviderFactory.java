package io.storyreel.core.provider.fal;

import io.storyreel.core.provider.CallbackReader;
import io.storyreel.core.provider.CredentialField;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderDefaults;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.VideoProviderFactory;

import java.util.List;
import java.util.Map;

/**
 * Installs fal.ai (registered in {@code META-INF/services}): the queue host, six requests in flight per account (one
 * film's clips; fal keeps what is over the account's own limit waiting in its queue, with a position), no client-side
 * request rate (fal limits concurrency, not requests), and the address of the keys its webhooks are signed with
 * ({@code fal.webhook-jwks-url}; a test points it at the simulator's).
 */
public final class FalProviderFactory implements VideoProviderFactory {
    /** Setting: where fal publishes the Ed25519 keys of its webhook signatures. */
    public static final String JWKS_URL = "webhook-jwks-url";
    static final String DEFAULT_JWKS_URL = "https://rest.alpha.fal.ai/.well-known/jwks.json";

    @Override
    public String id() {
        return FalProvider.ID;
    }

    @Override
    public String displayName() {
        return "fal.ai";
    }

    @Override
    public List<CredentialField> credentials() {
        return FalProvider.CREDENTIALS;
    }

    @Override
    public ProviderDefaults defaults() {
        return new ProviderDefaults("https://queue.fal.run", 6, 0, Map.of(JWKS_URL, DEFAULT_JWKS_URL));
    }

    @Override
    public VideoProvider create(ProviderContext context) {
        return new FalProvider(context);
    }

    /** Without the configuration, a webhook's signature cannot be checked: every one is refused. */
    @Override
    public CallbackReader callbackReader() {
        return body -> new CallbackReader.Callback.Unreadable();
    }

    @Override
    public CallbackReader callbackReader(ProviderContext context) {
        return new FalWebhookReader(new FalWebhookKeys(context.http(), context.setting(JWKS_URL, DEFAULT_JWKS_URL),
                context.clock()), context.clock());
    }
}
