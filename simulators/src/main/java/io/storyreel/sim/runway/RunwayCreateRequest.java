package io.storyreel.sim.runway;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.taskapi.ProbedImage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A validated {@code POST /v1/image_to_video} body (spec providers-next §1.2, §1.3): the discriminated union on
 * {@code model}, each model's required fields, enums, ranges and {@code promptImage} positions, prompt lengths in
 * UTF-16 code units, and unknown keys refused per model. Structure is checked first and every problem reported at
 * once; only a structurally valid body has its images fetched.
 *
 * @param first      the first frame (for Seedance reference mode, the first reference image)
 * @param last       the last frame, or null
 * @param ratio      the output size {@code W:H}, or null when the model follows the image
 * @param resolution {@code 720P}/{@code 1080P} for the models that take it, else null
 */
record RunwayCreateRequest(RunwayModel model, int duration, String ratio, String resolution, boolean sound,
                           ProbedImage first, ProbedImage last, String promptText) {

    private static final Set<String> COMMON_KEYS = Set.of("model", "promptImage", "promptText", "ratio", "duration");
    private static final long MAX_SEED = 4_294_967_295L;
    private static final int MAX_REFERENCES = 4;

    /** One {@code promptImage} entry before its URI is resolved; {@code position} null = a reference image. */
    private record ImageRef(String uri, String position, List<Object> path) {
    }

    static RunwayCreateRequest read(JsonNode body, Map<String, RunwayModel> models, RunwayAssets assets)
            throws RunwayError {
        if (body == null || !body.isObject()) {
            throw RunwayError.of(400, "Invalid JSON body.");
        }
        RunwayIssues issues = new RunwayIssues();
        JsonNode m = body.path("model");
        RunwayModel model = m.isTextual() ? models.get(m.asText()) : null;
        if (model == null) {
            issues.invalidValue(List.of("model"), models.keySet());
            issues.throwIfAny();
        }
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!COMMON_KEYS.contains(key) && !model.extraKeys().contains(key)) {
                unknown.add(key);
            }
        }
        if (model.ratios().isEmpty() && body.has("ratio")) {
            unknown.add("ratio");
        }
        if (!unknown.isEmpty()) {
            issues.unrecognizedKeys(List.of(), unknown);
        }

        int duration = duration(body.path("duration"), model, issues);
        String ratio = null;
        if (!model.ratios().isEmpty()) {
            JsonNode r = body.path("ratio");
            if (r.isMissingNode() && !model.ratioRequired()) {
                ratio = model.defaultRatio().orElseThrow();
            } else if (!r.isTextual() || !model.ratios().contains(r.asText())) {
                issues.invalidValue(List.of("ratio"), model.ratios());
            } else {
                ratio = r.asText();
            }
        }
        String resolution = null;
        if (model.extraKeys().contains("resolution")) {
            JsonNode r = body.path("resolution");
            resolution = r.isMissingNode() ? "720P" : r.asText();
            if (!r.isMissingNode() && !(r.isTextual() && Set.of("720P", "1080P").contains(r.asText()))) {
                issues.invalidValue(List.of("resolution"), List.of("720P", "1080P"));
            }
        }
        String prompt = promptText(body.path("promptText"), model, issues);
        boolean audio = true;
        if (body.has("audio") && model.extraKeys().contains("audio")) {
            if (!body.get("audio").isBoolean()) {
                issues.invalidType(List.of("audio"), "boolean", body.get("audio"));
            } else {
                audio = body.get("audio").asBoolean();
            }
        }
        optionalFields(body, model, prompt, issues);
        List<ImageRef> refs = promptImage(body.path("promptImage"), model, issues);
        issues.throwIfAny();

        ProbedImage first = null;
        ProbedImage last = null;
        for (ImageRef ref : refs) {
            ProbedImage img = assets.resolve(ref.uri(), ref.path(), issues).orElse(null);
            if ("last".equals(ref.position())) {
                last = img;
            } else if (first == null) {
                first = img;
            }
        }
        issues.throwIfAny();
        return new RunwayCreateRequest(model, duration, ratio, resolution, model.makesSound(audio), first, last,
                prompt);
    }

    int credits() {
        return model.creditsFor(duration, sound);
    }

    private static int duration(JsonNode d, RunwayModel model, RunwayIssues issues) {
        List<Object> path = List.of("duration");
        if (d.isMissingNode()) {
            if (model.durationRequired()) {
                issues.invalidType(path, "int", d);
            }
            return model.defaultDuration();
        }
        if (!d.isIntegralNumber() && !(d.isNumber() && d.asDouble() == Math.rint(d.asDouble()))) {
            issues.invalidType(path, "int", d);
            return model.defaultDuration();
        }
        int value = d.asInt();
        List<Integer> allowed = model.durations();
        boolean contiguous = allowed.get(allowed.size() - 1) - allowed.get(0) == allowed.size() - 1;
        if (contiguous && value > allowed.get(allowed.size() - 1)) {
            issues.tooBig(path, "number", allowed.get(allowed.size() - 1));
        } else if (contiguous && value < allowed.get(0)) {
            issues.tooSmall(path, "number", allowed.get(0));
        } else if (!allowed.contains(value)) {
            issues.invalidValue(path, allowed);
        }
        return value;
    }

    private static String promptText(JsonNode p, RunwayModel model, RunwayIssues issues) {
        List<Object> path = List.of("promptText");
        if (p.isMissingNode()) {
            if (model.promptRequired()) {
                issues.invalidType(path, "string", p);
            }
            return null;
        }
        if (!p.isTextual()) {
            issues.invalidType(path, "string", p);
            return null;
        }
        String text = p.asText();
        if (model.promptRequired() && text.isEmpty()) {
            issues.tooSmall(path, "string", 1);
        }
        if (text.length() > model.promptMax()) { // String.length() counts UTF-16 code units, as Runway does
            issues.tooBig(path, "string", model.promptMax());
        }
        return text;
    }

    private static void optionalFields(JsonNode body, RunwayModel model, String prompt, RunwayIssues issues) {
        JsonNode seed = body.get("seed");
        if (seed != null && model.extraKeys().contains("seed")) {
            if (!seed.isIntegralNumber()) {
                issues.invalidType(List.of("seed"), "int", seed);
            } else if (seed.asLong() < 0) {
                issues.tooSmall(List.of("seed"), "number", 0);
            } else if (seed.asLong() > MAX_SEED) {
                issues.tooBig(List.of("seed"), "number", MAX_SEED);
            }
        }
        JsonNode cm = body.get("contentModeration");
        if (cm != null && model.extraKeys().contains("contentModeration")) {
            if (!cm.isObject()) {
                issues.invalidType(List.of("contentModeration"), "object", cm);
            } else {
                Set<String> extra = new TreeSet<>();
                cm.fieldNames().forEachRemaining(k -> {
                    if (!k.equals("publicFigureThreshold")) {
                        extra.add(k);
                    }
                });
                if (!extra.isEmpty()) {
                    issues.unrecognizedKeys(List.of("contentModeration"), extra);
                }
                JsonNode t = cm.get("publicFigureThreshold");
                if (t != null && !(t.isTextual() && Set.of("auto", "low").contains(t.asText()))) {
                    issues.invalidValue(List.of("contentModeration", "publicFigureThreshold"), List.of("auto", "low"));
                }
            }
        }
        JsonNode np = body.get("negativePrompt");
        if (np != null && model.extraKeys().contains("negativePrompt") && !np.isTextual()) {
            issues.invalidType(List.of("negativePrompt"), "string", np);
        }
        JsonNode ra = body.get("referenceAudio");
        if (ra != null && model.extraKeys().contains("referenceAudio")) {
            if (!ra.isArray()) {
                issues.invalidType(List.of("referenceAudio"), "array", ra);
            } else if (ra.size() > 0 && (prompt == null || prompt.isBlank())) {
                issues.custom(List.of("promptText"), "promptText is required when referenceAudio is provided.");
            }
        }
    }

    private static List<ImageRef> promptImage(JsonNode p, RunwayModel model, RunwayIssues issues) {
        List<Object> path = List.of("promptImage");
        List<ImageRef> refs = new ArrayList<>();
        if (p.isTextual()) {
            refs.add(new ImageRef(p.asText(), "first", path));
            return refs;
        }
        if (!p.isArray()) {
            issues.invalidType(path, "string | array", p);
            return refs;
        }
        if (p.isEmpty()) {
            issues.tooSmall(path, "array", 1);
            return refs;
        }
        List<String> positions = switch (model.frames()) {
            case FIRST_ONLY -> List.of("first");
            case FIRST_AND_LAST, KEYFRAMES_OR_REFERENCES -> List.of("first", "last");
        };
        boolean references = model.frames() == RunwayModel.Frames.KEYFRAMES_OR_REFERENCES;
        int firsts = 0;
        int lasts = 0;
        int unpositioned = 0;
        for (int i = 0; i < p.size(); i++) {
            JsonNode item = p.get(i);
            List<Object> at = List.of("promptImage", i);
            if (!item.isObject()) {
                issues.invalidType(at, "object", item);
                continue;
            }
            Set<String> extra = new TreeSet<>();
            item.fieldNames().forEachRemaining(k -> {
                if (!k.equals("uri") && !k.equals("position")) {
                    extra.add(k);
                }
            });
            if (!extra.isEmpty()) {
                issues.unrecognizedKeys(at, extra);
            }
            JsonNode uri = item.path("uri");
            if (!uri.isTextual()) {
                issues.invalidType(List.of("promptImage", i, "uri"), "string", uri);
            }
            JsonNode pos = item.path("position");
            String position = null;
            if (pos.isMissingNode() && references) {
                unpositioned++;
            } else if (!pos.isTextual() || !positions.contains(pos.asText())) {
                issues.invalidValue(List.of("promptImage", i, "position"), positions);
            } else {
                position = pos.asText();
                if (position.equals("first")) {
                    firsts++;
                } else {
                    lasts++;
                }
            }
            if (uri.isTextual()) {
                refs.add(new ImageRef(uri.asText(), position, List.of("promptImage", i, "uri")));
            }
        }
        if (firsts > 1 || lasts > 1) {
            issues.custom(path, "Each position may only be used once.");
        }
        if (lasts > 0 && firsts == 0) {
            issues.custom(path, "A first frame is required when a last frame is provided.");
        }
        if (unpositioned > 0 && firsts + lasts > 0) {
            issues.custom(path, "Keyframe images (with a position) and reference images (without a position) "
                    + "cannot be mixed.");
        }
        if (unpositioned > MAX_REFERENCES) {
            issues.tooBig(path, "array", MAX_REFERENCES);
        }
        if (unpositioned == 0 && p.size() > 2) {
            issues.tooBig(path, "array", 2);
        }
        return refs;
    }
}
