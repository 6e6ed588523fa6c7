package io.storyreel.app.demo;

import io.storyreel.core.provider.Capabilities;
import io.storyreel.core.provider.ModelSpec;
import io.storyreel.core.provider.registry.CapabilitiesLoader;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /settings} lines the demo's user types for {@code --mode} and {@code --aspect}. For bridges the user
 * picks, as the bot's own refusal would tell them to, a model of the provider that can end a clip on the next photo
 * (the provider's default when it can), in a combination that can: read from the provider's bundled catalogue, so
 * the demo follows the catalogue rather than a list of its own.
 */
public final class DemoSettings {
    private DemoSettings() {
    }

    /** The lines, without {@code /settings}; empty for clips with the first photo's shape. */
    public static List<String> lines(String provider, boolean bridges, String aspect) {
        List<String> out = new ArrayList<>();
        if (bridges) {
            out.addAll(endFrameModel(CapabilitiesLoader.bundled(provider)));
            out.add("film bridges");
        }
        if (aspect != null) {
            out.add("aspect " + aspect);
        }
        return out;
    }

    private static List<String> endFrameModel(Capabilities caps) {
        ModelSpec model = caps.model(caps.defaultModel()).filter(ModelSpec::takesEndFrame)
                .or(() -> caps.models().stream().filter(ModelSpec::takesEndFrame).findFirst())
                .orElseThrow(() -> new IllegalArgumentException(caps.displayName()
                        + " has no model that can end a clip on the next photo; bridges need one"));
        ModelSpec.Combination first = model.combinations().get(0);
        ModelSpec.Combination c = model.takesEndFrame(first) ? first
                : model.combinations().stream().filter(model::takesEndFrame).findFirst().orElseThrow();
        List<String> out = new ArrayList<>();
        out.add("model " + model.id());
        if (c.mode() != null) {
            out.add("mode " + c.mode());
        }
        out.add("duration " + c.durationSeconds());
        if (c.resolution() != null) {
            out.add("resolution " + c.resolution());
        }
        return out;
    }
}
