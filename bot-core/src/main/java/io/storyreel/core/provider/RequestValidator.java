package io.storyreel.core.provider;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Checks a {@link GenerationRequest} against {@link Capabilities} before anything is spent: a known model, a valid
 * (mode, duration, resolution) combination, a prompt within the limit and parameters the model declares, within
 * their declarations. Unset choices resolve to the model's
 * first matching combination (the capability files list the cheapest usual choice first). Refusals are
 * INVALID_INPUT with the field and a sentence a user can act on.
 */
public final class RequestValidator {
    private RequestValidator() {
    }

    /** The model and the one combination the request will use. */
    public record Resolved(ModelSpec model, ModelSpec.Combination combination) {
        public String mode() {
            return combination.mode();
        }

        public String resolution() {
            return combination.resolution();
        }

        public int durationSeconds() {
            return combination.durationSeconds();
        }
    }

    public static Resolved resolve(Capabilities caps, GenerationRequest r) {
        String modelId = r.model() == null || r.model().isBlank() ? caps.defaultModel() : r.model();
        ModelSpec model = caps.model(modelId).orElseThrow(() -> invalid("model",
                caps.displayName() + " has no model '" + modelId + "'. Choose one of: "
                        + caps.models().stream().map(ModelSpec::id).collect(Collectors.joining(", ")) + "."));
        String mode = blankToNull(r.mode());
        if (mode != null && model.modes().isEmpty()) {
            mode = null; // single-mode models (Kling *-master, MiniMax): a storybook-wide mode does not apply
        }
        if (mode != null && !model.modes().contains(mode)) {
            throw invalid("mode", model.label() + " has no '" + mode + "' mode. Choose " + String.join(" or ",
                    model.modes()) + ".");
        }
        Integer duration = r.durationSeconds() > 0 ? r.durationSeconds() : null;
        String resolution = blankToNull(r.resolution());
        if (resolution != null && model.combinations().stream().allMatch(c -> c.resolution() == null)) {
            resolution = null; // resolution follows the mode (Kling): nothing to choose
        }
        if (model.matching(mode, duration, resolution).isEmpty()) {
            throw invalid(pickField(model, mode, duration, resolution), describe(model, mode, duration, resolution));
        }
        List<ModelSpec.Combination> matches = model.matching(mode, duration, resolution, r.parameters());
        if (matches.isEmpty()) {
            ParameterSpec picker = model.parameters().stream().filter(p -> p.combination() != null && !p.shapesTheClip())
                    .findFirst()
                    .orElseThrow();
            String value = ParameterValues.effective(model, model.matching(mode, duration, resolution).get(0),
                    r.parameters()).get(picker.name());
            throw invalid(picker.name(), model.label() + " cannot make these clips with " + picker.shown() + " "
                    + picker.display(value) + "; choose another duration or resolution, or another " + picker.shown()
                    + ".");
        }
        checkPrompt(caps, r.prompt(), "prompt");
        checkPrompt(caps, r.negativePrompt(), "negative_prompt");
        ParameterValues.check(caps, model, matches.get(0), r.parameters());
        return new Resolved(model, matches.get(0));
    }

    public static CostEstimate estimate(Capabilities caps, GenerationRequest r) {
        ModelSpec.Combination c = resolve(caps, r).combination();
        return new CostEstimate(c.units(), caps.currencyUnit(), c.usd());
    }

    private static void checkPrompt(Capabilities caps, String prompt, String field) {
        if (prompt != null) {
            int chars = prompt.codePointCount(0, prompt.length());
            if (chars > caps.maxPromptChars()) {
                throw invalid(field, "The caption is " + chars + " characters long; " + caps.displayName()
                        + " accepts at most " + caps.maxPromptChars() + ". Please shorten it.");
            }
        }
    }

    private static String pickField(ModelSpec m, String mode, Integer duration, String resolution) {
        if (duration != null && m.matching(mode, null, resolution).stream()
                .noneMatch(c -> c.durationSeconds() == duration)) {
            return "duration";
        }
        return resolution != null ? "resolution" : "mode";
    }

    private static String describe(ModelSpec m, String mode, Integer duration, String resolution) {
        String durations = m.matching(mode, null, resolution).stream().map(c -> String.valueOf(c.durationSeconds()))
                .distinct().collect(Collectors.joining(", "));
        StringBuilder what = new StringBuilder(m.label()).append(" cannot make ");
        if (duration != null) {
            what.append(duration).append("-second clips");
        } else {
            what.append("clips");
        }
        if (resolution != null) {
            what.append(" at ").append(resolution.toUpperCase(Locale.ROOT));
        }
        if (mode != null) {
            what.append(" in ").append(mode).append(" mode");
        }
        what.append(".");
        if (!durations.isEmpty()) {
            what.append(" It offers ").append(durations).append(" seconds there.");
        } else {
            String resolutions = m.combinations().stream().map(ModelSpec.Combination::resolution)
                    .filter(java.util.Objects::nonNull).distinct().collect(Collectors.joining(", "));
            if (!resolutions.isEmpty()) {
                what.append(" Choose ").append(resolutions).append(".");
            }
        }
        return what.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static ProviderException invalid(String field, String message) {
        return new ProviderException(ErrorKind.INVALID_INPUT, message, "client_validation", field, null, false, null);
    }
}
