package io.storyreel.core.provider.google;

import io.storyreel.core.provider.CredentialField;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderDefaults;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.VideoProviderFactory;

import java.util.List;

/**
 * Installs Google Veo on the Gemini API (registered in {@code META-INF/services}): the Gemini API host, four
 * operations in flight per key and ten creates a minute (the preview models' quota; GA models allow more, which the
 * configuration can raise). Google sends no callbacks on the Gemini API.
 */
public final class VeoProviderFactory implements VideoProviderFactory {
    @Override
    public String id() {
        return VeoProvider.ID;
    }

    @Override
    public String displayName() {
        return "Google Veo";
    }

    @Override
    public List<CredentialField> credentials() {
        return VeoProvider.CREDENTIALS;
    }

    @Override
    public ProviderDefaults defaults() {
        return new ProviderDefaults("https://generativelanguage.googleapis.com", 4, 10);
    }

    /** Veo operations take 11 s to minutes; Google's samples poll every 10 s. */
    @Override
    public java.time.Duration minPollInterval() {
        return java.time.Duration.ofSeconds(10);
    }

    @Override
    public VideoProvider create(ProviderContext context) {
        return new VeoProvider(context);
    }
}
