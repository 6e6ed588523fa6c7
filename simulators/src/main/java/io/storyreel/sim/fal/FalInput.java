package io.storyreel.sim.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.sim.taskapi.ImageFetcher;
import io.storyreel.sim.taskapi.ProbedImage;
import io.storyreel.sim.taskapi.SimExchange;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A model input checked against its schema as fal's pydantic models check it (spec providers-next §2.9): required
 * fields, types, enums (sent as strings; numbers are taken too, as the spec asks), ranges, list sizes, the rule across
 * fields, and the images fetched and decoded. Unknown fields are ignored (the spec's assumption) unless
 * {@link FalOptions#rejectUnknownFields()}. Every problem is reported at once.
 *
 * <p>Choices: pydantic 2's types and wording for schema errors ({@code missing} "Field required",
 * {@code literal_error} "Input should be 'a' or 'b'", {@code string_type}, {@code bool_type}, {@code int_type},
 * {@code float_type}, {@code list_type}, {@code greater_than_equal}, {@code less_than_equal}, {@code string_too_long},
 * {@code too_long}, {@code extra_forbidden}, {@code value_error}); fal's own documented types for files
 * ({@code file_download_error}, {@code image_load_error}). Images of at most 20 MB.
 *
 * @param values the input with every default filled in and enums as strings
 */
record FalInput(FalModel model, Map<String, JsonNode> values, ProbedImage start, ProbedImage end,
                FalModel.Clip clip, BigDecimal price) {

    static final long MAX_IMAGE_BYTES = 20L * 1024 * 1024;
    private static final Pattern DATA_URI = Pattern.compile("^data:([^;,]*)((?:;[^;,]*)*),(.*)$", Pattern.DOTALL);

    static FalInput read(FalModel model, JsonNode body, FalOptions options, ImageFetcher fetcher) throws FalError {
        ArrayNode problems = SimExchange.JSON.createArrayNode();
        if (body == null || !body.isObject()) {
            problems.add(FalError.item(null, "Input should be a valid dictionary", "dict_type"));
            throw FalError.model(problems, false);
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Set<String> known = new HashSet<>();
        for (FalField f : model.fields()) {
            known.add(f.name());
            JsonNode v = body.get(f.name());
            if (v == null || v.isNull()) {
                if (f.required()) {
                    problems.add(withInput(FalError.item(f.name(), "Field required", "missing"), body));
                } else if (f.defaultValue() != null) {
                    values.put(f.name(), f.defaultValue());
                }
                continue;
            }
            ObjectNode problem = check(f, v);
            if (problem != null) {
                problems.add(withInput(problem, v));
            } else {
                values.put(f.name(), f.kind() == FalField.Kind.ENUM ? SimExchange.JSON.getNodeFactory()
                        .textNode(v.isNumber() ? v.asText() : v.textValue()) : v);
            }
        }
        if (options.rejectUnknownFields()) {
            for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!known.contains(name)) {
                    problems.add(withInput(FalError.item(name, "Extra inputs are not permitted", "extra_forbidden"),
                            body.get(name)));
                }
            }
        }
        if (problems.isEmpty()) {
            model.rule().apply(values).ifPresent(b -> problems.add(FalError.item(b.field(),
                    "Value error, " + b.message(), "value_error")));
        }
        if (!problems.isEmpty()) {
            throw FalError.model(problems, false);
        }
        ProbedImage start = image(model.startImage(), values, options, fetcher, problems);
        ProbedImage end = model.endImage() == null ? null : image(model.endImage(), values, options, fetcher,
                problems);
        if (!problems.isEmpty()) {
            throw FalError.model(problems, false);
        }
        FalModel.Clip clip = model.clip().apply(values);
        return new FalInput(model, values, start, end, clip, model.price().apply(values, clip));
    }

    private static ObjectNode check(FalField f, JsonNode v) {
        String name = f.name();
        switch (f.kind()) {
            case STRING, IMAGE_URL, FILE_URL -> {
                if (!v.isTextual()) {
                    return FalError.item(name, "Input should be a valid string", "string_type");
                }
                if (!Double.isNaN(f.max()) && v.asText().length() > f.max()) {
                    return FalError.item(name, "String should have at most " + (long) f.max() + " characters",
                            "string_too_long");
                }
            }
            case BOOL -> {
                if (!v.isBoolean()) {
                    return FalError.item(name, "Input should be a valid boolean", "bool_type");
                }
            }
            case INT, FLOAT -> {
                boolean integer = f.kind() == FalField.Kind.INT;
                if (integer ? !v.isIntegralNumber() : !v.isNumber()) {
                    return integer ? FalError.item(name, "Input should be a valid integer", "int_type")
                            : FalError.item(name, "Input should be a valid number", "float_type");
                }
                if (!Double.isNaN(f.min()) && v.asDouble() < f.min()) {
                    return FalError.item(name, "Input should be greater than or equal to " + number(f.min()),
                            "greater_than_equal");
                }
                if (!Double.isNaN(f.max()) && v.asDouble() > f.max()) {
                    return FalError.item(name, "Input should be less than or equal to " + number(f.max()),
                            "less_than_equal");
                }
            }
            case ENUM -> {
                String given = v.isTextual() ? v.asText() : v.isIntegralNumber() ? v.asText() : null;
                if (given == null || !f.choices().contains(given)) {
                    ObjectNode n = FalError.item(name, "Input should be " + orList(f.choices()), "literal_error");
                    n.putObject("ctx").put("expected", orList(f.choices()));
                    return n;
                }
            }
            case LIST -> {
                if (!v.isArray()) {
                    return FalError.item(name, "Input should be a valid list", "list_type");
                }
                if (!Double.isNaN(f.max()) && v.size() > f.max()) {
                    return FalError.item(name, "List should have at most " + (long) f.max() + " items after "
                            + "validation, not " + v.size(), "too_long");
                }
            }
        }
        return null;
    }

    private static ProbedImage image(String field, Map<String, JsonNode> values, FalOptions options,
                                     ImageFetcher fetcher, ArrayNode problems) {
        JsonNode v = values.get(field);
        if (v == null) {
            return null;
        }
        String url = v.asText();
        byte[] bytes;
        try {
            Matcher m = DATA_URI.matcher(url);
            if (options.acceptDataUris() && m.matches()) {
                bytes = Base64.getDecoder().decode(m.group(3));
            } else {
                bytes = fetcher.fetch(url, MAX_IMAGE_BYTES);
            }
        } catch (IOException | IllegalArgumentException e) {
            problems.add(withInput(FalError.item(field, "Failed to download the file. Please check if the URL is "
                    + "accessible and try again.", "file_download_error"), v));
            return null;
        }
        return ProbedImage.probe(bytes).orElseGet(() -> {
            problems.add(withInput(FalError.item(field, "Failed to load the image. Please ensure the image file is "
                    + "not corrupted and is in a supported format.", "image_load_error"), v));
            return null;
        });
    }

    private static ObjectNode withInput(ObjectNode item, JsonNode input) {
        JsonNode shown = input.isTextual() && input.asText().length() > 200
                ? SimExchange.JSON.getNodeFactory().textNode(input.asText().substring(0, 200) + "…") : input;
        item.set("input", shown.isObject() ? SimExchange.JSON.createObjectNode() : shown);
        return item;
    }

    private static String orList(List<String> choices) {
        List<String> quoted = choices.stream().map(c -> "'" + c + "'").collect(Collectors.toList());
        if (quoted.size() == 1) {
            return quoted.get(0);
        }
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
