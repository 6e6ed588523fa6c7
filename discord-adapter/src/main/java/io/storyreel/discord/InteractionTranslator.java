package io.storyreel.discord;

import discord4j.core.event.domain.interaction.ButtonInteractionEvent;
import discord4j.core.event.domain.interaction.ChatInputInteractionEvent;
import discord4j.core.event.domain.interaction.InteractionCreateEvent;
import discord4j.core.event.domain.interaction.ModalSubmitInteractionEvent;
import discord4j.core.object.command.ApplicationCommandInteractionOption;
import discord4j.core.object.command.ApplicationCommandInteractionOptionValue;
import discord4j.core.object.command.Interaction;
import discord4j.core.object.component.TextInput;
import discord4j.core.object.entity.Attachment;
import discord4j.core.object.entity.User;
import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.CommandCatalog;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns Discord interactions into core events by the same catalogue {@link SlashCommands} registered: commands that
 * carry photos ({@code /story add}, {@code /story create}) into photos (bytes downloaded at once), other commands into
 * {@link ChatEvent.Command} with the option values as arguments in catalogue order, the {@code /setkeys} modal into
 * {@link ChatEvent.SecretSubmitted}, buttons into
 * {@link ChatEvent.ButtonPressed}. The source of each event is {@code i:<interaction id>} so replies can find their
 * interaction.
 */
final class InteractionTranslator {
    static final String MODAL_PREFIX = "setkeys:";

    private final AttachmentDownloader downloader;
    private final CommandCatalog catalog;

    InteractionTranslator(AttachmentDownloader downloader, CommandCatalog catalog) {
        this.downloader = downloader;
        this.catalog = catalog;
    }

    static ChatRef chatOf(Interaction interaction) {
        ChatKind kind = interaction.getGuildId().isPresent() ? ChatKind.GROUP : ChatKind.PRIVATE;
        return new ChatRef(Platform.DISCORD, interaction.getChannelId().asString(), kind);
    }

    static UserRef userOf(Interaction interaction) {
        User u = interaction.getUser();
        return new UserRef(Platform.DISCORD, u.getId().asString(), u.getGlobalName().orElse(u.getUsername()));
    }

    static MessageRef sourceOf(InteractionCreateEvent event) {
        return new MessageRef(chatOf(event.getInteraction()), "i:" + event.getInteraction().getId().asString());
    }

    private static Optional<ApplicationCommandInteractionOption> subcommand(ChatInputInteractionEvent event) {
        return event.getOptions().stream()
                .filter(o -> o.getType() == discord4j.core.object.command.ApplicationCommandOption.Type.SUB_COMMAND)
                .findFirst();
    }

    ChatEvent slash(ChatInputInteractionEvent event) {
        Interaction i = event.getInteraction();
        ChatRef chat = chatOf(i);
        UserRef user = userOf(i);
        MessageRef source = sourceOf(event);
        List<ApplicationCommandInteractionOption> options = subcommand(event)
                .map(ApplicationCommandInteractionOption::getOptions).orElse(event.getOptions());
        String name = name(event);
        Optional<CommandCatalog.Command> known = catalog.find(name);
        if (known.isEmpty()) {
            return command(chat, user, source, name);
        }
        CommandCatalog.Command c = known.get();
        if (c.takesPhotos()) {
            ChatEvent photos = c.repeat() == 1 ? photo(chat, user, source, c, options, "", null, 0)
                    : album(chat, user, source, c, options);
            // Discord requires the first photo; without one the command is answered like the typed command
            return photos != null ? photos : command(chat, user, source, name);
        }
        if (c.takesAudio()) {
            Optional<Attachment> file = c.args().stream().filter(a -> a.type() == CommandCatalog.ArgType.AUDIO)
                    .map(a -> attachment(options, a.name())).flatMap(Optional::stream).findFirst();
            if (file.isPresent()) {
                return audio(chat, user, source, file.get());
            }
        }
        // the option values in catalogue order, as Telegram users type them after the command
        return command(chat, user, source, name, c.args().stream()
                .filter(a -> a.type() != CommandCatalog.ArgType.SECRET && a.type() != CommandCatalog.ArgType.AUDIO)
                .map(a -> string(options, a.name())).toArray(Optional[]::new));
    }

    /** The catalogue's name of the command: the subcommand's under {@code /story}, else the command's own. */
    static String name(ChatInputInteractionEvent event) {
        return subcommand(event).map(ApplicationCommandInteractionOption::getName).orElse(event.getCommandName());
    }

    ChatEvent modal(ModalSubmitInteractionEvent event) {
        Interaction i = event.getInteraction();
        String provider = event.getCustomId().substring(MODAL_PREFIX.length());
        List<String> parts = new ArrayList<>();
        for (TextInput input : event.getComponents(TextInput.class)) {
            input.getValue().map(String::trim).filter(v -> !v.isEmpty()).ifPresent(parts::add);
        }
        // the same shape as Telegram's "/setkeys <provider> <key...>": the raw key text after the provider
        // no chat message held the keys (source null: nothing to delete); the answer goes to the submission itself
        return new ChatEvent.SecretSubmitted(chatOf(i), userOf(i), provider, String.join(" ", parts), null,
                sourceOf(event));
    }

