package io.storyreel.core.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderException;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google's errors (spec §3.5, §3.3) as taxonomy errors with the {@link Problem} a user can act on: the
 * {@code {"error": {code, message, status, details}}} of an HTTP answer, and a finished operation's {@code error}
 * (whose {@code code} may be a {@code google.rpc.Code} number rather than an HTTP status). Raw codes are kept as
 * {@code "http:<status>"} or {@code "veo:<code>"}. Sentences name no chat command.
 */
final class VeoErrors {
    static final String NAME = "Google Veo";

    /** Answered with one of these, a create made no operation (spec §7: the retry-safe errors). */
    static final Set<Integer> CREATE_REFUSED_RETRYABLE = Set.of(429, 500, 503);

    private static final Pattern SECONDS = Pattern.compile("(\\d+(?:\\.\\d+)?)s");

    private VeoErrors() {
    }

    static ProviderException fromHttp(int status, JsonNode body, Duration retryAfter) {
        JsonNode error = body == null ? null : body.path("error");
        String message = error == null ? "" : error.path("message").asText("");
        String state = error == null ? "" : error.path("status").asText("");
        String raw = "http:" + status + (state.isEmpty() ? "" : ":" + state);
        Duration wait = retryAfter != null ? retryAfter : retryDelay(error);
        if (keyRejected(status, error, message)) {
            return problem(Problem.KEYS_REJECTED).raw(raw).message("Google did not accept your Gemini API key. "
                    + "Check it (it comes from Google AI Studio) and set it again.").build();
        }
        return switch (status) {
            case 400 -> problem(Problem.INPUT_REFUSED).raw(raw).detail(clip(message))
                    .field(field(message)).message("Google Veo refused the request: " + clip(message)).build();
            case 401 -> problem(Problem.KEYS_REJECTED).raw(raw).message("Google did not accept your Gemini API key. "
                    + "Check it and set it again.").build();
            case 403 -> billing(message)
                    ? problem(Problem.NO_CREDIT).raw(raw).message("Google Veo needs a paid Gemini API plan with "
                    + "billing (the free tier has no Veo). Turn on billing for the key's project in Google AI Studio, "
                    + "then try again.").build()
                    : problem(Problem.ACCOUNT_PROBLEM).raw(raw).detail(clip(message)).message("Google refused "
                    + "this for your key's project: " + clip(message)).build();
            case 404 -> problem(Problem.MODEL_NOT_ALLOWED).raw(raw).field("model").detail(clip(message))
                    .message("Google no longer offers this Veo model (or the operation is gone). Choose another "
                            + "model.").build();
            case 429 -> problem(Problem.RATE_LIMITED).raw(raw).retryAfter(wait).message("Your Google quota for Veo "
                    + "is used up for now; trying again shortly.").build();
            case 408, 500, 502, 503, 504 -> problem(Problem.PROVIDER_TROUBLE).raw(raw).retryAfter(wait)
                    .message("Google Veo is overloaded or having trouble right now; retrying shortly.").build();
            default -> problem(Problem.UNEXPECTED_ANSWER).raw(raw).detail(clip(message))
                    .message("Google Veo gave an unexpected answer (HTTP " + status + ").").build();
        };
    }

    /**
     * A finished operation with an {@code error}. Its {@code code} is a {@code google.rpc.Code} (3 invalid argument,
     * 7 permission denied, 8 resource exhausted, 13 internal, 14 unavailable, ...) or, in some answers, an HTTP status.
     */
    static ProviderException operationFailed(Integer code, String message) {
        String msg = message == null ? "" : message;
        String lower = msg.toLowerCase(Locale.ROOT);
        String raw = "veo:" + (code == null ? "error" : code);
        if (lower.contains("safety") || lower.contains("responsible ai") || lower.contains("policy")
                || lower.contains("blocked")) {
            return problem(Problem.CONTENT_REFUSED).raw(raw).detail(clip(msg)).message("Google's safety filter "
                    + "refused this scene" + (msg.isBlank() ? "." : ": " + clip(msg))).build();
        }
        int c = code == null ? -1 : code;
        return switch (c) {
            case 3, 400 -> problem(Problem.INPUT_REFUSED).raw(raw).detail(clip(msg))
                    .message("Google Veo refused the request: " + clip(msg)).build();
            case 7, 403 -> problem(Problem.ACCOUNT_PROBLEM).raw(raw).detail(clip(msg))
                    .message("Google refused this for your key's project: " + clip(msg)).build();
            case 8, 429 -> problem(Problem.RATE_LIMITED).raw(raw).retryable(false)
                    .message("Your Google quota for Veo ran out while this clip was being made.").build();
            case 4, 13, 14, 500, 503, 504 -> problem(Problem.PROVIDER_TROUBLE).raw(raw)
                    .message("Google Veo had trouble making this clip; trying again may work.").build();
            default -> problem(Problem.TASK_FAILED).raw(raw).detail(clip(msg))
                    .message("Google Veo could not make this clip" + (msg.isBlank() ? "." : ": " + clip(msg)))
                    .build();
        };
    }

    /** Done with no video: Google's safety filter held the output back (a content refusal, never retried). */
    static ProviderException filtered(java.util.List<String> reasons) {
        if (reasons.isEmpty()) {
            return problem(Problem.TASK_FAILED).raw("veo:no_video").message("Google Veo finished without a video.")
                    .build();
        }
        String why = clip(reasons.get(0));
        return problem(Problem.CONTENT_REFUSED).raw("veo:rai_filtered").detail(why).retryable(false)
                .message("Google's safety filter held back the video: " + why + " Try a different photo or caption.")
                .build();
    }

    /** A Google error with the provider's name already set. */
    static ProviderException.Builder problem(Problem problem) {
        return ProviderException.problem(problem).provider(NAME);
    }

    /** A wrong key is 400 {@code INVALID_ARGUMENT} with reason {@code API_KEY_INVALID}, or 401/403. */
    private static boolean keyRejected(int status, JsonNode error, String message) {
        if (error != null) {
            for (JsonNode d : error.path("details")) {
                if (d.path("reason").asText("").startsWith("API_KEY")) {
                    return true;
                }
            }
        }
        String lower = message.toLowerCase(Locale.ROOT);
        return (status == 400 || status == 401 || status == 403)
                && (lower.contains("api key not valid") || lower.contains("unregistered callers")
                || lower.contains("api key expired"));
    }

    private static boolean billing(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("billing") || lower.contains("paid tier") || lower.contains("credit")
                || lower.contains("free tier");
    }

    /** A {@code google.rpc.RetryInfo} detail's {@code retryDelay} ({@code "37s"}). */
    private static Duration retryDelay(JsonNode error) {
        if (error == null) {
            return null;
        }
        for (JsonNode d : error.path("details")) {
            if (d.path("@type").asText("").endsWith("RetryInfo")) {
                Matcher m = SECONDS.matcher(d.path("retryDelay").asText(""));
                if (m.matches()) {
                    return Duration.ofMillis((long) (Double.parseDouble(m.group(1)) * 1000));
                }
            }
        }
        return null;
    }

    private static String field(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        for (String f : new String[]{"durationSeconds", "aspectRatio", "resolution", "lastFrame", "referenceImages",
                "negativePrompt", "personGeneration", "image", "prompt"}) {
            if (lower.contains(f.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }

    private static String clip(String s) {
        String oneLine = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
