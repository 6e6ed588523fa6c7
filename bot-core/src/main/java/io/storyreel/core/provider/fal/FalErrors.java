package io.storyreel.core.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.http.JsonReply;
import io.storyreel.core.provider.http.RetryAfter;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * fal's answers (spec providers-next §2.2, §2.7) as taxonomy errors with the {@link Problem} a user can act on: 401
 * a key fal does not know, 403 a locked account ("Exhausted balance"), 422 the model's own refusal
 * ({@code detail[]} with {@code loc}, {@code msg}, {@code type}; {@code content_policy_violation} is the content
 * check), 429 and 5xx ({@code error_type}, {@code X-Fal-Error-Type}) fal's own trouble. Raw codes are
 * {@code "fal:<error type or http status>"}. Sentences name no chat command and never the key.
 */
final class FalErrors {
    static final String NAME = "fal.ai";

    private FalErrors() {
    }

    /** The error a non-2xx answer means. */
    static ProviderException from(JsonReply reply, Clock clock) {
        int status = reply.status();
        Duration retryAfter = RetryAfter.parse(reply.header("Retry-After"), clock);
        String detail = detail(reply);
        String type = errorType(reply);
        String raw = "fal:" + (type != null ? type : "http_" + status);
        if (status == 401) {
            return err(Problem.KEYS_REJECTED, "fal.ai did not accept your API key. Check it on fal.ai/dashboard/keys "
                    + "and set it again.", raw);
        }
        if (status == 403) {
            String d = detail == null ? "" : detail.toLowerCase(Locale.ROOT);
            if (d.contains("balance") || d.contains("locked")) {
                return err(Problem.NO_CREDIT, "Your fal.ai balance is used up. Top it up at fal.ai/dashboard/billing, "
                        + "then try again.", "fal:exhausted_balance");
            }
            return problem(Problem.ACCOUNT_PROBLEM).raw(raw).detail(clip(detail))
                    .message("fal.ai refused your account" + (detail == null ? "." : ": " + clip(detail))).build();
        }
        if (status == 422) {
            return modelError(reply);
        }
        if (status == 429) {
            return problem(Problem.RATE_LIMITED).raw(raw).retryAfter(retryAfter)
                    .message("fal.ai is limiting how fast we send requests; retrying shortly.").build();
        }
        if (status >= 500 || status == 408) {
            return problem(Problem.PROVIDER_TROUBLE).raw(raw).retryAfter(retryAfter).detail(clip(detail))
                    .message("fal.ai is having trouble right now" + (type == null ? "" : " (" + type + ")")
                            + "; retrying shortly.").build();
        }
        if (status == 404) {
            return problem(Problem.TASK_UNKNOWN).raw(raw).detail(clip(detail))
                    .message("fal.ai does not know this request or model.").build();
        }
        return problem(Problem.INPUT_REFUSED).raw(raw).detail(clip(detail))
                .message("fal.ai refused the request" + (detail == null ? "." : ": " + clip(detail))).build();
    }

    /**
     * A model's refusal: {@code detail} is a list of {@code {loc, msg, type}} (or, from older endpoints, one string).
     * The content check ({@code content_policy_violation}) is a content refusal; anything else names the field.
     */
    static ProviderException modelError(JsonReply reply) {
        JsonNode d = reply.hasJson() ? reply.json().get("detail") : null;
        JsonNode first = d != null && d.isArray() && !d.isEmpty() ? d.get(0) : null;
        String type = first == null ? null : first.path("type").asText(null);
        String msg = first != null ? first.path("msg").asText("") : d != null && d.isTextual() ? d.asText() : "";
        String field = first == null ? null : field(first.path("loc"));
        if ("content_policy_violation".equals(type)) {
            return problem(Problem.CONTENT_REFUSED).raw("fal:content_policy_violation").detail(clip(msg))
                    .field(field != null && field.contains("image") ? "image" : field == null ? null : "prompt")
                    .message("fal.ai's content check rejected this scene. Try a different photo or caption.").build();
        }
        return problem(Problem.INPUT_REFUSED).raw("fal:" + (type == null ? "http_422" : type)).field(field)
                .detail(clip(msg)).message("fal.ai refused the request" + (msg.isBlank() ? "." : ": " + clip(msg)))
                .build();
    }

    /** {@code error_type} in the body, else the {@code X-Fal-Error-Type} header, else null. */
    static String errorType(JsonReply reply) {
        if (reply.hasJson() && reply.json().hasNonNull("error_type")) {
            return reply.json().get("error_type").asText();
        }
        String h = reply.header("X-Fal-Error-Type");
        return h == null || h.isBlank() ? null : h.trim();
    }

    /** {@code detail} when it is one sentence, the first entry's {@code msg} when it is a list, else null. */
    static String detail(JsonReply reply) {
        if (!reply.hasJson()) {
            return null;
        }
        JsonNode d = reply.json().get("detail");
        if (d == null || d.isNull()) {
            return null;
        }
        if (d.isTextual()) {
            return d.asText();
        }
        return d.isArray() && !d.isEmpty() ? d.get(0).path("msg").asText(null) : null;
    }

    static ProviderException.Builder problem(Problem problem) {
        return ProviderException.problem(problem).provider(NAME);
    }

    private static ProviderException err(Problem problem, String message, String raw) {
        return problem(problem).raw(raw).message(message).build();
    }

    /** {@code loc: ["body", "image_url"]} names {@code image_url}. */
    private static String field(JsonNode loc) {
        if (!loc.isArray() || loc.isEmpty()) {
            return null;
        }
        JsonNode last = loc.get(loc.size() - 1);
        return last.isTextual() && !"body".equals(last.asText()) ? last.asText() : null;
    }

    static String clip(String s) {
        if (s == null) {
            return null;
        }
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
