package io.storyreel.core.conversation;

import io.storyreel.core.chat.Button;

/**
 * What a button does, packed into its callback data as {@code verb|target|arg} (Telegram allows 64 bytes, so the
 * target is a storybook or film id and nothing else). A press whose target is no longer in the expected state is
 * answered as stale, never acted on twice.
 */
record ButtonAction(Verb verb, String target, String arg) {

    enum Verb {
        CONFIRM("ok"), DECLINE("no"), PROVIDER("pv"), SETTING("st"), RETRY_CLIP("rt"), MERGE_WITHOUT("mw"),
        CANCEL_FILM("cx"), REDO_ASK("rd"), REDO_CONFIRM("rc"), REGENERATE("rg"), RESEND_FILM("hf"),
        /** A choice offered when a film did not surely reach the chat; the target is the film, the arg the choice. */
        FILM_CHOICE("fc");

        final String code;

        Verb(String code) {
            this.code = code;
        }
    }

    Button button(String label) {
        return new Button(label, encode());
    }

    String encode() {
        return verb.code + "|" + (target == null ? "" : target) + "|" + (arg == null ? "" : arg);
    }

    /** Null when the data is not ours (an old bot version, a forged press). */
    static ButtonAction decode(String data) {
        if (data == null) {
            return null;
        }
        String[] parts = data.split("\\|", 3);
        if (parts.length != 3) {
            return null;
        }
        for (Verb v : Verb.values()) {
            if (v.code.equals(parts[0])) {
                return new ButtonAction(v, parts[1].isEmpty() ? null : parts[1], parts[2].isEmpty() ? null : parts[2]);
            }
        }
        return null;
    }
}
