package io.storyreel.discord;

import discord4j.common.util.Snowflake;
import discord4j.core.GatewayDiscordClient;
import discord4j.core.event.domain.interaction.DeferrableInteractionEvent;
import discord4j.discordjson.json.MessageCreateRequest;
import discord4j.discordjson.json.MessageData;
import discord4j.discordjson.json.MessageEditRequest;
import discord4j.discordjson.possible.Possible;
import discord4j.rest.http.client.ClientException;
import discord4j.rest.util.MultipartRequest;
import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatDeliveryException;
import io.storyreel.core.chat.ChatPort;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.CommandSyntax;
import io.storyreel.core.chat.LongText;
import io.storyreel.core.chat.Mention;
import io.storyreel.core.chat.VideoShape;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuples;

/**
 * Core's messages, delivered on Discord. The first answer to an interaction fills its deferred reply; private answers
 * ({@link Message#privateToUser()}) are ephemeral and go through the interaction their {@code replyTo} names
 * ({@code i:<interaction id>}); a later public answer to an interaction is its follow-up. A public answer to an
 * interaction deferred privately (a command whose refusals are private turned out fine) replaces the private
 * "thinking" with a channel message, as does everything else. Edits use the interaction webhook while its token is young and switch to {@code PATCH
 * /channels/{c}/messages/{m}} before the 15-minute token dies (or when Discord already calls it invalid), so a film
 * that takes an hour still updates its progress message. The film is a channel message within the upload limit: the
 * {@code attachment_size_limit} the channel's latest interaction announced (Discord4J's model lacks the field, so
 * {@link DiscordBot} reads it from the raw gateway payload), or the configured default.
 */
public final class DiscordChatPort implements ChatPort {
    private static final Logger log = LoggerFactory.getLogger(DiscordChatPort.class);
    /** Interaction tokens live 15 minutes; stop using them a minute early. */
    static final Duration TOKEN_SAFE_AGE = Duration.ofMinutes(14);
    static final int MAX_CONTENT = 2000;
    private static final int INVALID_WEBHOOK_TOKEN = 50027;
    private static final int TOO_LARGE = 40005;

    private final long uploadLimitBytes;
    private final Clock clock;
    private final DiscordSyntax syntax;
    private final Duration timeout = Duration.ofSeconds(60);
    private final Map<String, Deque<Slot>> openByChat = new ConcurrentHashMap<>();
    private final Map<String, Slot> byInteraction = new ConcurrentHashMap<>();
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, Message> shown = new ConcurrentHashMap<>();
    /** Channel id → the {@code attachment_size_limit} its latest interaction carried. */
    private final Map<String, Long> channelLimits = new ConcurrentHashMap<>();
    private final MemberPermissions permissions = new MemberPermissions();
    private volatile GatewayDiscordClient gateway;

    private record Sent(Slot slot, boolean original, boolean ephemeral) {
    }

    DiscordChatPort(long uploadLimitBytes, Clock clock, DiscordSyntax syntax) {
        this.uploadLimitBytes = uploadLimitBytes;
        this.clock = clock;
        this.syntax = syntax;
    }

    @Override
    public CommandSyntax syntax() {
        return syntax;
    }

    void bind(GatewayDiscordClient gateway) {
        this.gateway = gateway;
    }

    /** Administrator or Manage Messages, as the member's latest interaction in this channel said. */
    @Override
    public boolean isAdministrator(ChatRef chat, io.storyreel.core.chat.UserRef user) {
        return permissions.isAdministrator(chat, user);
    }

    /** Called by the bot right after it acknowledged an interaction (and before core handles its event). */
    void opened(DeferrableInteractionEvent event, boolean ephemeral, boolean awaitingAnswer) {
        permissions.remember(event.getInteraction());
        Slot slot = new Slot(event, clock.instant(), ephemeral, awaitingAnswer);
        String chat = event.getInteraction().getChannelId().asString();
        synchronized (this) {
            Deque<Slot> open = openByChat.computeIfAbsent(chat, k -> new ArrayDeque<>());
            open.removeIf(s -> !fresh(s));
            open.addLast(slot);
            byInteraction.entrySet().removeIf(e -> !fresh(e.getValue()));
            byInteraction.put(event.getInteraction().getId().asString(), slot);
        }
    }

