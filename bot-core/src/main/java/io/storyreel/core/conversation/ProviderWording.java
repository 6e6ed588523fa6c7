package io.storyreel.core.conversation;

import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.ProviderException;

/**
 * A provider's refusal as the chat reads it: one sentence per {@link Problem}, with what the member can do named in
 * the chat's own syntax. Where the provider's plain sentence carries facts only it knows (an account problem, a
 * refused photo, a content check), that sentence is the statement; where the situation is the same for every
 * provider (keys refused, too busy, down), this class writes it, so no instruction appears twice.
 */
final class ProviderWording {
    private ProviderWording() {
    }

    static String refusal(CommandWording cs, ProviderException e) {
        return refusal(cs, e.problem(), e.provider().orElse(null), e.getMessage(), e.detail().orElse(null));
    }

    /**
     * @param provider the provider's name for people, or null
     * @param message  the provider's plain sentence (names no chat command), or null
     * @param said     the provider's own short text about it, or null
     */
    static String refusal(CommandWording cs, Problem problem, String provider, String message, String said) {
        String p = provider == null || provider.isBlank() ? "the provider" : provider;
        String first = Wording.capitalize(p);
        String own = message == null || message.isBlank() ? null : message.strip();
        return switch (problem) {
            case KEYS_MISSING, KEYS_REJECTED -> first + " did not accept the keys. Set new ones, then try again: "
                    + cs.setKeysWhere() + ".";
            case MODEL_NOT_ALLOWED -> "The " + p + " account may not use this model. Pick another in " + cs.settings()
                    + ", or check the " + p + " plan.";
            case RATE_LIMITED -> first + " is taking no more requests from this account for now. Wait a few minutes, "
                    + "then try again.";
            case ACCOUNT_BUSY -> "The " + p + " account is already making as many clips as it may. Wait for one to "
                    + "finish, then try again.";
            case PROVIDER_TROUBLE -> first + " is having trouble and did not answer in time. Try again in a few minutes.";
            case TASK_UNKNOWN -> first + " no longer knows this clip's task.";
            case TASK_FAILED -> first + " could not make the clip" + (said == null ? "." : ": " + stop(said));
            case RESULT_GONE -> "The clip was made, but " + p + " no longer offers it for download.";
            case DOWNLOAD_FAILED -> "The finished clip could not be downloaded completely.";
            case DOWNLOAD_REFUSED -> "The finished clip was not downloaded"
                    + (said == null ? ": its link broke the bot's download rules." : ": " + stop(said));
            case OUTCOME_UNKNOWN -> "We could not tell whether " + p + " started the clip; check your " + p
                    + " dashboard before retrying (a retry may be charged again).";
            case UNEXPECTED_ANSWER -> first + " gave an answer this version of the bot does not understand"
                    + (said == null ? "." : " (" + unstop(said) + ").");
            // the provider's sentence says what only it knows: an account or clock problem, credit, a refused
            // photo or caption, its content check
            case CLOCK_SKEW, ACCOUNT_PROBLEM, NO_CREDIT, INPUT_REFUSED, CONTENT_REFUSED ->
                    own != null ? stop(own) : first + " refused the request.";
        };
    }

    /** The text as a sentence ending in a stop. */
    static String stop(String text) {
        String t = text.strip();
        return t.endsWith(".") || t.endsWith("!") || t.endsWith("?") || t.endsWith("…") ? t : t + ".";
    }

    /** The text without its final stop, to go inside a sentence. */
    static String unstop(String text) {
        String t = text.strip();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
