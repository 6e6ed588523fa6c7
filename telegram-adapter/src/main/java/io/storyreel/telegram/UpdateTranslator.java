package io.storyreel.telegram;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatLanes;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.CommandCatalog;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Document;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns one Telegram update into core events. Runs on the chat's lane (never on the polling thread), downloads
 * photos at once, and hands album parts to the {@link AlbumCollector}. Only Telegram's own shape is decided here
 * (which message is a command, which photo size is the real one, what counts as addressed to the bot); every rule
 * about storybooks is core's.
 */
final class UpdateTranslator {
    private static final Logger log = LoggerFactory.getLogger(UpdateTranslator.class);

    private final TelegramClient client;
    private final TelegramFileFetcher files;
    private final ChatLanes lanes;
    private final OutboundLimiter limiter;
    private final Consumer<ChatEvent> sink;
    private final CommandCatalog catalog;
    private final long botId;
    private final String botUsername;
    private final AlbumCollector albums;

    UpdateTranslator(TelegramClient client, TelegramFileFetcher files, ChatLanes lanes, OutboundLimiter limiter,
                     AlbumCollectorFactory albums, Consumer<ChatEvent> sink, CommandCatalog catalog, long botId,
                     String botUsername) {
        this.client = client;
        this.files = files;
        this.lanes = lanes;
        this.limiter = limiter;
        this.sink = sink;
        this.catalog = catalog;
        this.botId = botId;
        this.botUsername = botUsername;
        this.albums = albums.create(lanes::submit, this::deliver);
    }

    /** Builds the collector once the translator's own delivery exists. */
    @FunctionalInterface
    interface AlbumCollectorFactory {
        AlbumCollector create(java.util.function.BiConsumer<ChatRef, Runnable> onLane, Consumer<ChatEvent> emit);
    }

    /** Called on the polling thread: hands the update to its chat's lane and returns at once. */
    void accept(Update update) {
        if (update.hasCallbackQuery()) {
            CallbackQuery q = update.getCallbackQuery();
            // acknowledge at once, whatever core makes of it, so the user's button stops spinning
            try {
                client.executeAsync(AnswerCallbackQuery.builder().callbackQueryId(q.getId()).build())
                        .exceptionally(e -> {
                            log.debug("answerCallbackQuery refused: {}", e.getMessage());
                            return Boolean.FALSE;
                        });
            } catch (TelegramApiException e) {
                log.debug("answerCallbackQuery not sent: {}", e.getMessage());
            }
            MaybeInaccessibleMessage m = q.getMessage();
            if (m == null || q.getData() == null) {
                return;
            }
            ChatRef chat = TelegramRefs.chat(m.getChat());
            lanes.submit(chat, () -> emit(new ChatEvent.ButtonPressed(chat, TelegramRefs.user(q.getFrom()),
                    q.getData(), TelegramRefs.message(chat, m.getMessageId()))));
        } else if (update.hasMessage()) {
            Message m = update.getMessage();
            lanes.submit(TelegramRefs.chat(m.getChat()), () -> onMessage(m));
        }
    }

    private void onMessage(Message m) {
        ChatRef chat = TelegramRefs.chat(m.getChat());
        if (m.getMigrateToChatId() != null) {
            limiter.migrate(chat.chatId(), String.valueOf(m.getMigrateToChatId()));
            return;
        }
        if (m.getFrom() == null || Boolean.TRUE.equals(m.getFrom().getIsBot())) {
            return;
        }
        UserRef user = TelegramRefs.user(m.getFrom());
        MessageRef source = TelegramRefs.message(chat, m.getMessageId());
        MessageRef replyTo = m.getReplyToMessage() == null ? null
                : TelegramRefs.message(chat, m.getReplyToMessage().getMessageId());
        boolean repliesToBot = m.getReplyToMessage() != null && m.getReplyToMessage().getFrom() != null
                && m.getReplyToMessage().getFrom().getId() == botId;

        if (m.hasPhoto()) {
            onPhoto(m, chat, user, source, replyTo, repliesToBot);
        } else if (m.hasAudio() || m.hasVoice() || (m.hasDocument() && m.getDocument().getMimeType() != null
                && m.getDocument().getMimeType().toLowerCase(Locale.ROOT).startsWith("audio/"))) {
            onAudio(m, chat, user, source, replyTo, repliesToBot);
        } else if (m.hasDocument()) {
            onDocument(m, chat, user, source, replyTo, repliesToBot);
        } else if (m.hasText()) {
            onText(m, chat, user, source, replyTo);
        } else if (m.hasVideo() || m.hasAnimation() || m.hasSticker() || m.hasVideoNote()) {
            if (chat.isPrivate() || repliesToBot) {
                if (m.hasVideo() && m.getVideo().getFileName() != null) {
                    emit(new ChatEvent.UnsupportedFile(chat, user, m.getVideo().getFileName(), mimeOf(m), 0, source));
                } else {
                    emit(ChatEvent.UnsupportedFile.notAFile(chat, user, kindOf(m), mimeOf(m), source));
                }
            }
        }
    }