    /**
     * A text over Discord's 2,000 characters goes as several messages: the first takes the path any message would
     * (answering its interaction, with the picture), the rest follow it the same way (follow-ups of that
     * interaction, ephemeral if it was, or channel messages), the last with the buttons; core gets the last back.
     */
    @Override
    public MessageRef send(ChatRef chat, Message message) {
        List<String> parts = LongText.split(message.text(), MAX_CONTENT);
        if (parts.size() == 1) {
            return sendOne(chat, message);
        }
        MessageRef ref = sendOne(chat, new Message(parts.get(0), List.of(), message.image(), message.privateToUser(),
                message.replyTo()));
        Sent first = sent.get(ref.messageId());
        try {
            for (int i = 1; i < parts.size(); i++) {
                Message part = Message.text(parts.get(i))
                        .withButtons(i == parts.size() - 1 ? message.buttons() : List.of());
                ref = first != null && fresh(first.slot())
                        ? followup(chat, first.slot(), part, first.ephemeral())
                        : channelMessage(chat, part);
            }
        } catch (ClientException e) {
            throw delivery("send", e);
        }
        return ref;
    }

    private MessageRef sendOne(ChatRef chat, Message message) {
        Claim claim = claim(chat, message);
        Slot slot = claim.slot();
        try {
            if (claim.answers()) {
                return answer(chat, slot, message);
            }
            if (message.privateToUser()) {
                // core names the interaction a private answer belongs to; guessing is for answers that name none
                Slot target = slot != null ? slot : message.replyTo() == null ? latestFresh(chat) : null;
                if (target != null) {
                    return followup(chat, target, message, true);
                }
                log.info("private message for {} without a live interaction; posting it in the channel", chat.key());
            }
            if (slot != null && !slot.ephemeral) {
                // a public answer to an interaction already acknowledged (e.g. a button press): its follow-up, which
                // stays editable through the channel once the token is too old
                return followup(chat, slot, message, false);
            }
            return channelMessage(chat, message);
        } catch (ClientException e) {
            throw delivery("send", e);
        }
    }

    @Override
    public void edit(MessageRef ref, Message message) {
        if (message.equals(shown.get(ref.messageId()))) {
            return;
        }
        Sent how = sent.get(ref.messageId());
        try {
            if (how != null && fresh(how.slot())) {
                try {
                    viaWebhook(how, ref, message);
                    shown.put(ref.messageId(), message);
                    return;
                } catch (ClientException e) {
                    if (errorCode(e) != INVALID_WEBHOOK_TOKEN || how.ephemeral()) {
                        throw e;
                    }
                    log.info("interaction token already invalid; editing {} through the channel", ref.messageId());
                }
            } else if (how != null && how.ephemeral()) {
                throw new ChatDeliveryException("A private message can only be changed for 15 minutes.");
            }
            MessageEditRequest edit = MessageEditRequest.builder()
                    .content(Possible.of(Optional.of(DiscordMessages.content(message))))
                    .components(Possible.of(Optional.of(DiscordMessages.componentData(message.buttons()))))
                    .build();
            rest().getChannelService().editMessage(id(ref.chat().chatId()), id(ref.messageId()),
                    MultipartRequest.ofRequest(edit)).block(timeout);
            shown.put(ref.messageId(), message);
        } catch (ClientException e) {
            throw delivery("edit", e);
        }
    }

    /** Only the components go ({@code PATCH} without {@code content}): the caption and its mentions stay. */
    @Override
    public void removeButtons(MessageRef ref) {
        try {
            rest().getChannelService().editMessage(id(ref.chat().chatId()), id(ref.messageId()), MultipartRequest.ofRequest(
                    MessageEditRequest.builder().components(Possible.of(Optional.of(List.of()))).build())).block(timeout);
            shown.computeIfPresent(ref.messageId(), (k, m) -> m.withButtons(List.of()));
        } catch (ClientException e) {
            throw delivery("edit", e);
        }
    }

    /** A slash command ({@code i:…}) is no message: its options reach the bot and are shown to no one. */
    @Override
    public boolean posted(MessageRef ref) {
        return ref != null && !ref.messageId().startsWith("i:");
    }

    @Override
    public void delete(MessageRef ref) {
        Sent how = sent.remove(ref.messageId());
        shown.remove(ref.messageId());
        try {
            if (how != null && how.ephemeral()) {
                if (fresh(how.slot())) {
                    (how.original() ? how.slot().event.deleteReply()
                            : how.slot().event.deleteFollowup(Snowflake.of(ref.messageId()))).block(timeout);
                }
                return; // an expired ephemeral message disappears on its own
            }
            rest().getChannelService().deleteMessage(id(ref.chat().chatId()), id(ref.messageId()), null)
                    .block(timeout);
        } catch (ClientException e) {
            throw delivery("delete", e);
        }
    }

