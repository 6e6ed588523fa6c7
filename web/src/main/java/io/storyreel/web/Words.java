package io.storyreel.web;

/** The few sentences the page says itself: about the page's own form, before anything reaches the conversation. */
final class Words {
    private Words() {
    }

    static String noPhotos() {
        return "Choose one or more photos first.";
    }

    static String tooManyPhotos(int max) {
        return "A storybook holds at most " + max + " photos: choose " + max + " or fewer.";
    }

    static String signedOut() {
        return "This page is no longer signed in, so nothing was changed. Send /web to the bot in your chat for a new link.";
    }

    static String staleTab() {
        return "This page is out of date, so nothing was changed. Reload it and try again.";
    }

    static String noMusic() {
        return "Choose a sound file first.";
    }

    static String notANumber(String field) {
        return "The " + field + " must be a scene number.";
    }

    static String unknownAsk() {
        return "The page does not offer that.";
    }

    static String buttonGone() {
        return "That button is out of date: ask for a fresh estimate. Nothing was changed.";
    }
}
