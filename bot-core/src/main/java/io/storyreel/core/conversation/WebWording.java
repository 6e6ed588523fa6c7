package io.storyreel.core.conversation;

/** What the bot says about the storyboard page. */
final class WebWording {
    private WebWording() {
    }

    static String off() {
        return "The storyboard page is not switched on for this bot (its operator sets web.port).";
    }

    static String link(String url, long minutes, boolean forGroup) {
        return "Your storyboard page" + (forGroup ? " for the group" : "") + ": " + url + "\n"
                + "The link works once, for you only, within " + minutes + " minute" + (minutes == 1 ? "" : "s")
                + ". Do not share it.";
    }

    static String sentPrivately(String name) {
        return name + ", I sent you the link to the storyboard page in our private chat.";
    }

    static String openPage() {
        return "Open storyboard";
    }

    static String startPrivateFirst() {
        return "I can't message you privately yet: open a private chat with me, press Start, then send /web here again.";
    }
}
