package io.storyreel.core.conversation;

import io.storyreel.core.chat.Platform;
import io.storyreel.core.generation.DeliveryChoice;
import io.storyreel.core.generation.DeliveryStop;
import io.storyreel.core.video.CannotFitException;

/**
 * What the bot says when a finished film did not surely reach the chat: the status message's last words, the message
 * that explains and offers the choices that remain, the buttons' labels, and the answers to a choice.
 */
final class DeliveryWording {
    private DeliveryWording() {
    }

    /** The film's status message once the bot has stopped trying: never "Uploading…" any more. */
    static String statusEnd(DeliveryStop stop) {
        return switch (stop.why()) {
            case MAY_HAVE_ARRIVED -> "📤 Your film was being sent when I was interrupted (see below).";
            case TOO_LARGE -> "❌ Not sent: the film is too large for this chat (see below).";
            case REFUSED -> "❌ Not sent: the chat did not accept the film (see below).";
            case NOT_SENT -> "❌ Not sent: sending kept failing (see below).";
        };
    }

    /** Why the film is not (surely) in the chat, and what can still be done. */
    static String stopped(Platform platform, DeliveryStop stop) {
        String where = platformName(platform);
        return switch (stop.why()) {
            case MAY_HAVE_ARRIVED -> "Your film may already be above; tap to send it again if it isn't there.";
            case TOO_LARGE -> tooLarge(where, stop);
            case REFUSED -> "😞 " + where + " did not accept the film as a video (" + detail(stop) + "). "
                    + "You can get it as a file instead, or try again.";
            case NOT_SENT -> "😞 I couldn't send your film after " + stop.attempts() + " tries (" + detail(stop) + "). "
                    + "Tap to try again, or get it as a file.";
        };
    }

    private static String tooLarge(String where, DeliveryStop stop) {
        if (stop.choices().contains(DeliveryChoice.SMALLER)) {
            return "😞 " + where + " kept refusing the film as too large (the last try was "
                    + CannotFitException.size(stop.filmBytes()) + "). Tap for a smaller version.";
        }
        String why = "😞 I couldn't send your film: even at its smallest it is about "
                + CannotFitException.size(stop.smallestBytes()) + ", and this chat takes at most "
                + CannotFitException.size(stop.limitBytes()) + ".";
        return stop.shorterSeconds() > 0
                ? why + " A shorter version, its first " + Wording.trim(stop.shorterSeconds()) + " s, would fit."
                : why + " Fewer or shorter clips would make a smaller film.";
    }

    private static String detail(DeliveryStop stop) {
        return stop.detail() == null || stop.detail().isBlank() ? "no reason given" : stop.detail();
    }

    private static String platformName(Platform platform) {
        return platform == Platform.DISCORD ? "Discord" : "Telegram";
    }

    static String label(DeliveryStop stop, DeliveryChoice choice) {
        return switch (choice) {
            case SEND_AGAIN -> stop.why() == DeliveryStop.Why.MAY_HAVE_ARRIVED ? "📤 Send it again" : "🔁 Try again";
            case AS_FILE -> "📄 Send as a file";
            case SMALLER -> "🗜 Smaller version";
            case SHORTER -> "✂️ Shorter version (" + Wording.trim(stop.shorterSeconds()) + " s)";
        };
    }

    /** The choices' message after a member picked one: its buttons go, so nobody picks twice. */
    static String chosen(DeliveryChoice choice) {
        return switch (choice) {
            case SEND_AGAIN -> "📤 Sending your film again…";
            case AS_FILE -> "📄 Sending your film as a file…";
            case SMALLER -> "🗜 Making a smaller version of your film…";
            case SHORTER -> "✂️ Making a shorter version of your film…";
        };
    }

    static String alreadyChosen() {
        return "That was already chosen; the film is on its way or has arrived.";
    }
}
