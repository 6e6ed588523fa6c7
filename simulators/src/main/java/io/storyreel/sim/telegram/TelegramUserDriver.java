package io.storyreel.sim.telegram;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Tests and the demo acting as Telegram users: each action becomes messages in the world and, where the bot may see
 * them (privacy mode, A6), updates on its queue, shaped as a real client sends them. Also waits for what the bot
 * answers. The Javadoc of each action is on {@link FakeTelegramServer}, which delegates here.
 */
final class TelegramUserDriver {

    private final TelegramWorld world;
    private final TelegramJson json;
    private final FakeTelegramServer.Settings settings;
    private final ScheduledExecutorService albumDelivery;

    TelegramUserDriver(TelegramWorld world, TelegramJson json, FakeTelegramServer.Settings settings,
                       ScheduledExecutorService albumDelivery) {
        this.world = world;
        this.json = json;
        this.settings = settings;
        this.albumDelivery = albumDelivery;
    }

    SimChat migrateToSupergroup(SimChat group, long newId, SimUser by) {
        synchronized (world) {
            ChatState old = world.state(group);
            StoredMessage m = world.newMessage(old, false, by);
            m.migrateTo = newId;
            m.seenByBot = true;
            world.enqueue("message", json.message(old, m, true));
            return world.migrate(old, newId).chat;
        }
    }

    int sendText(SimChat chat, SimUser user, String text, Integer replyTo) {
        synchronized (world) {
            ChatState cs = world.state(chat);
            if (replyTo != null) {
                TelegramWorld.requireMessage(cs, replyTo);
            }
            StoredMessage m = world.newMessage(cs, false, user);
            m.show(text);
            m.replyTo = replyTo;
            return deliver(cs, m);
        }
    }

    int sendPhoto(SimChat chat, SimUser user, byte[] image, String caption, Integer replyTo) {
        synchronized (world) {
            ChatState cs = world.state(chat);
            if (replyTo != null) {
                TelegramWorld.requireMessage(cs, replyTo);
            }
            return deliver(cs, photoMessage(cs, user, image, caption, replyTo, null));
        }
    }

    /** Every part its own message and update, one {@code media_group_id}, {@code albumGap} apart (A1). */
    List<Integer> sendAlbum(SimChat chat, SimUser user, List<AlbumPart> parts, Integer replyTo) {
        if (parts.size() < 2 || parts.size() > 10) {
            throw new IllegalArgumentException("an album holds 2-10 items");
        }
        synchronized (world) {
            ChatState cs = world.state(chat);
            if (replyTo != null) {
                TelegramWorld.requireMessage(cs, replyTo);
            }
            String group = world.nextMediaGroup();
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                AlbumPart p = parts.get(i);
                StoredMessage m = photoMessage(cs, user, p.bytes(), p.caption(), replyTo, group);
                m.seenByBot = world.seenByBot(cs, m);
                ids.add(m.id);
                if (m.seenByBot) {
                    ObjectNode update = json.message(cs, m, true);
                    albumDelivery.schedule(() -> world.enqueue("message", update),
                            settings.albumGap().toMillis() * i, TimeUnit.MILLISECONDS);
                }
            }
            return ids;
        }
    }

    int sendDocument(SimChat chat, SimUser user, byte[] bytes, String fileName, String mimeType, String caption) {
        return sendFile(chat, user, bytes, fileName, mimeType, caption, null, null);
    }

    /** {@code kind}: null (a document), {@code audio} or {@code voice}; {@code replyTo} may be null. */
    int sendFile(SimChat chat, SimUser user, byte[] bytes, String fileName, String mimeType, String caption,
                 String kind, Integer replyTo) {
        synchronized (world) {
            ChatState cs = world.state(chat);
            return sendFile(cs, user, world.registerFile(bytes, "documents", extension(fileName)), fileName,
                    mimeType, caption, kind, replyTo);
        }
    }

    /** As a document, streamed from {@code file} into the world's store. */
    int sendDocument(SimChat chat, SimUser user, java.nio.file.Path file, String fileName, String mimeType,
                     String caption) {
        synchronized (world) {
            ChatState cs = world.state(chat);
            return sendFile(cs, user, world.registerFile(file, "documents", extension(fileName)), fileName,
                    mimeType, caption, null, null);
        }
    }

    private int sendFile(ChatState cs, SimUser user, StoredFile stored, String fileName, String mimeType,
                         String caption, String kind, Integer replyTo) {
        StoredMessage m = world.newMessage(cs, false, user);
        m.documentKind = kind;
        m.replyTo = replyTo;
        m.fileName = fileName;
        m.mimeType = mimeType;
        m.caption = caption;
        m.documentFile = stored;
        return deliver(cs, m);
    }

    /** A keyboard that was edited away cannot be pressed, as in the real clients. */
    String pressButton(SimChat chat, SimUser user, int messageId, String data) {
        synchronized (world) {
            ChatState cs = world.state(chat);
            StoredMessage m = TelegramWorld.requireMessage(cs, messageId);
            if (!m.fromBot || m.deleted || !m.hasButton(data)) {
                throw new IllegalArgumentException("message " + messageId + " shows no button with data " + data);
            }
            world.join(cs, user);
            String id = world.openCallbackQuery();
            world.enqueue("callback_query", json.callbackQuery(id, user, cs, m, data));
            return id;
        }
    }

    /** The current state of each message is tested, so an edit can make a message match. */
    SimMessage awaitBotMessage(SimChat chat, Predicate<SimMessage> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (world) {
            while (true) {
                for (SimMessage m : world.botMessages(chat)) {
                    if (predicate.test(m)) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || world.closed()) {
                    throw new AssertionError("no matching bot message within " + timeout + "; chat so far:\n"
                            + world.transcript(chat));
                }
                try {
                    world.awaitChange(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    private StoredMessage photoMessage(ChatState cs, SimUser user, byte[] image, String caption, Integer replyTo,
                                       String mediaGroup) {
        StoredMessage m = world.newMessage(cs, false, user);
        m.caption = caption;
        m.replyTo = replyTo;
        m.mediaGroupId = mediaGroup;
        m.photoSizes = world.registerPhoto(image);
        return m;
    }

    private int deliver(ChatState cs, StoredMessage m) {
        m.seenByBot = world.seenByBot(cs, m);
        if (m.seenByBot) {
            world.enqueue("message", json.message(cs, m, true));
        }
        return m.id;
    }

    static String extension(String fileName) {
        int dot = fileName == null ? -1 : fileName.lastIndexOf('.');
        return dot < 0 ? "bin" : fileName.substring(dot + 1);
    }
}
