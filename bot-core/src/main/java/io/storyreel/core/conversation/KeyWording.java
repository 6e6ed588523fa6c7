package io.storyreel.core.conversation;

import io.storyreel.core.provider.Problem;
import io.storyreel.core.provider.VideoProvider;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the bot says about API keys: how to give them in this chat, what was saved, forgotten or refused. */
final class KeyWording {
    private KeyWording() {
    }

    static String onlyPrivate(CommandWording cs, String command) {
        return cs.onlyPrivately(command) + ".";
    }

    static String keysPostedInGroup(CommandWording cs, String provider, boolean deleted) {
        return "Please never post API keys in a group. "
                + (deleted ? "I deleted that message" : "I could not delete that message (I need admin rights here), so please delete it now")
                + ", but others may already have seen it: rotate (replace) that " + provider + " key in your " + provider
                + " account, then give me the new one: " + cs.setKeysWhere() + ".";
    }

    /** Keys sent as a plain message in a private chat: not a prompt, not kept; how to give them instead. */
    static String keysAsPlainText(String provider, boolean posted, boolean deleted, String setkeysUsage) {
        return "🔐 That looks like " + (provider == null ? "an API key" : "a " + provider + " key")
                + ", so I did not use it (as a prompt or a title) and kept nothing of it"
                + (!posted ? "; nobody else saw it." : deleted ? "; I deleted your message."
                : ". I could not delete your message, so please delete it yourself.")
                + "\n" + setkeysUsage;
    }

    static String setkeysUsage(CommandWording cs, List<String> usages) {
        return cs.setkeysIntro() + "\n" + String.join("\n", usages);
    }

    /** @param reenter how to send them again, from {@link CommandWording#reenterKeys} */
    static String setkeysWrongFields(String provider, String reenter, boolean messageDeleted) {
        return "Those don't look like " + provider + " keys. " + reenter
                + (messageDeleted ? " (I deleted your message)." : ".");
    }

    /**
     * Keys that were not saved: they do not look like the provider's keys, or the provider refused them (the keys
     * themselves, or something about the account the provider explains). One statement of what happened, then how
     * to send them again.
     *
     * @param reenter how to send them again, from {@link CommandWording#reenterKeys}
     */
    static String keysRefused(String provider, VideoProvider.KeyCheck check, String reenter) {
        String why = check.message() == null || check.message().isBlank() ? null : ProviderWording.stop(check.message());
        String what;
        if (!check.checkedOnline()) {
            what = "Those don't look like " + provider + " keys." + (why == null ? "" : " " + why);
        } else if (check.problem() == null || check.problem() == Problem.KEYS_REJECTED
                || check.problem() == Problem.KEYS_MISSING || why == null) {
            what = provider + " did not accept those keys.";
        } else {
            what = why;
        }
        return what + " Nothing was saved. " + reenter + ".";
    }

    static String keysSaved(String provider, Map<String, String> masked, boolean checkedOnline,
                            boolean messageDeleted) {
        String list = masked.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        return "🔐 Saved your " + provider + " keys (" + list + "), encrypted. "
                + (checkedOnline ? provider + " accepted them." : "I could only check their format; the first film will tell.")
                + (messageDeleted ? " I deleted the message that held them." : "");
    }

    static String deleteFailed() {
        return "I could not delete the message with your keys; please delete it yourself.";
    }

    static String keys(CommandWording cs, List<String> providers, List<String> known) {
        if (providers.isEmpty()) {
            return "You have no keys saved. To add them (" + String.join(", ", known) + "), " + cs.setKeysWhere() + ".";
        }
        return "You have keys for: " + String.join(", ", providers) + ". " + cs.command("forgetkeys") + " removes them.";
    }

    static String forgot(List<String> providers) {
        return providers.isEmpty() ? "You had no keys saved." : "Removed your keys for " + String.join(", ", providers) + ".";
    }

    /** @param setkeys how this user sets this provider's keys, from {@link CommandWording#setkeys} */
    static String needKeys(CommandWording cs, String provider, String setkeys, boolean group) {
        return group ? "You have no " + provider + " keys yet, and whoever confirms pays with their own: " + cs.setKeysWhere() + "."
                : "You have no " + provider + " keys yet: " + cs.setkeysFirst(setkeys) + ".";
    }

    /** A film on several providers, and the payer lacks keys for some: which, and how to add each. */
    static String needKeysFor(CommandWording cs, List<String> providers, List<String> setkeys, boolean group) {
        String which = Wording.and(providers);
        return group ? "This film uses several providers, and whoever confirms pays with their own keys for each. "
                + "You have no keys for " + which + " yet: " + cs.setKeysWhere() + "."
                : "This film uses several providers. You have no keys for " + which + " yet: "
                + String.join(" · ", setkeys.stream().map(cs::setkeysFirst).toList()) + ".";
    }
}
