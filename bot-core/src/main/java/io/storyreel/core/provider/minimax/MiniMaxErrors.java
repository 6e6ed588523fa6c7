package io.storyreel.core.provider.minimax;

import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderException;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * MiniMax's {@code base_resp.status_code} table (spec §2.7) as taxonomy errors with the {@link Problem} a user can act
 * on, falling back to the HTTP status when there is no {@code base_resp}. Raw codes are kept as
 * {@code "minimax:<code>"} or {@code "http:<status>"}. Sentences name no chat command.
 */
final class MiniMaxErrors {
    /** Answered with one of these, a create made no task and may be sent again after a pause. */
    static final Set<Integer> CREATE_REFUSED_RETRYABLE = Set.of(1000, 1001, 1002, 1024, 1033, 1039, 1041, 2045);

    static final String NAME = "MiniMax";

    static final String CONTENT_MESSAGE = "MiniMax's content check rejected this scene. Try a different photo or "
            + "caption.";

    private MiniMaxErrors() {
    }

    static ProviderException fromCode(int code, String statusMsg, Duration retryAfter) {
        String msg = statusMsg == null ? "" : statusMsg;
        String raw = "minimax:" + code;
        return switch (code) {
            case 1000, 1001, 1024, 1033 -> problem(Problem.PROVIDER_TROUBLE).raw(raw).retryAfter(retryAfter)
                    .message("MiniMax is having trouble right now; retrying shortly.").build();
            case 1002, 1039, 2045 -> problem(Problem.RATE_LIMITED).raw(raw).retryAfter(retryAfter)
                    .message("MiniMax is limiting how fast we send requests; retrying shortly.").build();
            case 1041 -> problem(Problem.ACCOUNT_BUSY).raw(raw).retryAfter(retryAfter)
                    .message("Your MiniMax account has too many requests open at once; this one waits.").build();
            case 1004, 2049 -> err(Problem.KEYS_REJECTED, "MiniMax did not accept your API key. Check it (and that "
                    + "it is from the same region, global or mainland China) and set it again.", raw);
            case 2038 -> err(Problem.ACCOUNT_PROBLEM, "Your MiniMax account needs real-name verification before it "
                    + "can make videos.", raw);
            case 1008 -> err(Problem.NO_CREDIT, "Your MiniMax account balance is too low. Top it up on the MiniMax "
                    + "platform, then try again.", raw);
            case 1028, 1030 -> err(Problem.NO_CREDIT, "Your MiniMax plan's video quota is used up. Use a "
                    + "pay-as-you-go key or wait for the quota to reset.", raw);
            case 2056 -> problem(Problem.RATE_LIMITED).raw(raw).retryAfter(retryAfter).retryable(false)
                    .message("Your MiniMax usage limit for this 5-hour window is reached. Try again later.").build();
            case 1026 -> problem(Problem.CONTENT_REFUSED).raw(raw).message(CONTENT_MESSAGE)
                    .field(msg.toLowerCase(Locale.ROOT).contains("image") ? "image" : "prompt").build();
            case 1027 -> err(Problem.CONTENT_REFUSED, "MiniMax's content check rejected the finished video. Try a "
                    + "different photo or caption.", raw);
            case 1042 -> problem(Problem.INPUT_REFUSED).raw(raw).field("prompt")
                    .message("The caption contains too many invisible characters. Please retype it.").build();
            case 2013 -> problem(Problem.INPUT_REFUSED).raw(raw).field(field(msg)).detail(clip(msg))
                    .message("MiniMax refused the request: " + clip(msg)).build();
            case 2061 -> problem(Problem.MODEL_NOT_ALLOWED).raw(raw).field("model")
                    .message("Your MiniMax plan does not include this model. Choose another model.").build();
            default -> problem(Problem.UNEXPECTED_ANSWER).raw(raw).detail(clip(msg))
                    .message("MiniMax refused the request" + (msg.isBlank() ? "." : ": " + clip(msg))).build();
        };
    }

    static ProviderException fromHttp(int status, Duration retryAfter) {
        String raw = "http:" + status;
        if (status == 401 || status == 403) {
            return err(Problem.KEYS_REJECTED, "MiniMax did not accept your API key. Check it and set it again.", raw);
        }
        if (status == 429) {
            return problem(Problem.RATE_LIMITED).raw(raw).retryAfter(retryAfter)
                    .message("MiniMax is busy; retrying shortly.").build();
        }
        if (status == 408 || status >= 500) {
            return problem(Problem.PROVIDER_TROUBLE).raw(raw).retryAfter(retryAfter)
                    .message("MiniMax is having trouble right now; retrying shortly.").build();
        }
        if (status == 404) {
            return err(Problem.TASK_UNKNOWN, "MiniMax has no such task or file.", raw);
        }
        if (status == 400) {
            return err(Problem.INPUT_REFUSED, "MiniMax refused the request as invalid.", raw);
        }
        return err(Problem.UNEXPECTED_ANSWER, "MiniMax gave an unexpected answer (HTTP " + status + ").", raw);
    }

    /** A MiniMax error with the provider's name already set. */
    static ProviderException.Builder problem(Problem problem) {
        return ProviderException.problem(problem).provider(NAME);
    }

    private static ProviderException err(Problem problem, String message, String raw) {
        return problem(problem).raw(raw).message(message).build();
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
