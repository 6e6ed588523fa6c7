package io.storyreel.core.storyboard;

import io.storyreel.core.conversation.SettingsSheet;

import java.util.Locale;

/**
 * The one line the chat gets when a member changes a setting, the music or a scene's provider on the page: who changed
 * what, to what. In the chat the answer quotes the member's own command; the page has no message to quote, so the
 * line names them.
 */
final class PageNotes {
    private static final int SHOWN_TEXT = 40;
    private static final String WHERE = " on the storyboard page.";
    private static final java.util.regex.Pattern UNIT = java.util.regex.Pattern.compile("(.+?) \\(([^)]+)\\)");

    private PageNotes() {
    }

    /** {@code field} as the sheet shows it after the change (its label, and its value as its options name it). */
    static String setting(String who, SettingsSheet.Field field) {
        // a label's unit, "Music volume (%)", goes after the value: "music volume to 60 %"
        java.util.regex.Matcher unit = UNIT.matcher(field.label());
        boolean withUnit = unit.matches() && field.value() != null && !field.value().isBlank();
        String name = unit.matches() ? unit.group(1) : field.label();
        return who + " changed " + lowerFirst(name) + " to " + shown(field) + (withUnit ? " " + unit.group(2) : "") + WHERE;
    }

    /** A setting the form does not show now (it changed what the form offers): as it was typed. */
    static String typed(String who, String key, String value) {
        return who + " changed " + key + " to " + value + WHERE;
    }

    static String provider(String who, String provider) {
        return who + " changed the provider to " + provider + WHERE;
    }

    /** {@code what} is "the style preset", "the template". */
    static String applied(String who, String what, String name) {
        return who + " applied " + what + " \"" + name + "\"" + WHERE;
    }

    static String musicSet(String who, String name) {
        return who + " set the music to " + (name == null || name.isBlank() ? "a sound file" : "\"" + name + "\"") + WHERE;
    }

    static String musicRemoved(String who) {
        return who + " removed the music" + WHERE;
    }

    /** {@code choice} null: back to the storybook's provider. */
    static String sceneChoice(String who, int scene, String choice) {
        return who + " chose " + (choice == null ? "the storybook's provider" : choice) + " for scene " + scene + WHERE;
    }

    private static String shown(SettingsSheet.Field f) {
        if (f.value() == null || f.value().isBlank()) {
            return f.kind() == SettingsSheet.Kind.TEXT ? "none" : "the provider's default";
        }
        if (f.kind() == SettingsSheet.Kind.TEXT) {
            String v = f.value().length() > SHOWN_TEXT ? f.value().substring(0, SHOWN_TEXT - 1) + "…" : f.value();
            return "\"" + io.storyreel.core.logging.SecretRegistry.mask(v) + "\"";
        }
        return f.options().stream().filter(o -> o.value().equals(f.value())).map(SettingsSheet.Option::label)
                .findFirst().orElse(f.value());
    }

    private static String lowerFirst(String label) {
        return label.isEmpty() ? label : label.substring(0, 1).toLowerCase(Locale.ROOT) + label.substring(1);
    }
}
