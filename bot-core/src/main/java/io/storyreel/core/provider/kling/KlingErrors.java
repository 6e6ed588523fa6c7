package io.storyreel.core.provider.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.http.JsonReply;
import io.storyreel.core.provider.http.RetryAfter;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Kling's error table (spec §1.6) as taxonomy errors with the {@link Problem} a user can act on. Branches on the body
 * {@code code} first: HTTP 429 also carries balance problems (1100-1102), so the status alone says little. The raw
 * code is kept as {@code "kling:<code>"} (or {@code "http:<status>"} when there is no Kling body); Kling's own message
 * is kept as the detail only where it explains a refused input or a failed task. Sentences name no chat command.
 */
final class KlingErrors {
    /** Errors that Kling returns before creating anything, so a create may be sent again. */
    static final Set<Integer> CREATE_REFUSED_RETRYABLE = Set.of(1302, 1303, 5000, 5001, 5002);

    static final String NAME = "Kling";

    static final String CONTENT_MESSAGE = "Kling's content check rejected this scene. Try a different photo or "
            + "caption.";

    enum Call { CREATE, QUERY, ACCOUNT }

    private KlingErrors() {
    }

    /** The Kling {@code code} in the body, or -1 when the answer has none. */
    static int code(JsonReply reply) {
        JsonNode c = reply.hasJson() ? reply.json().get("code") : null;
        return c != null && c.canConvertToInt() ? c.asInt() : -1;
    }

    static ProviderException map(JsonReply reply, Call call, Clock clock) {
        int code = code(reply);
        String message = reply.hasJson() && reply.json().hasNonNull("message") ? reply.json().get("message").asText() : "";
        Duration retryAfter = RetryAfter.parse(reply.header("Retry-After"), clock);
        String raw = code >= 0 ? "kling:" + code : "http:" + reply.status();
        return switch (code) {
            case 1000, 1001, 1002 -> err(Problem.KEYS_REJECTED, "Kling did not accept your keys. Check the Access Key "
                    + "and Secret Key and set them again.", raw);
            case 1003, 1004 -> err(Problem.CLOCK_SKEW, "Kling rejected the sign-in token as "
                    + (code == 1003 ? "not yet valid" : "expired") + " even after renewing it. The computer's clock "
                    + "may be wrong.", raw);
            case 1100 -> err(Problem.ACCOUNT_PROBLEM, "Kling reports a problem with your account. Please check it on "
                    + "the Kling developer console.", raw);
            case 1101, 1102 -> err(Problem.NO_CREDIT, "Your Kling account has run out of credit (resource pack used "
                    + "up or expired). Top it up on the Kling developer console, then try again.", raw);
            case 1103 -> problem(Problem.MODEL_NOT_ALLOWED).kind(ErrorKind.AUTH).raw(raw)
                    .message("Your Kling account may not use this model or API. Choose another model or check your "
                            + "resource packs.").build();
            case 1200, 1201 -> invalidInput(message, raw, call);
            case 1202, 1203 -> call == Call.CREATE
                    ? problem(Problem.INPUT_REFUSED).field("model").raw(raw).detail(clip(message))
                    .message("Kling does not know this model or option: " + clip(message)).build()
                    : err(Problem.TASK_UNKNOWN, "Kling has no such task.", raw);
            case 1300 -> err(Problem.CONTENT_REFUSED, "Kling's platform policy refused this request.", raw);
            case 1301 -> err(Problem.CONTENT_REFUSED, CONTENT_MESSAGE, raw);
            case 1302 -> problem(Problem.RATE_LIMITED).raw(raw).retryAfter(retryAfter)
                    .message("Kling is limiting how fast we send requests; retrying shortly.").build();
            case 1303 -> problem(Problem.ACCOUNT_BUSY).raw(raw).retryAfter(atLeast(retryAfter, Duration.ofSeconds(1)))
                    .message("Your Kling account is running as many clips as its resource pack allows; this one "
                            + "waits for a free slot.").build();
            case 1304 -> err(Problem.ACCOUNT_PROBLEM, "Kling refused the request because of your account's IP "
                    + "allow-list.", raw);
            case 5000, 5001, 5002 -> problem(Problem.PROVIDER_TROUBLE).raw(raw).retryAfter(retryAfter)
                    .message("Kling is having trouble right now; retrying shortly.").build();
            default -> byStatus(reply.status(), raw, retryAfter, call);
        };
    }

