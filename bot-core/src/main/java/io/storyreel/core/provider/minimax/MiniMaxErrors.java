package io.storyreel.core.provider.minimax;

import io.storyreel.core.provider.ErrorKind;
import io.storyreel.core.provider.ProviderException;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * MiniMax's {@code base_resp.status_code} table (spec §2.7) as taxonomy errors, falling back to the HTTP status when
 * there is no {@code base_resp}. Raw codes are kept as {@code "minimax:<code>"} or {@code "http:<status>"}.
 */
final class MiniMaxErrors {
    /** Answered with one of these, a create made no task and may be sent again after a pause. */
    static final Set<Integer> CREATE_REFUSED_RETRYABLE = Set.of(1000, 1001, 1002, 1024, 1033, 1039, 1041, 2045);

    static final String CONTENT_MESSAGE = "MiniMax's content check rejected this scene. Try a different photo or "
            + "caption.";

    private MiniMaxErrors() {
    }

    static ProviderException fromCode(int code, String statusMsg, Duration retryAfter) {
        String msg = statusMsg == null ? "" : statusMsg;
        String raw = "minimax:" + code;
        return switch (code) {
            case 1000, 1001, 1024, 1033 -> new ProviderException(ErrorKind.TRANSIENT, "MiniMax is having trouble "
                    + "right now; retrying shortly.", raw, null, retryAfter, true, null);
            case 1002, 1039, 2045 -> new ProviderException(ErrorKind.RATE_LIMITED, "MiniMax is limiting how fast we "
                    + "send requests; retrying shortly.", raw, null, retryAfter, true, null);
            case 1041 -> new ProviderException(ErrorKind.CONCURRENCY, "Your MiniMax account has too many requests "
                    + "open at once; this one waits.", raw, null, retryAfter, true, null);
            case 1004, 2049 -> new ProviderException(ErrorKind.AUTH, "MiniMax did not accept your API key. Check it "
                    + "(and that it is from the same region, global or mainland China) and set it again with "
                    + "/setkeys.", raw);
            case 2038 -> new ProviderException(ErrorKind.AUTH, "Your MiniMax account needs real-name verification "
                    + "before it can make videos.", raw);
            case 1008 -> new ProviderException(ErrorKind.BALANCE, "Your MiniMax account balance is too low. Top it "
                    + "up on the MiniMax platform, then try again.", raw);
            case 1028, 1030 -> new ProviderException(ErrorKind.BALANCE, "Your MiniMax plan's video quota is used "
                    + "up. Use a pay-as-you-go key or wait for the quota to reset.", raw);
            case 2056 -> new ProviderException(ErrorKind.RATE_LIMITED, "Your MiniMax usage limit for this 5-hour "
                    + "window is reached. Try again later.", raw, null, retryAfter, false, null);
            case 1026 -> new ProviderException(ErrorKind.CONTENT_REJECTED, CONTENT_MESSAGE, raw,
                    msg.toLowerCase(Locale.ROOT).contains("image") ? "image" : "prompt", null, false, null);
            case 1027 -> new ProviderException(ErrorKind.CONTENT_REJECTED, "MiniMax's content check rejected the "
                    + "finished video. Try a different photo or caption.", raw);
            case 1042 -> new ProviderException(ErrorKind.INVALID_INPUT, "The caption contains too many invisible "
                    + "characters. Please retype it.", raw, "prompt", null, false, null);
            case 2013 -> new ProviderException(ErrorKind.INVALID_INPUT, "MiniMax refused the request: "
                    + clip(msg), raw, field(msg), null, false, null);
            case 2061 -> new ProviderException(ErrorKind.INVALID_INPUT, "Your MiniMax plan does not include this "
                    + "model. Choose another model.", raw, "model", null, false, null);
            default -> new ProviderException(ErrorKind.UNKNOWN, "MiniMax refused the request"
                    + (msg.isBlank() ? "." : ": " + clip(msg)), raw);
        };
    }

    static ProviderException fromHttp(int status, Duration retryAfter) {
        String raw = "http:" + status;
        if (status == 401 || status == 403) {
            return new ProviderException(ErrorKind.AUTH, "MiniMax did not accept your API key. Check it with /setkeys.",
                    raw);
        }
        if (status == 429) {
            return new ProviderException(ErrorKind.RATE_LIMITED, "MiniMax is busy; retrying shortly.", raw, null,
                    retryAfter, true, null);
        }
        if (status == 408 || status >= 500) {
            return new ProviderException(ErrorKind.TRANSIENT, "MiniMax is having trouble right now; retrying "
                    + "shortly.", raw, null, retryAfter, true, null);
        }
        if (status == 404) {
            return new ProviderException(ErrorKind.NOT_FOUND, "MiniMax has no such task or file.", raw);
        }
        if (status == 400) {
            return new ProviderException(ErrorKind.INVALID_INPUT, "MiniMax refused the request as invalid.", raw);
        }
        return new ProviderException(ErrorKind.UNKNOWN, "MiniMax gave an unexpected answer (HTTP " + status + ").",
                raw);
    }

    /** {@code "invalid params, binding: expr_path=model, ..."} names the field. */
    private static String field(String msg) {
        String lower = msg.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("expr_path=");
        if (at >= 0) {
            String rest = lower.substring(at + "expr_path=".length());
            int end = rest.indexOf(',');
            return (end < 0 ? rest : rest.substring(0, end)).trim();
        }
        for (String f : new String[]{"first_frame_image", "last_frame_image", "duration", "resolution", "prompt",
                "model"}) {
            if (lower.contains(f)) {
                return f;
            }
        }
        return lower.contains("image") ? "first_frame_image" : null;
    }

    private static String clip(String s) {
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
