package io.storyreel.core.provider.kling;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.ProviderException;
import io.storyreel.core.provider.http.JsonReply;
import io.storyreel.core.provider.http.RetryAfter;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Kling's error table (spec §1.6) as taxonomy errors. Branches on the body {@code code} first: HTTP 429 also
 * carries balance problems (1100-1102), so the status alone says little. The raw code is kept as
 * {@code "kling:<code>"} (or {@code "http:<status>"} when there is no Kling body); Kling's own message goes to the
 * user only where it explains a refused input.
 */
final class KlingErrors {
    /** Errors that Kling returns before creating anything, so a create may be sent again. */
    static final Set<Integer> CREATE_REFUSED_RETRYABLE = Set.of(1302, 1303, 5000, 5001, 5002);

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
            case 1000, 1001, 1002 -> err(ErrorKind.AUTH, "Kling did not accept your keys. Check the Access Key and "
                    + "Secret Key and set them again with /setkeys.", raw);
            case 1003, 1004 -> err(ErrorKind.AUTH, "Kling rejected the sign-in token as "
                    + (code == 1003 ? "not yet valid" : "expired") + " even after renewing it. The computer's clock "
                    + "may be wrong.", raw);
            case 1100 -> err(ErrorKind.AUTH, "Kling reports a problem with your account. Please check it on the "
                    + "Kling developer console.", raw);
            case 1101, 1102 -> err(ErrorKind.BALANCE, "Your Kling account has run out of credit (resource pack "
                    + "used up or expired). Top it up on the Kling developer console, then try again.", raw);
            case 1103 -> err(ErrorKind.AUTH, "Your Kling account may not use this model or API. Choose another "
                    + "model or check your resource packs.", raw);
            case 1200, 1201 -> invalidInput(message, raw, call);
            case 1202, 1203 -> call == Call.CREATE
                    ? new ProviderException(ErrorKind.INVALID_INPUT, "Kling does not know this model or option: "
                    + clip(message), raw, "model", null, false, null)
                    : err(ErrorKind.NOT_FOUND, "Kling has no such task.", raw);
            case 1300 -> err(ErrorKind.CONTENT_REJECTED, "Kling's platform policy refused this request.", raw);
            case 1301 -> err(ErrorKind.CONTENT_REJECTED, CONTENT_MESSAGE, raw);
            case 1302 -> new ProviderException(ErrorKind.RATE_LIMITED, "Kling is limiting how fast we send "
                    + "requests; retrying shortly.", raw, null, retryAfter, true, null);
            case 1303 -> new ProviderException(ErrorKind.CONCURRENCY, "Your Kling account is running as many "
                    + "clips as its resource pack allows; this one waits for a free slot.", raw, null,
                    atLeast(retryAfter, Duration.ofSeconds(1)), true, null);
            case 1304 -> err(ErrorKind.AUTH, "Kling refused the request because of your account's IP allow-list.",
                    raw);
            case 5000, 5001, 5002 -> new ProviderException(ErrorKind.TRANSIENT, "Kling is having trouble right now; "
                    + "retrying shortly.", raw, null, retryAfter, true, null);
            default -> byStatus(reply.status(), raw, retryAfter, call);
        };
    }

    private static ProviderException byStatus(int status, String raw, Duration retryAfter, Call call) {
        if (status == 401 || status == 403) {
            return err(ErrorKind.AUTH, "Kling did not accept your keys. Check them with /setkeys.", raw);
        }
        if (status == 404) {
            return err(ErrorKind.NOT_FOUND, call == Call.CREATE ? "Kling's address looks wrong (404)." : "Kling has no "
                    + "such task.", raw);
        }
        if (status == 429) {
            return new ProviderException(ErrorKind.RATE_LIMITED, "Kling is busy; retrying shortly.", raw, null,
                    retryAfter, true, null);
        }
        if (status >= 500 || status == 408) {
            return new ProviderException(ErrorKind.TRANSIENT, "Kling is having trouble right now; retrying shortly.",
                    raw, null, retryAfter, true, null);
        }
        if (status == 400) {
            return new ProviderException(ErrorKind.INVALID_INPUT, "Kling refused the request as invalid.", raw, null,
                    null, false, null);
        }
        return err(ErrorKind.UNKNOWN, "Kling gave an unexpected answer (HTTP " + status + ").", raw);
    }

    private static ProviderException invalidInput(String message, String raw, Call call) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (call != Call.CREATE && (lower.contains("not exist") || lower.contains("not found"))) {
            return err(ErrorKind.NOT_FOUND, "Kling has no such task.", raw);
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
        return new ProviderException(ErrorKind.INVALID_INPUT, "Kling refused the request: " + clip(message), raw,
                field, null, false, null);
    }

    /** A finished task that failed: moderation or something else. */
    static ProviderException taskFailed(String statusMsg) {
        String msg = statusMsg == null ? "" : statusMsg;
        String lower = msg.toLowerCase(Locale.ROOT);
        if (lower.contains("risk control") || lower.contains("content") || lower.contains("sensitive")
                || lower.contains("security")) {
            return new ProviderException(ErrorKind.CONTENT_REJECTED, CONTENT_MESSAGE, "kling:task_failed", null, null,
                    false, null);
        }
        return new ProviderException(ErrorKind.UNKNOWN, "Kling could not make this clip"
                + (msg.isBlank() ? "." : ": " + clip(msg)), "kling:task_failed", null, null, false, null);
    }

    private static Duration atLeast(Duration d, Duration min) {
        return d == null || d.compareTo(min) < 0 ? min : d;
    }

    private static String clip(String s) {
        String oneLine = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }

    private static ProviderException err(ErrorKind kind, String message, String raw) {
        return new ProviderException(kind, message, raw);
    }
}