    private void onText(Message m, ChatRef chat, UserRef user, MessageRef source, MessageRef replyTo) {
        Optional<CommandLine> parsed = CommandLine.parse(m.getText(), m.getEntities());
        if (parsed.isEmpty()) {
            emit(new ChatEvent.TextMessage(chat, user, m.getText(), source, replyTo));
            return;
        }
        CommandLine cmd = parsed.get();
        if (!cmd.isFor(botUsername)) {
            return; // /list@other_bot
        }
        if (!cmd.args().isEmpty() && catalog.find(cmd.name()).filter(CommandCatalog.Command::takesSecrets).isPresent()) {
            // keys typed after the provider: an event that never carries them as command arguments
            String provider = cmd.args().get(0).toLowerCase(Locale.ROOT);
            String secret = cmd.rawArgs().substring(cmd.args().get(0).length()).trim();
            emit(new ChatEvent.SecretSubmitted(chat, user, provider, secret, source));
            return;
        }
        emit(new ChatEvent.Command(chat, user, cmd.name(), cmd.args(), cmd.rawArgs(), source, replyTo));
    }

    private void onPhoto(Message m, ChatRef chat, UserRef user, MessageRef source, MessageRef replyTo,
                         boolean repliesToBot) {
        PhotoSize best = m.getPhoto().stream().max(Comparator
                .comparingLong((PhotoSize p) -> (long) nz(p.getWidth()) * nz(p.getHeight()))
                .thenComparingLong(p -> nz(p.getFileSize()))).orElseThrow();
        addPhoto(m, chat, user, source, replyTo, repliesToBot, best.getFileId(), "photo_" + m.getMessageId() + ".jpg",
                "image/jpeg", nz(best.getFileSize()));
    }

    private void onDocument(Message m, ChatRef chat, UserRef user, MessageRef source, MessageRef replyTo,
                            boolean repliesToBot) {
        Document d = m.getDocument();
        String mime = d.getMimeType() == null ? "" : d.getMimeType().toLowerCase(Locale.ROOT);
        long size = d.getFileSize() == null ? 0 : d.getFileSize();
        String name = d.getFileName() == null ? "file" : d.getFileName();
        if (!mime.startsWith("image/") || size > files.maxBytes()) {
            // core words the refusal (not an image, or too big for a bot to download)
            emit(new ChatEvent.UnsupportedFile(chat, user, name, mime, size, source));
            return;
        }
        addPhoto(m, chat, user, source, replyTo, repliesToBot, d.getFileId(), name, mime, size);
    }

