package io.storyreel.core.conversation;

/**
 * What the bot says about whose money a press spends: the answer to a member who may not press a button (they read
 * who can, and nothing was spent or changed), the offer to pay for a clip with their own keys, and the help text's
 * rules (see {@link FilmPermissions}).
 */
final class PermissionWording {
    private PermissionWording() {
    }

    private static String who(String payer, String role) {
        return "only " + (payer == null ? "the member " + role : payer + " (" + role + ")") + " or a group admin";
    }

    static String onlyPayerStops(String payer) {
        return who(payer, "who pays for this film") + " can stop it. Nothing was changed.";
    }

    static String onlyPayerMerges(String payer) {
        return who(payer, "who pays for this film") + " can finish it without the failed clip. Nothing was changed.";
    }

    static String onlyPayerChanges(String payer) {
        return who(payer, "who pays for this film") + " can change it while it is being made. Nothing was changed. "
                + "You can make the clip again with your own keys instead; then you pay for that clip only.";
    }

    static String onlyClipPayer(String payer, boolean filmPayer) {
        return who(payer, filmPayer ? "who pays for this film" : "who paid for this clip")
                + " can retry it on their keys. Nothing was changed. You can retry it with your own keys instead; "
                + "then you pay for that clip only.";
    }

    static String onlyAsker(String asker) {
        return who(asker, "who asked for this estimate") + " can withdraw it. Anyone may confirm it, and then pays for it.";
    }

    static String retryMineLabel(int position) {
        return "💳 Clip " + position + " with my keys";
    }

    /** Said in the chat when a member takes over one clip: everyone sees whose money it is. */
    static String payingForClip(String who, int position) {
        return who + " is paying for clip " + position + " with their own keys. Making it again…";
    }

    static String helpSection() {
        return "Who pays\n"
                + "  Whoever confirms an estimate pays for the film, with their own keys.\n"
                + "  Retry, merge without and cancel: the film's payer or a group admin.\n"
                + "  Anyone may retry or redo a clip with their own keys, and pays for that clip only.";
    }
}
