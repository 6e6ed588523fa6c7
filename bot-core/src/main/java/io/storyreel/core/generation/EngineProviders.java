package io.storyreel.core.generation;

import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storybook.ClipPlan;
import io.storyreel.core.storybook.StorybookSettings;

import java.util.Map;
import java.util.Optional;

/**
 * The providers the engine may use, by id, and how a storybook's settings resolve against one of them: through
 * {@link ClipPlan}, the same resolution the conversation's estimate used, so what is made is what was priced.
 */
final class EngineProviders {
    private final Map<String, VideoProvider> byId;

    EngineProviders(Map<String, VideoProvider> byId) {
        this.byId = Map.copyOf(byId);
    }

    /** The provider, or a refusal when this bot does not offer it. */
    VideoProvider get(String id) {
        VideoProvider p = byId.get(id);
        if (p == null) {
            throw new GenerationRefusedException(EngineReason.detailed(EngineReason.Kind.PROVIDER_UNAVAILABLE, null, 0, id));
        }
        return p;
    }

    Optional<VideoProvider> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** The clips' model and settings, or a refusal when the provider cannot make what the storybook asks for. */
    ClipPlan plan(VideoProvider p, StorybookSettings settings) {
        return ClipPlan.resolve(p, settings).orElseThrow(() -> {
            ClipPlan.Problem why = ClipPlan.problem(p, settings);
            return new GenerationRefusedException(EngineReason.detailed(EngineReason.Kind.NO_PLAN,
                    p.capabilities().displayName(), 0, why.model()));
        });
    }

    /**
     * The provider account a clip runs under (its concurrency bound and its queue): the provider and the fingerprint
     * of the payer's keys, so members sharing one account share its slots, and a key never appears.
     */
    static String account(String provider, String keyFingerprint) {
        return provider + ":" + keyFingerprint;
    }
}
