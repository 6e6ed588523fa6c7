package io.storyreel.core.conversation;

import io.storyreel.core.chat.Button;

/**
 * What a button does, packed into its callback data as {@code verb|target|arg} (Telegram allows 64 bytes, so the
 * target is a storybook or film id and nothing else). A press whose target is no longer in the expected state is
 * answered as stale, never acted on twice. A button about one clip carries {@code position.ref} ({@link #clip}):
 * the clip's place and the attempt it was shown for, so pressing it again after it made a new attempt is stale.
 */
record ButtonAction(Verb verb, String target, String arg) {

    enum Verb {
        CONFIRM("ok"), DECLINE("no"), PROVIDER("pv"), SETTING("st"), RETRY_CLIP("rt"), MERGE_WITHOUT("mw"),
        CANCEL_FILM("cx"), REDO_ASK("rd"), REDO_CONFIRM("rc"), REGENERATE("rg"), RESEND_FILM("hf"),
        /** Retry or redo one clip paid with the presser's own keys: they pay for that clip only. */
        RETRY_MINE("rm"),
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

    /** A clip's position and the {@code ref} of the attempt the button was made for (null: whichever is current). */
    record ClipArg(int position, String ref) {
        String encode() {
            return ref == null ? String.valueOf(position) : position + "." + ref;
        }
    }

    /** This button's clip, if its argument names one ({@code 2}, or {@code 2.ab12cd34}). */
    java.util.Optional<ClipArg> clip() {
        if (arg == null) {
            return java.util.Optional.empty();
        }
        int dot = arg.indexOf('.');
        String n = dot < 0 ? arg : arg.substring(0, dot);
        String ref = dot < 0 ? null : arg.substring(dot + 1);
        if (ref != null && !ref.matches("[0-9a-f-]{1,36}")) {
            return java.util.Optional.empty();
        }
        return ChatContext.number(n).filter(p -> p > 0).map(p -> new ClipArg(p, ref));
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