    ChatEvent button(ButtonInteractionEvent event) {
        Interaction i = event.getInteraction();
        ChatRef chat = chatOf(i);
        return new ChatEvent.ButtonPressed(chat, userOf(i), event.getCustomId(),
                new MessageRef(chat, event.getMessageId().asString()), sourceOf(event));
    }

    private ChatEvent album(ChatRef chat, UserRef user, MessageRef source, CommandCatalog.Command c,
                            List<ApplicationCommandInteractionOption> options) {
        List<ChatEvent.PhotoAdded> photos = new ArrayList<>();
        for (int n = 1; n <= SlashCommands.repeats(c); n++) {
            ChatEvent e = photo(chat, user, source, c, options, String.valueOf(n), source.messageId(), n);
            if (e == null) {
                continue;
            }
            if (e instanceof ChatEvent.PhotoAdded p) {
                photos.add(p);
            } else {
                return e; // one unusable file spoils the batch: core answers it like a single bad file
            }
        }
        if (photos.isEmpty()) {
            return null;
        }
        return photos.size() == 1 ? photos.get(0) : new ChatEvent.Album(chat, user, photos);
    }

    /**
     * The photo of one set of the command's options ({@code suffix} numbers the set of a repeating command): its
     * attachment, and its text option as the caption. Null when that set was left empty.
     */
    private ChatEvent photo(ChatRef chat, UserRef user, MessageRef source, CommandCatalog.Command c,
                            List<ApplicationCommandInteractionOption> options, String suffix, String albumId,
                            long order) {
        Optional<Attachment> image = Optional.empty();
        String caption = null;
        for (CommandCatalog.Arg arg : c.args()) {
            if (arg.type() == CommandCatalog.ArgType.ATTACHMENT && image.isEmpty()) {
                image = attachment(options, arg.name() + suffix);
            } else if (arg.type() == CommandCatalog.ArgType.TEXT && caption == null) {
                caption = string(options, arg.name() + suffix).orElse(null);
            }
        }
        String prompt = caption;
        return image.map(a -> photo(chat, user, source, a, prompt, albumId, order)).orElse(null);
    }

    private ChatEvent photo(ChatRef chat, UserRef user, MessageRef source, Attachment a, String caption,
                            String albumId, long order) {
        String type = a.getContentType().orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith("image/") || a.getSize() > downloader.maxBytes()) {
            return new ChatEvent.UnsupportedFile(chat, user, a.getFilename(), type, a.getSize(), source);
        }
        byte[] bytes;
        try {
            bytes = downloader.download(a.getUrl());
        } catch (IOException e) {
            return new ChatEvent.UnsupportedFile(chat, user, a.getFilename(), type, a.getSize(), source);
        }
        return new ChatEvent.PhotoAdded(chat, user, bytes, a.getFilename(), caption, albumId, order, source, null,
                true);
    }

    /** A sound file given as {@code /story music file:…}: the storybook's music, checked by core. */
    private ChatEvent audio(ChatRef chat, UserRef user, MessageRef source, Attachment a) {
        String type = a.getContentType().orElse("");
        if (a.getSize() > downloader.maxBytes()) {
            return new ChatEvent.UnsupportedFile(chat, user, a.getFilename(), type, a.getSize(), source);
        }
        byte[] bytes;
        try {
            bytes = downloader.download(a.getUrl());
        } catch (IOException e) {
            return new ChatEvent.UnsupportedFile(chat, user, a.getFilename(), type, a.getSize(), source);
        }
        return new ChatEvent.AudioAdded(chat, user, bytes, a.getFilename(), type, source, null, true);
    }

    private static ChatEvent.Command command(ChatRef chat, UserRef user, MessageRef source, String name,
                                             Optional<?>... args) {
        List<String> values = new ArrayList<>();
        for (Optional<?> a : args) {
            a.map(Object::toString).filter(s -> !s.isBlank()).ifPresent(values::add);
        }
        return new ChatEvent.Command(chat, user, name, values, String.join(" ", values), source, null);
    }

    private static Optional<String> string(List<ApplicationCommandInteractionOption> options, String name) {
        return find(options, name).flatMap(ApplicationCommandInteractionOption::getValue)
                .map(ApplicationCommandInteractionOptionValue::getRaw);
    }

    private static Optional<Attachment> attachment(List<ApplicationCommandInteractionOption> options, String name) {
        return find(options, name).flatMap(ApplicationCommandInteractionOption::getValue)
                .map(ApplicationCommandInteractionOptionValue::asAttachment);
    }

    private static Optional<ApplicationCommandInteractionOption> find(List<ApplicationCommandInteractionOption> options,
                                                                      String name) {
        return options.stream().filter(o -> o.getName().equals(name)).findFirst();
    }
}