    /**
     * An audio file, a voice message or an audio document: the storybook's music. In a group it counts only as a reply
     * to the bot or with a {@code /music} caption, as photos count only when addressed.
     */
    private void onAudio(Message m, ChatRef chat, UserRef user, MessageRef source, MessageRef replyTo,
                         boolean repliesToBot) {
        String fileId;
        String name;
        String mime;
        long size;
        if (m.hasAudio()) {
            fileId = m.getAudio().getFileId();
            name = m.getAudio().getFileName();
            mime = m.getAudio().getMimeType();
            size = m.getAudio().getFileSize() == null ? 0 : m.getAudio().getFileSize();
        } else if (m.hasVoice()) {
            fileId = m.getVoice().getFileId();
            name = null; // a voice message has no name the member would know
            mime = m.getVoice().getMimeType();
            size = m.getVoice().getFileSize() == null ? 0 : m.getVoice().getFileSize();
        } else {
            fileId = m.getDocument().getFileId();
            name = m.getDocument().getFileName();
            mime = m.getDocument().getMimeType();
            size = m.getDocument().getFileSize() == null ? 0 : m.getDocument().getFileSize();
        }
        Optional<CommandLine> cmd = CommandLine.parse(m.getCaption(), m.getCaptionEntities());
        boolean musicCommand = cmd.isPresent() && cmd.get().isFor(botUsername)
                && catalog.find(cmd.get().name()).filter(CommandCatalog.Command::takesAudio).isPresent();
        if (!chat.isPrivate() && !repliesToBot && !musicCommand) {
            return; // group chatter not meant for the bot
        }
        if (size > files.maxBytes()) {
            emit(new ChatEvent.UnsupportedFile(chat, user, name, mime, size, source));
            return;
        }
        byte[] bytes;
        try {
            bytes = files.download(fileId);
        } catch (IOException e) {
            log.warn("could not download an audio file in chat {}: {}", chat.chatId(), e.getMessage());
            emit(new ChatEvent.UnsupportedFile(chat, user, name, mime, size, source));
            return;
        }
        emit(new ChatEvent.AudioAdded(chat, user, bytes, name, mime, source, replyTo, true));
    }

    private void addPhoto(Message m, ChatRef chat, UserRef user, MessageRef source, MessageRef replyTo,
                          boolean repliesToBot, String fileId, String fileName, String mime, long size) {
        String caption = m.getCaption();
        boolean addCommand = false;
        Optional<CommandLine> cmd = CommandLine.parse(caption, m.getCaptionEntities());
        if (cmd.isPresent() && addsPhoto(cmd.get().name()) && cmd.get().isFor(botUsername)) {
            addCommand = true;
            caption = cmd.get().rawArgs().isEmpty() ? null : cmd.get().rawArgs();
        }
        byte[] bytes;
        try {
            bytes = files.download(fileId);
        } catch (IOException e) {
            log.warn("could not download a photo in chat {}: {}", chat.chatId(), e.getMessage());
            emit(new ChatEvent.UnsupportedFile(chat, user, fileName, mime, size, source));
            return;
        }
        boolean addressed = chat.isPrivate() || repliesToBot || addCommand;
        ChatEvent.PhotoAdded photo = new ChatEvent.PhotoAdded(chat, user, bytes, fileName, caption,
                m.getMediaGroupId(), m.getMessageId(), source, replyTo, addressed);
        if (m.getMediaGroupId() != null) {
            albums.add(chat, photo);
        } else {
            emit(photo);
        }
    }

    /** Emits an event after any album still pending in its chat, so core sees the user's order. */
    private void emit(ChatEvent event) {
        albums.flushChat(event.chat());
        deliver(event);
    }

    private void deliver(ChatEvent event) {
        try {
            sink.accept(event);
        } catch (RuntimeException e) {
            log.error("core failed on a {} in chat {}", event.getClass().getSimpleName(), event.chat().chatId(), e);
        }
    }

    /** A caption command that adds its photo as a scene ({@code /add}). */
    private boolean addsPhoto(String name) {
        return catalog.find(name).filter(c -> c.takesPhotos() && c.offeredOn(Platform.TELEGRAM)).isPresent();
    }

    private static long nz(Integer v) {
        return v == null ? 0 : v;
    }

    /** What the member sent, in words with its article: it has no file name they would know. */
    private static String kindOf(Message m) {
        if (m.hasVideo()) {
            return "a video";
        }
        if (m.hasAnimation()) {
            return "a GIF";
        }
        if (m.hasSticker()) {
            return "a sticker";
        }
        if (m.hasVideoNote()) {
            return "a round video";
        }
        return m.hasAudio() ? "an audio file" : "a voice message";
    }

    private static String mimeOf(Message m) {
        if (m.hasVideo()) {
            return m.getVideo().getMimeType() == null ? "video/mp4" : m.getVideo().getMimeType();
        }
        if (m.hasSticker()) {
            return "image/webp";
        }
        if (m.hasAnimation()) {
            return "video/mp4";
        }
        return "audio/ogg";
    }
}
