package io.storyreel.core.chat;

import java.util.List;

/**
 * Everything a user can do, already parsed by the adapter (Telegram command text, Discord slash options and
 * modals all become these). {@code source} is the user's message when there is one (for replies and deletion).
 */
public sealed interface ChatEvent {
    ChatRef chat();

    UserRef user();

    /** A command such as {@code make} or {@code prompt} (no slash, no {@code @botname}) with its arguments. */
    record Command(ChatRef chat, UserRef user, String name, List<String> args, String rawArgs, MessageRef source,
                   MessageRef replyTo) implements ChatEvent {
        public Command {
            args = args == null ? List.of() : List.copyOf(args);
            rawArgs = rawArgs == null ? "" : rawArgs;
        }
    }

    /**
     * A photo (single, album part, image document, or Discord attachment) whose bytes the adapter already
     * downloaded. {@code caption} may be null. {@code albumId} groups album parts (Telegram media_group_id) and
     * {@code order} keeps album order. {@code replyTo} is set when the photo answers one of the bot's messages.
     * {@code addressed} is true when the user clearly meant the bot: any photo in a private chat, a reply to the
     * bot's message, a Telegram {@code /add} caption (the adapter strips the command from {@code caption}), a
     * Discord {@code /story add}. In groups, core ignores photos that are not addressed.
     */
    record PhotoAdded(ChatRef chat, UserRef user, byte[] bytes, String fileName, String caption, String albumId,
                      long order, MessageRef source, MessageRef replyTo, boolean addressed) implements ChatEvent {
    }

    /**
     * An audio file sent as the storybook's music (Telegram audio, voice message or a document with an audio MIME
     * type; a Discord {@code /story music} attachment), bytes already downloaded. {@code fileName} may be null (a voice
     * message has none). {@code addressed} as for {@link PhotoAdded}: in groups, core ignores audio that is not
     * addressed to the bot (a reply to it, or a {@code /music} caption).
     */
    record AudioAdded(ChatRef chat, UserRef user, byte[] bytes, String fileName, String mimeType, MessageRef source,
                      MessageRef replyTo, boolean addressed) implements ChatEvent {
    }

    /**
     * Several photos that arrived together: a Telegram album (grouped by media_group_id after a short debounce, in
     * album order) or a Discord {@code /story create} with several image/prompt pairs. Handled as one batch so the
     * chat gets one answer.
     */
    record Album(ChatRef chat, UserRef user, java.util.List<PhotoAdded> photos) implements ChatEvent {
        public Album {
            photos = java.util.List.copyOf(photos);
        }
    }

    /** Free text that is not a command; {@code replyTo} tells which bot message it answers, when it does. */
    record TextMessage(ChatRef chat, UserRef user, String text, MessageRef source, MessageRef replyTo)
            implements ChatEvent {
    }

    /**
     * A button press on the bot's {@code message}. The adapter acknowledges the press itself; core answers with
     * messages. {@code source} is the press itself when the platform can answer it directly (Discord:
     * {@code i:<interaction id>}, so a private answer reaches the member who pressed); null on Telegram.
     */
    record ButtonPressed(ChatRef chat, UserRef user, String data, MessageRef message, MessageRef source)
            implements ChatEvent {
        public ButtonPressed(ChatRef chat, UserRef user, String data, MessageRef message) {
            this(chat, user, data, message, null);
        }
    }

    /**
     * Provider keys the user typed (Telegram {@code /setkeys} text, Discord modal). {@code secret} is the raw
     * text after the provider name; it must never be logged or echoed. {@code source} is the message to delete
     * (null when no chat message held the keys); {@code submission} is what the answer goes to when that is not a
     * message (Discord: the modal submission {@code i:<interaction id>}), else null.
     */
    record SecretSubmitted(ChatRef chat, UserRef user, String provider, String secret, MessageRef source,
                           MessageRef submission) implements ChatEvent {
        public SecretSubmitted(ChatRef chat, UserRef user, String provider, String secret, MessageRef source) {
            this(chat, user, provider, secret, source, null);
        }

        @Override
        public String toString() {
            return "SecretSubmitted[chat=" + chat + ", user=" + user + ", provider=" + provider + ", secret=***]";
        }
    }

    /** A file that is not an image (or could not be read as one): answered with a friendly refusal. */
    record UnsupportedFile(ChatRef chat, UserRef user, String fileName, String mimeType, long bytes,
                           MessageRef source, String kind) implements ChatEvent {
        /** A file the member sent, named {@code fileName}. */
        public UnsupportedFile(ChatRef chat, UserRef user, String fileName, String mimeType, long bytes,
                               MessageRef source) {
            this(chat, user, fileName, mimeType, bytes, source, null);
        }

        /**
         * Something that is no file at all to the member (a sticker, a voice message): said with {@code kind} in
         * words, such as "a sticker", never as if it were a file name.
         */
        public static UnsupportedFile notAFile(ChatRef chat, UserRef user, String kind, String mimeType,
                                               MessageRef source) {
            return new UnsupportedFile(chat, user, null, mimeType, 0, source, kind);
        }
    }
}