    @Override
    public MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<List<Button>> buttons) {
        return sendVideo(chat, mp4, caption, List.of(), buttons, null);
    }

    /** Discord's upload metadata has no duration or size for a video (only voice messages carry one). */
    @Override
    public MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<Mention> mentions,
                                List<List<Button>> buttons, VideoShape shape) {
        // Discord clients play attachments inline by their extension; core's blob files may have none
        String name = mp4.getFileName().toString();
        return upload(chat, mp4, name.toLowerCase(java.util.Locale.ROOT).endsWith(".mp4") ? name : "film.mp4", caption,
                mentions, buttons);
    }

    /** On Discord every file is an attachment: the film goes as one under {@code fileName}. */
    @Override
    public MessageRef sendDocument(ChatRef chat, Path file, String fileName, String caption, List<List<Button>> buttons) {
        return upload(chat, file, fileName, caption, List.of(), buttons);
    }

    private MessageRef upload(ChatRef chat, Path file, String fileName, String caption, List<Mention> mentions,
                              List<List<Button>> buttons) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ChatDeliveryException("The film file could not be read.", false, e);
        }
        long limit = uploadLimitBytes(chat);
        if (size > limit) {
            throw new ChatDeliveryException("The film is larger than Discord accepts here (" + size + " > "
                    + limit + " bytes).", true, null);
        }
        try (InputStream in = Files.newInputStream(file)) {
            MessageCreateRequest request = MessageCreateRequest.builder()
                    .content(DiscordMessages.withMentions(caption, mentions))
                    .allowedMentions(DiscordMessages.onlyThese(mentions))
                    .components(DiscordMessages.componentData(buttons))
                    .build();
            List<Tuple2<String, InputStream>> files = List.of(Tuples.of(fileName, in));
            MessageData data = rest().getChannelService()
                    .createMessage(id(chat.chatId()), MultipartRequest.ofRequestAndFiles(request, files))
                    .block(timeout);
            return remember(chat, Objects.requireNonNull(data).id().asString(), null, false, false,
                    Message.text(caption).withButtons(buttons));
        } catch (IOException e) {
            throw new ChatDeliveryException("The film file could not be read.", false, e);
        } catch (ClientException e) {
            ChatDeliveryException refused = delivery("upload", e);
            if (refused.tooLarge()) {
                // Discord's answer is the real limit here: the next film for this channel aims below this one
                channelLimits.put(chat.chatId(), Math.min(limit, size - 1));
            }
            throw refused;
        } catch (ChatDeliveryException e) {
            throw e;
        } catch (RuntimeException e) {
            // a timeout or a dropped connection once the upload began: Discord may have posted it
            throw new ChatDeliveryException("No answer from Discord to the upload: " + e.getClass().getSimpleName(),
                    ChatDeliveryException.Kind.NO_ANSWER, null);
        }
    }

    @Override
    public long uploadLimitBytes(ChatRef chat) {
        return channelLimits.getOrDefault(chat.chatId(), uploadLimitBytes);
    }

    /**
     * Remembers the per-file limit an interaction in {@code channelId} announced ({@code attachment_size_limit}: the
     * maximum of the server's boost tier and the user's Nitro). Nonsense values are ignored.
     */
    void noteUploadLimit(String channelId, long bytes) {
        if (channelId != null && bytes >= 1024 * 1024 && bytes <= 4L * 1024 * 1024 * 1024) {
            Long before = channelLimits.put(channelId, bytes);
            if (before == null || before != bytes) {
                log.debug("channel {} accepts files up to {} bytes", channelId, bytes);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    /** The slot whose deferred reply this message fills; claiming marks it answered, so no two sends share it. */
    private record Claim(Slot slot, boolean answers) {
    }

    private synchronized Claim claim(ChatRef chat, Message message) {
        if (message.replyTo() != null && message.replyTo().messageId().startsWith("i:")) {
            Slot s = byInteraction.get(message.replyTo().messageId().substring(2));
            if (s != null && fresh(s)) {
                boolean answers = s.awaitingAnswer;
                s.awaitingAnswer = false;
                return new Claim(s, answers);
            }
        }
        Deque<Slot> open = openByChat.get(chat.chatId());
        if (open == null) {
            return new Claim(null, false);
        }
        open.removeIf(s -> !fresh(s));
        // core answers events in the order they came, so the oldest unanswered interaction gets the next answer
        for (Slot s : open) {
            if (s.awaitingAnswer) {
                s.awaitingAnswer = false;
                return new Claim(s, true);
            }
        }
        return new Claim(null, false);
    }

    private synchronized Slot latestFresh(ChatRef chat) {
        Deque<Slot> open = openByChat.get(chat.chatId());
        if (open == null) {
            return null;
        }
        open.removeIf(s -> !fresh(s));
        return open.peekLast();
    }

    private MessageRef answer(ChatRef chat, Slot slot, Message message) {
        if (message.privateToUser() && !slot.ephemeral) {
            // the deferral was public; a private answer replaces it with an ephemeral follow-up
            slot.event.deleteReply().block(timeout);
            return followup(chat, slot, message, true);
        }
        if (!message.privateToUser() && slot.ephemeral) {
            // deferred privately in case of a refusal; the answer is for everyone: it goes to the channel, and the
            // "thinking" only the member saw goes away
            slot.event.deleteReply().block(timeout);
            return channelMessage(chat, message);
        }
        discord4j.core.object.entity.Message reply = slot.event.editReply()
                .withContentOrNull(DiscordMessages.content(message))
                .withComponentsOrNull(DiscordMessages.components(message.buttons()))
                .withFiles(DiscordMessages.files(message))
                .block(timeout);
        return remember(chat, Objects.requireNonNull(reply).getId().asString(), slot, true, slot.ephemeral, message);
    }

    private MessageRef followup(ChatRef chat, Slot slot, Message message, boolean ephemeral) {
        discord4j.core.object.entity.Message m = slot.event.createFollowup(DiscordMessages.content(message))
                .withEphemeral(ephemeral)
                .withComponents(DiscordMessages.components(message.buttons()))
                .withFiles(DiscordMessages.files(message))
                .block(timeout);
        return remember(chat, Objects.requireNonNull(m).getId().asString(), slot, false, ephemeral, message);
    }

    private MessageRef channelMessage(ChatRef chat, Message message) {
        MessageCreateRequest request = MessageCreateRequest.builder()
                .content(DiscordMessages.content(message))
                .components(DiscordMessages.componentData(message.buttons()))
                .build();
        List<Tuple2<String, InputStream>> files = message.image() == null ? List.of()
                : List.of(Tuples.of(DiscordMessages.imageName(message.image()), new ByteArrayInputStream(message.image())));
        MessageData data = rest().getChannelService()
                .createMessage(id(chat.chatId()), MultipartRequest.ofRequestAndFiles(request, files))
                .block(timeout);
        return remember(chat, Objects.requireNonNull(data).id().asString(), null, false, false, message);
    }

    private void viaWebhook(Sent how, MessageRef ref, Message message) {
        if (how.original()) {
            how.slot().event.editReply().withContentOrNull(DiscordMessages.content(message))
                    .withComponentsOrNull(DiscordMessages.components(message.buttons())).block(timeout);
        } else {
            how.slot().event.editFollowup(Snowflake.of(ref.messageId())).withContentOrNull(DiscordMessages.content(message))
                    .withComponentsOrNull(DiscordMessages.components(message.buttons())).block(timeout);
        }
    }

    private MessageRef remember(ChatRef chat, String messageId, Slot slot, boolean original, boolean ephemeral,
                                Message message) {
        sent.put(messageId, new Sent(slot, original, ephemeral));
        shown.put(messageId, message);
        return new MessageRef(chat, messageId);
    }

    private boolean fresh(Slot slot) {
        return slot != null && Duration.between(slot.received, clock.instant()).compareTo(TOKEN_SAFE_AGE) < 0;
    }

    private discord4j.rest.RestClient rest() {
        GatewayDiscordClient g = gateway;
        if (g == null) {
            throw new ChatDeliveryException("The Discord bot is not connected yet.");
        }
        return g.getRestClient();
    }

    private static long id(String snowflake) {
        return Long.parseUnsignedLong(snowflake);
    }

    static int errorCode(ClientException e) {
        return e.getErrorResponse().map(r -> r.getFields().get("code"))
                .filter(Number.class::isInstance).map(c -> ((Number) c).intValue()).orElse(0);
    }

    /** Never passes the ClientException on: its request description holds the interaction token. */
    private static ChatDeliveryException delivery(String what, ClientException e) {
        int code = errorCode(e);
        int status = e.getStatus().code();
        ChatDeliveryException.Kind kind = status == 413 || code == TOO_LARGE ? ChatDeliveryException.Kind.TOO_LARGE
                : status >= 400 && status < 500 && status != 429 ? ChatDeliveryException.Kind.REFUSED
                : ChatDeliveryException.Kind.FAILED;
        return new ChatDeliveryException("Discord refused the " + what + ": HTTP " + status
                + (code == 0 ? "" : " code " + code), kind, null);
    }
}
