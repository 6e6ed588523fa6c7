package io.storyreel.core.conversation;

import io.storyreel.core.generation.EngineReason;

import java.util.Locale;

/**
 * The generation engine's reasons (a refused command, a paused or failed film) as the chat reads them: the engine
 * says what happened and this class writes the sentence, naming commands in the chat's own {@link CommandSyntax}.
 */
public final class ReasonWording {
    private ReasonWording() {
    }

    public static String say(CommandSyntax cs, EngineReason r) {
        String p = r.provider() == null ? "the provider" : r.provider();
        int n = r.clip();
        return switch (r.kind()) {
            case STORYBOOK_GONE -> "This storybook no longer exists.";
            case NOT_STARTABLE -> "This storybook is " + state(r) + "; start a new one with " + cs.newStorybook() + ".";
            case NOT_RETRYABLE -> "This storybook is " + state(r) + ".";
            case NOTHING_TO_MERGE -> "This storybook is " + state(r) + "; nothing to merge.";
            case NO_PAYER -> "Nobody is paying for this storybook yet.";
            case FILMS_RUNNING -> r.limit() == 1
                    ? "You already have a film in progress. Wait for it to finish (or cancel it), then try again."
                    : "You already have " + r.count() + " films in progress (the limit is " + r.limit()
                    + "). Wait for one to finish, then try again.";
            case DAILY_LIMIT -> "You have started " + r.count() + " " + Wording.plural(r.count(), "film")
                    + " today, your daily limit of " + r.limit() + ". " + resets(r);
            case DAILY_CLIPS -> "That would make " + r.count() + " clips today, over your daily limit of " + r.limit()
                    + " " + Wording.plural(r.limit(), "clip") + ". " + resets(r);
            case DAILY_SPEND -> "That would bring today's spending to " + dollars(r.count()) + ", over your daily limit of "
                    + dollars(r.limit()) + ". " + resets(r);
            case NO_KEYS -> "There are no " + p + " keys for the payer. " + Wording.capitalize(cs.setKeysWhere()) + ".";
            case NO_PHOTOS -> "This storybook has no photos yet.";
            case NO_PLAN -> p + " cannot make " + (r.detail() == null ? "these settings" : r.detail() + " with these settings")
                    + ". Pick another combination in " + cs.settings() + ".";
            case PROVIDER_UNAVAILABLE -> "The provider '" + r.detail() + "' is not available in this bot.";
            case NO_SUCH_CLIP -> "There is no clip " + n + ".";
            case CLIP_NOT_FAILED -> "Clip " + n + " has not failed; nothing to retry.";
            case CLIP_REPLACED -> "Clip " + n + " is already being made again; nothing was paid twice.";
            case STORAGE_FULL -> "The bot's storage is nearly full, so no new film can start right now. "
                    + "Films already being made will finish. Please try again later.";
            case KEYS_REMOVED -> "There are no " + p + " keys for the payer any more: " + cs.setKeysWhere()
                    + ", then retry the clip.";
            case KEYS_GONE_CHECKING -> "The " + p + " keys are gone, so I cannot check whether clip " + n
                    + " was started: " + cs.setKeysWhere() + ".";
            case KEYS_GONE_FOLLOWING -> "The " + p + " keys are gone, so I cannot follow clip " + n + ": "
                    + cs.setKeysWhere() + ", then retry.";
            case KEYS_GONE_FETCHING -> "The " + p + " keys are gone, so I cannot fetch clip " + n + ": "
                    + cs.setKeysWhere() + ", then retry.";
            case SUBMIT_UNCLEAR -> "We could not tell whether " + p + " started clip " + n + "; check your " + p
                    + " dashboard before retrying (a retry may be charged again).";
            case TIMED_OUT -> p + " did not finish clip " + n + " within " + r.minutes() + " minutes.";
            case PROVIDER_ERROR -> r.detail() != null ? r.detail() : p + " could not make clip " + n + ".";
            case PROVIDER_FAILED -> p + " could not make clip " + n + " (" + r.detail() + ").";
            case DOWNLOAD_FAILED -> "Clip " + n + " was made but could not be downloaded (" + r.detail()
                    + "). Retrying the clip downloads it again without paying again.";
            case NO_CLIP_LEFT -> "No clip is left to merge.";
            case MERGE_FAILED -> "The clips could not be merged into a film: " + r.detail();
            case NOT_SENT -> "The film was made but could not be sent: " + r.detail();
        };
    }

    /** When a daily limit starts again: "It resets at 00:00 UTC, in 3 h 12 min." */
    static String resets(EngineReason r) {
        long h = r.minutes() / 60;
        long m = r.minutes() % 60;
        String in = h == 0 ? m + " min" : m == 0 ? h + " h" : h + " h " + m + " min";
        return "It resets at " + (r.detail() == null ? "midnight" : r.detail()) + ", in " + in + ".";
    }

    private static String dollars(int cents) {
        return String.format(Locale.ROOT, "$%.2f", cents / 100.0);
    }

    private static String state(EngineReason r) {
        return r.detail() == null ? "busy" : r.detail().toLowerCase(Locale.ROOT);
    }
}
