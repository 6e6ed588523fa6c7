package io.storyreel.core.conversation;

import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.VideoProvider;

import java.util.List;

/**
 * Which models can end a clip on a given photo (what bridges need), read from the providers' catalogues
 * ({@link ModelSpec#takesEndFrame}), so a bridges estimate that cannot go ahead names the ones that can.
 */
final class EndFrameModels {
    private EndFrameModels() {
    }

    /** This provider's models that take an end frame: "Kling 1.0 (std-5, pro-5)", or the label alone when every combination does. */
    static List<String> of(Capabilities caps) {
        return caps.models().stream().filter(ModelSpec::takesEndFrame)
                .map(m -> m.endFrameOnly().isEmpty() ? m.label() : m.label() + " (" + String.join(", ", m.endFrameOnly()) + ")")
                .toList();
    }

    /** The other providers (display names) with at least one model that takes an end frame. */
    static List<String> otherProviders(ChatContext ctx, String except) {
        return ctx.providers().stream().filter(p -> !p.id().equals(except))
                .filter(p -> p.capabilities().models().stream().anyMatch(ModelSpec::takesEndFrame))
                .map(VideoProvider::capabilities).map(Capabilities::displayName).toList();
    }
}
