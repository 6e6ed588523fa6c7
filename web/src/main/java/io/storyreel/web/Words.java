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
