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
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns Discord interactions into core events: {@code /story add} and {@code /story create} into photos (bytes
 * downloaded at once), other commands into {@link ChatEvent.Command} with the option values as arguments in a fixed
 * order, the {@code /setkeys} modal into {@link ChatEvent.SecretSubmitted}, buttons into
 * {@link ChatEvent.ButtonPressed}. The source of each event is {@code i:<interaction id>} so replies can find their
 * interaction.
 */
final class InteractionTranslator {
    static final String MODAL_PREFIX = "setkeys:";

    private final AttachmentDownloader downloader;

    InteractionTranslator(AttachmentDownloader downloader) {
        this.downloader = downloader;
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

    /** The command and subcommand path, e.g. {@code story add} or {@code keys}. */
    static String path(ChatInputInteractionEvent event) {
        String name = event.getCommandName();
        return subcommand(event).map(s -> name + " " + s.getName()).orElse(name);
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
        String path = path(event);
        return switch (path) {
            case "story add" -> photo(chat, user, source, attachment(options, "image").orElseThrow(),
                    string(options, "prompt").orElse(null), null, 0);
            case "story create" -> album(chat, user, source, options);
            case "story new" -> command(chat, user, source, "new", string(options, "title"));
            case "story remove", "story redo" -> command(chat, user, source, path.substring(6),
                    string(options, "scene"));
            case "story move" -> command(chat, user, source, "move", string(options, "from"), string(options, "to"));
            case "story prompt" -> command(chat, user, source, "prompt", string(options, "scene"),
                    string(options, "text"));
            case "provider", "forgetkeys" -> command(chat, user, source, path, string(options, "provider"));
            case "settings" -> command(chat, user, source, "settings", string(options, "option"),
                    string(options, "value"));
            default -> command(chat, user, source, path.startsWith("story ") ? path.substring(6) : path);
        };
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

    private ChatEvent album(ChatRef chat, UserRef user, MessageRef source,
                            List<ApplicationCommandInteractionOption> options) {
        List<ChatEvent.PhotoAdded> photos = new ArrayList<>();
        for (int n = 1; n <= SlashCommands.MAX_PAIRS; n++) {
            Optional<Attachment> image = attachment(options, "image" + n);
            if (image.isEmpty()) {
                continue;
            }
            ChatEvent e = photo(chat, user, source, image.get(), string(options, "prompt" + n).orElse(null),
                    source.messageId(), n);
            if (e instanceof ChatEvent.PhotoAdded p) {
                photos.add(p);
            } else {
                return e; // one unusable file spoils the batch: core answers it like a single bad file
            }
        }
        return photos.size() == 1 ? photos.get(0) : new ChatEvent.Album(chat, user, photos);
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
