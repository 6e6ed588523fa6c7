package io.storyreel.core.provider.runway;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runway's errors (spec §1.6, §1.4) as taxonomy errors with the {@link Problem} a user can act on: HTTP statuses with
 * their {@code {"error": …, "issues": [...]}} bodies, and a failed task's {@code failureCode}. Raw codes are kept as
 * {@code "http:<status>"} or {@code "runway:<failureCode>"}. Runway asks that its {@code failure} text not be shown to
 * users, so it goes to the logs only. Sentences name no chat command.
 */
final class RunwayErrors {
    static final String NAME = "Runway";

    /** Answered with one of these, a create made no task (spec §7: the retry-safe errors). */
    static final Set<Integer> CREATE_REFUSED_RETRYABLE = Set.of(429, 502, 503, 504);

    private RunwayErrors() {
    }

    static ProviderException fromHttp(int status, JsonNode body, Duration retryAfter) {
        String raw = "http:" + status;
        String error = body == null ? "" : body.path("error").asText("");
        String lower = error.toLowerCase(Locale.ROOT);
        if (lower.contains("enough credits")) {
            return problem(Problem.NO_CREDIT).raw(raw).message("Your Runway account has too few credits for this "
                    + "clip. Buy credits in the Runway developer portal, then try again.").build();
        }
        if (lower.contains("on-behalf-of")) {
            return problem(Problem.ACCOUNT_PROBLEM).raw(raw).detail(clip(error)).message("Your Runway organisation "
                    + "needs a partner header that this bot does not send. Use a key of an ordinary Runway "
                    + "developer account.").build();
        }
        return switch (status) {
            case 400, 422 -> invalid(raw, error, body);
            case 401 -> problem(Problem.KEYS_REJECTED).raw(raw).message("Runway did not accept your API key (it may "
                    + "be wrong or disabled, or the account suspended). Check it and set it again.").build();
            case 403 -> problem(Problem.ACCOUNT_PROBLEM).raw(raw).detail(clip(error)).message("Runway refused this "
                    + "request for your account. Check your organisation in the Runway developer portal.").build();
            case 404 -> problem(Problem.TASK_UNKNOWN).raw(raw).message("Runway has no such task.").build();
            case 429 -> problem(Problem.RATE_LIMITED).raw(raw).retryAfter(retryAfter).message("Runway's limits for "
                    + "your account are reached for now (generations per day); trying again later.").build();
            case 408, 500, 502, 503, 504 -> problem(Problem.PROVIDER_TROUBLE).raw(raw).retryAfter(retryAfter)
                    .message("Runway is overloaded or having trouble right now; retrying shortly.").build();
            default -> problem(Problem.UNEXPECTED_ANSWER).raw(raw).detail(clip(error))
                    .message("Runway gave an unexpected answer (HTTP " + status + ").").build();
        };
    }

    /**
     * A FAILED task: {@code SAFETY.INPUT.*} and {@code SAFETY.OUTPUT.*} are content refusals (never retried),
     * {@code ASSET.*} a photo Runway could not use, {@code INTERNAL.BAD_OUTPUT.*} a clip Runway rejected itself
     * (another try may work; text or graphics in the photo are a known cause), {@code INTERNAL*} Runway's own trouble.
     */
    static ProviderException taskFailed(String failureCode) {
        String code = failureCode == null ? "" : failureCode.trim().toUpperCase(Locale.ROOT);
        String raw = "runway:" + (code.isEmpty() ? "FAILED" : code);
        if (code.startsWith("SAFETY.INPUT")) {
            boolean text = code.endsWith(".TEXT");
            return problem(Problem.CONTENT_REFUSED).raw(raw).field(text ? "prompt" : "image")
                    .message("Runway's content check refused this " + (text ? "caption" : "photo")
                            + ". Try a different " + (text ? "caption" : "photo") + ".").build();
        }
        if (code.startsWith("SAFETY")) {
            return problem(Problem.CONTENT_REFUSED).raw(raw).message("Runway's content check refused the finished "
                    + "video. Try a different photo or caption.").build();
        }
        if (code.startsWith("ASSET")) {
            return problem(Problem.INPUT_REFUSED).raw(raw).field("image").message("Runway could not use this "
                    + "photo. Try another one (JPEG or PNG).").build();
        }
        if (code.startsWith("INTERNAL.BAD_OUTPUT")) {
            return problem(Problem.TASK_FAILED).raw(raw).retryable(true).message("Runway could not make a good clip "
                    + "from this photo (text or graphics in a photo can cause it). Trying again may work.").build();
        }
        if (code.startsWith("INTERNAL")) {
            return problem(Problem.PROVIDER_TROUBLE).raw(raw).message("Runway had trouble making this clip; trying "
                    + "again may work.").build();
        }
        return problem(Problem.TASK_FAILED).raw(raw).message("Runway could not make this clip.").build();
    }

    /** A Runway error with the provider's name already set. */
    static ProviderException.Builder problem(Problem problem) {
        return ProviderException.problem(problem).provider(NAME);
    }

    /** 400 {@code Validation of body failed}: the first issue names the field and says what is wrong. */
    private static ProviderException invalid(String raw, String error, JsonNode body) {
        JsonNode issue = body == null ? null : body.path("issues").path(0);
        String field = null;
        String what = error;
        if (issue != null && issue.isObject()) {
            List<String> path = new ArrayList<>();
            issue.path("path").forEach(p -> path.add(p.asText()));
            field = path.isEmpty() ? null : String.join(".", path);
            String message = issue.path("message").asText("");
            what = message.isBlank() ? issue.path("code").asText(error) : message;
        }
        if (what == null || what.isBlank()) {
            what = "invalid request";
        }
        if (field != null && field.startsWith("promptImage")) {
            field = "image";
        }
        return problem(Problem.INPUT_REFUSED).raw(raw).field(field).detail(clip(what))
                .message("Runway refused the request" + (field == null ? "" : " (" + field + ")") + ": " + clip(what))
                .build();
    }

    private static String clip(String s) {
        String oneLine = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