    private static ProviderException byStatus(int status, String raw, Duration retryAfter, Call call) {
        if (status == 401 || status == 403) {
            return err(Problem.KEYS_REJECTED, "Kling did not accept your keys. Check them and set them again.", raw);
        }
        if (status == 404) {
            return call == Call.CREATE ? problem(Problem.UNEXPECTED_ANSWER).kind(ErrorKind.NOT_FOUND).raw(raw)
                    .message("Kling's address looks wrong (404).").build()
                    : err(Problem.TASK_UNKNOWN, "Kling has no such task.", raw);
        }
        if (status == 429) {
            return problem(Problem.RATE_LIMITED).raw(raw).retryAfter(retryAfter)
                    .message("Kling is busy; retrying shortly.").build();
        }
        if (status >= 500 || status == 408) {
            return problem(Problem.PROVIDER_TROUBLE).raw(raw).retryAfter(retryAfter)
                    .message("Kling is having trouble right now; retrying shortly.").build();
        }
        if (status == 400) {
            return err(Problem.INPUT_REFUSED, "Kling refused the request as invalid.", raw);
        }
        return err(Problem.UNEXPECTED_ANSWER, "Kling gave an unexpected answer (HTTP " + status + ").", raw);
    }

    private static ProviderException invalidInput(String message, String raw, Call call) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (call != Call.CREATE && (lower.contains("not exist") || lower.contains("not found"))) {
            return err(Problem.TASK_UNKNOWN, "Kling has no such task.", raw);
        }
        String field = lower.contains("image_tail") ? "image_tail"
                : lower.contains("image") || lower.contains("base64") ? "image"
                : lower.contains("negative") ? "negative_prompt"
                : lower.contains("prompt") ? "prompt"
                : lower.contains("duration") ? "duration"
                : lower.contains("mode") && !lower.contains("model") ? "mode"
                : lower.contains("model") ? "model"
                : lower.contains("camera") ? "camera_control"
                : lower.contains("external_task_id") ? "external_task_id" : null;
        return problem(Problem.INPUT_REFUSED).field(field).raw(raw).detail(clip(message))
                .message("Kling refused the request: " + clip(message)).build();
    }

    /** A finished task that failed: moderation or something else. */
    static ProviderException taskFailed(String statusMsg) {
        String msg = statusMsg == null ? "" : statusMsg;
        String lower = msg.toLowerCase(Locale.ROOT);
        if (lower.contains("risk control") || lower.contains("content") || lower.contains("sensitive")
                || lower.contains("security")) {
            return problem(Problem.CONTENT_REFUSED).raw("kling:task_failed").detail(clip(msg))
                    .message(CONTENT_MESSAGE).build();
        }
        return problem(Problem.TASK_FAILED).raw("kling:task_failed").detail(clip(msg))
                .message("Kling could not make this clip" + (msg.isBlank() ? "." : ": " + clip(msg))).build();
    }

    /** A Kling error with the provider's name already set. */
    static ProviderException.Builder problem(Problem problem) {
        return ProviderException.problem(problem).provider(NAME);
    }

    private static Duration atLeast(Duration d, Duration min) {
        return d == null || d.compareTo(min) < 0 ? min : d;
    }

    private static String clip(String s) {
        String oneLine = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }

    private static ProviderException err(Problem problem, String message, String raw) {
        return problem(problem).raw(raw).message(message).build();
    }
}
