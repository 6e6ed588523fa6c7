package io.storyreel.telegram;

import io.storyreel.core.chat.Button;
import io.storyreel.core.chat.ChatDeliveryException;
import io.storyreel.core.chat.ChatPort;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.CommandSyntax;
import io.storyreel.core.chat.LongText;
import io.storyreel.core.chat.Mention;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.chat.VideoShape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.send.SendVideo;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageCaption;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageReplyMarkup;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.EntityType;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Core's replies as Bot API calls. Every call into a chat goes through the chat's {@link OutboundLimiter} queue.
 * {@link #send}, {@link #delete} and {@link #sendVideo} block until Telegram answered; {@link #edit} returns at once
 * (progress edits are coalesced, so a caller must not wait on each one) and logs a refusal instead of throwing.
 */
public final class TelegramChatPort implements ChatPort {
    private static final Logger log = LoggerFactory.getLogger(TelegramChatPort.class);
    /** Telegram's caption limit, after entity parsing (spec A1). */
    static final int CAPTION_LIMIT = 1024;
    /** Telegram's message text limit, after entity parsing: longer texts are refused with "message is too long". */
    static final int TEXT_LIMIT = 4096;

    private final TelegramClient client;
    /** For films: never retries a request by itself (see {@link TelegramBot}). */
    private final TelegramClient uploads;
    private final OutboundLimiter limiter;
    private final ScheduledExecutorService timer;
    private final TelegramSettings settings;
    private final Set<MessageRef> captionedPhotos = ConcurrentHashMap.newKeySet();
    private final TelegramSyntax syntax;
    private final ChatAdmins admins;

    TelegramChatPort(TelegramClient client, TelegramClient uploads, OutboundLimiter limiter,
                     ScheduledExecutorService timer, TelegramSettings settings, TelegramSyntax syntax) {
        this.client = client;
        this.uploads = uploads;
        this.limiter = limiter;
        this.timer = timer;
        this.settings = settings;
        this.syntax = syntax;
        this.admins = new ChatAdmins(client, limiter::currentId, System::nanoTime);
    }

    private volatile String username;

    @Override
    public CommandSyntax syntax() {
        return syntax;
    }

    @Override
    public MessageRef send(ChatRef chat, Message message) {
        if (message.image() != null) {
            return sendPicture(chat, message);
        }
        // a text over the limit goes as several messages: the first answers what it replies to, the last has the
        // buttons, and it is the last one core gets back to edit
        List<String> parts = LongText.split(message.text(), TEXT_LIMIT);
        MessageRef ref = null;
        for (int i = 0; i < parts.size(); i++) {
            String text = parts.get(i);
            boolean last = i == parts.size() - 1;
            Integer replyTo = i == 0 ? replyTo(message) : null;
            org.telegram.telegrambots.meta.api.objects.message.Message sent = await(limiter.submit(chat, id ->
                    client.execute(SendMessage.builder().chatId(id).text(text)
                            .replyMarkup(last ? keyboard(message.buttons()) : null)
                            .replyToMessageId(replyTo).build())), "send a message");
            ref = TelegramRefs.message(chat, sent.getMessageId());
        }
        return ref;
    }

    /**
     * A text that fits one message is queued and answered by the future, so no thread waits for the chat's pace; a
     * picture or a longer text is sent as {@link #send} sends it.
     */
    @Override
    public CompletableFuture<MessageRef> sendAsync(ChatRef chat, Message message) {
        List<String> parts = message.image() != null ? List.of() : LongText.split(message.text(), TEXT_LIMIT);
        if (parts.size() != 1) {
            return ChatPort.super.sendAsync(chat, message);
        }
        String text = parts.get(0);
        CompletableFuture<org.telegram.telegrambots.meta.api.objects.message.Message> sent = limiter.submit(chat, id ->
                client.execute(SendMessage.builder().chatId(id).text(text)
                        .replyMarkup(keyboard(message.buttons()))
                        .replyToMessageId(replyTo(message)).build()));
        CompletableFuture<MessageRef> ref = new CompletableFuture<>();
        sent.whenComplete((m, e) -> {
            if (e == null) {
                ref.complete(TelegramRefs.message(chat, m.getMessageId()));
            } else {
                ref.completeExceptionally(delivery(unwrap(e), "send a message"));
            }
        });
        return ref;
    }

    /** A picture (the storyboard) with the text as caption, or followed by the text when it is too long. */
    private MessageRef sendPicture(ChatRef chat, Message message) {
        boolean fits = message.text() != null && message.text().length() <= CAPTION_LIMIT;
        org.telegram.telegrambots.meta.api.objects.message.Message photo = await(limiter.submit(chat, id ->
                client.execute(SendPhoto.builder().chatId(id)
                        .photo(new InputFile(new ByteArrayInputStream(message.image()), "storyboard.png"))
                        .caption(fits ? message.text() : null)
                        .replyMarkup(fits ? keyboard(message.buttons()) : null)
                        .replyToMessageId(replyTo(message)).build())), "send a picture");
        MessageRef ref = TelegramRefs.message(chat, photo.getMessageId());
        if (fits) {
            captionedPhotos.add(ref);
            return ref;
        }
        return send(chat, new Message(message.text(), message.buttons(), null, message.privateToUser(), null));
    }

    @Override
    public void edit(MessageRef ref, Message message) {
        int messageId = TelegramRefs.messageId(ref);
        boolean caption = captionedPhotos.contains(ref);
        limiter.submitEdit(ref.chat(), ref.messageId(), message, m -> id -> {
            try {
                // an edit cannot become two messages: a text too long for one is trimmed
                if (caption) {
                    return client.execute(EditMessageCaption.builder().chatId(id).messageId(messageId)
                            .caption(trimCaption(m.text())).replyMarkup(keyboard(m.buttons())).build());
                }
                return client.execute(EditMessageText.builder().chatId(id).messageId(messageId)
                        .text(LongText.trim(m.text(), TEXT_LIMIT)).replyMarkup(keyboard(m.buttons())).build());
            } catch (TelegramApiRequestException e) {
                if (e.getApiResponse() != null && e.getApiResponse().contains("message is not modified")) {
                    return Boolean.TRUE; // the text is already there: that is success
                }
                throw e;
            }
        }).whenComplete((r, e) -> {
            if (e != null) {
                log.warn("Telegram refused an edit in chat {}: {}", ref.chat().chatId(), describe(unwrap(e)));
            }
        });
    }

    /** {@code editMessageReplyMarkup} without a keyboard: the caption and its entities stay untouched. */
    @Override
    public void removeButtons(MessageRef ref) {
        int messageId = TelegramRefs.messageId(ref);
        await(limiter.submitFirst(ref.chat(), id -> client.execute(EditMessageReplyMarkup.builder().chatId(id)
                .messageId(messageId).build())), "take the buttons off a message");
    }

    @Override
    public void delete(MessageRef ref) {
        int messageId = TelegramRefs.messageId(ref);
        await(limiter.submitFirst(ref.chat(), id ->
                client.execute(DeleteMessage.builder().chatId(id).messageId(messageId).build())), "delete a message");
    }

    @Override
    public MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<List<Button>> buttons) {
        return sendVideo(chat, mp4, caption, buttons, null);
    }

    /** With its shape, clients lay the film out and show its length before downloading it. */
    @Override
    public MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<List<Button>> buttons, VideoShape shape) {
        return sendVideo(chat, mp4, caption, List.of(), buttons, shape);
    }

    /**
     * Mentions go as {@code text_mention} entities over the names the caption already shows: no parse mode, so no
     * name needs escaping, and each member is notified by id whether or not they have a username.
     */
    @Override
    public MessageRef sendVideo(ChatRef chat, Path mp4, String caption, List<Mention> mentions,
                                List<List<Button>> buttons, VideoShape shape) {
        String trimmed = trimCaption(caption);
        List<MessageEntity> entities = Mention.within(mentions, trimmed == null ? 0 : trimmed.length()).stream()
                .<MessageEntity>map(m -> MessageEntity.builder().type(EntityType.TEXTMENTION).offset(m.offset()).length(m.length())
                        .user(User.builder().id(Long.parseLong(m.userId())).isBot(false)
                                .firstName(trimmed.substring(m.offset(), m.end())).build())
                        .build())
                .toList();
        showActivity(chat, Activity.UPLOAD_VIDEO);
        long every = settings.activityEvery().toMillis();
        ScheduledFuture<?> pinger = timer.scheduleAtFixedRate(() -> showActivity(chat, Activity.UPLOAD_VIDEO),
                every, every, TimeUnit.MILLISECONDS);
        try {
            org.telegram.telegrambots.meta.api.objects.message.Message sent = await(limiter.submitAheadOfEdits(chat, id ->
                    uploads.execute(shaped(SendVideo.builder().chatId(id)
                            .video(new InputFile(mp4.toFile(), "storyreel.mp4"))
                            .supportsStreaming(true)
                            .caption(trimmed)
                            .captionEntities(entities)
                            .replyMarkup(keyboard(buttons)), shape).build())), "upload the film");
            // large groups may hold a video back and answer message_id 0 (spec A3): still a delivery
            return TelegramRefs.message(chat, sent.getMessageId());
        } finally {
            pinger.cancel(false);
        }
    }

    @Override
    public MessageRef sendDocument(ChatRef chat, Path file, String fileName, String caption, List<List<Button>> buttons) {
        showActivity(chat, Activity.UPLOAD_VIDEO);
        org.telegram.telegrambots.meta.api.objects.message.Message sent = await(limiter.submitAheadOfEdits(chat, id ->
                uploads.execute(SendDocument.builder().chatId(id)
                        .document(new InputFile(file.toFile(), fileName))
                        .caption(trimCaption(caption))
                        .replyMarkup(keyboard(buttons)).build())), "upload the film as a file");
        return TelegramRefs.message(chat, sent.getMessageId());
    }

    @Override
    public long uploadLimitBytes(ChatRef chat) {
        return settings.uploadLimitBytes();
    }

    /** {@code getChatMember}, remembered briefly ({@link ChatAdmins}). */
    @Override
    public boolean isAdministrator(ChatRef chat, UserRef user) {
        return admins.isAdministrator(chat, user);
    }

    /** {@code getChatMember}, remembered briefly ({@link ChatAdmins}). */
    @Override
    public boolean isMember(ChatRef chat, UserRef user) {
        return admins.isMember(chat, user);
    }

    /** Sent outside the queue: a chat action is no message and must not wait behind the upload it announces. */
    @Override
    public void showActivity(ChatRef chat, Activity activity) {
        String action = activity == Activity.UPLOAD_VIDEO ? ActionType.UPLOAD_VIDEO.toString()
                : ActionType.TYPING.toString();
        try {
            client.executeAsync(SendChatAction.builder().chatId(limiter.currentId(chat.chatId())).action(action)
                    .build()).exceptionally(e -> {
                        log.debug("chat action refused in chat {}: {}", chat.chatId(), describe(unwrap(e)));
                        return Boolean.FALSE;
                    });
        } catch (TelegramApiException e) {
            log.debug("chat action not sent in chat {}: {}", chat.chatId(), describe(e));
        }
    }

    static String trimCaption(String caption) {
        return LongText.trim(caption, CAPTION_LIMIT);
    }

    private static Integer replyTo(Message message) {
        return message.replyTo() == null ? null : TelegramRefs.messageId(message.replyTo());
    }

    private static SendVideo.SendVideoBuilder<?, ?> shaped(SendVideo.SendVideoBuilder<?, ?> video, VideoShape shape) {
        if (shape == null || shape.width() <= 0 || shape.height() <= 0) {
            return video;
        }
        video.duration(Math.max(1, shape.durationSeconds())).width(shape.width()).height(shape.height());
        if (shape.thumbnailJpeg() != null) {
            // a new upload in its own part: the Bot API takes no reused thumbnail (file_id or URL)
            video.thumbnail(new InputFile(new ByteArrayInputStream(shape.thumbnailJpeg()), "thumbnail.jpg"));
        }
        return video;
    }

    InlineKeyboardMarkup keyboard(List<List<Button>> rows) {
        if (rows == null || rows.isEmpty()) {
            return null;
        }
        List<InlineKeyboardRow> drawn = rows.stream().map(row -> new InlineKeyboardRow(row.stream()
                .map(this::button).filter(java.util.Objects::nonNull).toList()))
                .filter(row -> !row.isEmpty()).toList();
        return drawn.isEmpty() ? null : InlineKeyboardMarkup.builder().keyboard(drawn).build();
    }

    /**
     * A press button, or one that opens the storyboard page as the bot's Mini App with its start parameter (the bot's
     * main Mini App link, {@code t.me/<bot>?startapp=...}: web_app buttons work in private chats only, links in groups
     * too); left out while the bot's username is not known yet.
     */
    private InlineKeyboardButton button(Button b) {
        if (b.startPage() == null) {
            return InlineKeyboardButton.builder().text(b.label()).callbackData(b.data()).build();
        }
        String bot = username;
        return bot == null ? null : InlineKeyboardButton.builder().text(b.label())
                .url("https://t.me/" + bot + "?startapp=" + b.startPage()).build();
    }

    /** The bot's @username (from getMe at start), which links to its Mini App name. */
    void knowUsername(String name) {
        this.username = name;
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // the request may be on its way: the caller cannot know whether it arrived
            throw new ChatDeliveryException("Interrupted while waiting to " + what, ChatDeliveryException.Kind.NO_ANSWER, e);
        } catch (ExecutionException e) {
            throw delivery(e.getCause(), what);
        }
    }

    static ChatDeliveryException delivery(Throwable e, String what) {
        if (e instanceof ChatDeliveryException d) {
            return d;
        }
        return new ChatDeliveryException("Telegram did not let the bot " + what + ": " + describe(e), kind(e), e);
    }

    /**
     * What an error says about a send: Telegram's own answer is certain (413 too large, another 4xx refused, 5xx
     * failed); without an answer, a request that never connected failed, one that went out may have been posted.
     */
    static ChatDeliveryException.Kind kind(Throwable e) {
        if (e instanceof TelegramApiRequestException r && r.getErrorCode() != null) {
            int code = r.getErrorCode();
            return code == 413 ? ChatDeliveryException.Kind.TOO_LARGE
                    : code >= 400 && code < 500 && code != 429 ? ChatDeliveryException.Kind.REFUSED
                    : ChatDeliveryException.Kind.FAILED;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException) {
                return ChatDeliveryException.Kind.FAILED;
            }
            if (t instanceof java.io.IOException) {
                return ChatDeliveryException.Kind.NO_ANSWER;
            }
        }
        return ChatDeliveryException.Kind.FAILED;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static String describe(Throwable e) {
        if (e instanceof TelegramApiRequestException r) {
            return r.getErrorCode() + " " + r.getApiResponse();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
