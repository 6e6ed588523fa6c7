package io.storyreel.sim.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the fake Telegram holds: chats and their messages, stored files, the queue of updates the bot has not
 * confirmed, open callback queries, the registered command menu and the upload limit. Thread-safe: this object's
 * monitor guards all of it, and long polls and waiting readers wait on it, so the routes and the user driver take it
 * (with {@code synchronized (world)}) around every step that must be atomic and call {@link #changed} after a change.
 */
final class TelegramWorld {

    private final FakeTelegramServer.Settings settings;
    private final Clock clock;
    private final Map<Long, ChatState> chats = new HashMap<>();
    private final List<ObjectNode> pendingUpdates = new ArrayList<>();
    private final Map<String, StoredFile> filesById = new HashMap<>();
    private final Map<String, StoredFile> filesByPath = new HashMap<>();
    private final FileShelf shelf = new FileShelf();
    /** Callback query id → answered yet. */
    private final Map<String, Boolean> callbacks = new LinkedHashMap<>();
    private final Map<String, JsonNode> myCommands = new HashMap<>();
    private long uploadLimit;
    private int nextUpdateId = 1000;
    private int nextFile = 1;
    private long nextMediaGroup = 13_900_000_000_000_000L;
    private int nextCallback = 1;
    private boolean closed;
    /** The webhook the bot set (null: none, it polls) and what getWebhookInfo tells about it. */
    private String webhookUrl;
    private String webhookSecret;
    private List<String> webhookAllowed = List.of();
    private long webhookErrorDate;
    private String webhookErrorMessage;
    private final List<WebhookCall> webhookCalls = new ArrayList<>();

    /** The next update to POST, where, and with which secret. */
    record Outgoing(String url, String secret, ObjectNode update) {
    }

    TelegramWorld(FakeTelegramServer.Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.uploadLimit = settings.uploadLimitBytes();
    }

    // ------------------------------------------------------------------ chats

    synchronized ChatState privateChat(SimUser user) {
        ChatState cs = chats.computeIfAbsent(user.id(), id -> new ChatState(new SimChat(id, "private", null)));
        cs.privateUser = user;
        return cs;
    }

    synchronized ChatState groupChat(long id, String type, String title) {
        return chats.computeIfAbsent(id, i -> new ChatState(new SimChat(i, type, title)));
    }

    /** A new supergroup taking over {@code old}'s title and the bot's rights; {@code old} now refuses every call. */
    synchronized ChatState migrate(ChatState old, long newId) {
        ChatState now = new ChatState(new SimChat(newId, "supergroup", old.chat.title()));
        now.botAdmin = old.botAdmin;
        chats.put(newId, now);
        old.migratedTo = newId;
        return now;
    }

    /** The chat a test named; a chat the world does not know is a mistake in the test. */
    synchronized ChatState state(SimChat chat) {
        ChatState cs = chats.get(chat.id());
        if (cs == null) {
            throw new IllegalArgumentException("unknown chat " + chat.id());
        }
        return cs;
    }

    /** The chat a Bot API call names, if the world knows it. */
    synchronized Optional<ChatState> chat(long id) {
        return Optional.ofNullable(chats.get(id));
    }

    // ------------------------------------------------------------------ messages

    /** {@code user} is in the chat: {@code getChatMember} knows them (a plain member unless given a status). */
    synchronized void join(ChatState cs, SimUser user) {
        if (user != null) {
            cs.members.put(user.id(), user);
        }
    }

    synchronized StoredMessage newMessage(ChatState cs, boolean fromBot, SimUser from) {
        join(cs, from);
        StoredMessage m = new StoredMessage(cs.nextMessageId++, fromBot, from, clock.instant().getEpochSecond());
        cs.messages.put(m.id, m);
        return m;
    }

    /** A message a test refers to; one the chat does not hold is a mistake in the test. */
    static StoredMessage requireMessage(ChatState cs, int id) {
        StoredMessage m = cs.messages.get(id);
        if (m == null) {
            throw new IllegalArgumentException("no message " + id + " in chat " + cs.chat.id());
        }
        return m;
    }

    /** Privacy mode (A6): in groups the bot sees commands, replies to its messages and service messages only. */
    boolean seenByBot(ChatState cs, StoredMessage m) {
        if (cs.chat.isPrivate() || !settings.privacyMode() || cs.botAdmin) {
            return true;
        }
        String t = m.text != null ? m.text : m.caption;
        if (t != null && t.startsWith("/")) {
            String cmd = t.split("\\s", 2)[0];
            int at = cmd.indexOf('@');
            // a bare command reaches the bot as if it was the last bot to speak in the group (the only bot here)
            return at < 0 || cmd.substring(at + 1).equalsIgnoreCase(settings.botUsername());
        }
        if (m.replyTo != null) {
            StoredMessage r = cs.messages.get(m.replyTo);
            return r != null && r.fromBot;
        }
        return false;
    }

    synchronized String nextMediaGroup() {
        return Long.toString(nextMediaGroup++);
    }

    // ------------------------------------------------------------------ files

    /** The photo in every size a client would upload (A2), each its own file, smallest first. */
    synchronized List<StoredFile> registerPhoto(byte[] image) {
        List<StoredFile> sizes = new ArrayList<>();
        for (PhotoSizes.Size s : PhotoSizes.of(image)) {
            StoredFile f = registerFile(s.bytes(), "photos", "jpg");
            f.width = s.width();
            f.height = s.height();
            sizes.add(f);
        }
        return sizes;
    }

    synchronized StoredFile registerFile(byte[] bytes, String dir, String ext) {
        return register(shelf.put(bytes), dir, ext);
    }

    /** The same as {@link #registerFile(byte[], String, String)} for a file on disk, copied without holding it. */
    synchronized StoredFile registerFile(java.nio.file.Path source, String dir, String ext) {
        return register(shelf.put(source), dir, ext);
    }

    private StoredFile register(FileShelf.Shelved content, String dir, String ext) {
        int n = nextFile++;
        StoredFile f = new StoredFile("BQACAgIAAx" + n + "Fk" + Integer.toHexString(content.contentHash()),
                "AgAD" + n, dir + "/file_" + n + "." + ext, content.file(), content.size());
        filesById.put(f.fileId, f);
        filesByPath.put(f.path, f);
        return f;
    }

    synchronized Optional<StoredFile> fileById(String fileId) {
        return Optional.ofNullable(filesById.get(fileId));
    }

    synchronized Optional<StoredFile> fileByPath(String path) {
        return Optional.ofNullable(filesByPath.get(path));
    }

    // ------------------------------------------------------------------ updates

    /** Queues an update carrying {@code payload} under {@code kind} ({@code message}, {@code callback_query}). */
    synchronized void enqueue(String kind, ObjectNode payload) {
        ObjectNode u = JsonNodeFactory.instance.objectNode();
        u.put("update_id", nextUpdateId++);
        u.set(kind, payload);
        pendingUpdates.add(u);
        notifyAll();
    }

    /**
     * Long polling (A7, B5): a given {@code offset} confirms every update before it, and those are gone for good;
     * with nothing pending the call is held up to {@code holdMillis} and wakes on the first new update.
     */
    synchronized ArrayNode takeUpdates(Long offset, int limit, long holdMillis) {
        if (offset != null) {
            pendingUpdates.removeIf(u -> u.get("update_id").asLong() < offset);
        }
        long deadline = System.currentTimeMillis() + holdMillis;
        while (pendingUpdates.isEmpty() && !closed && webhookUrl == null) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (webhookUrl != null) {
            return out; // a webhook was set while this poll waited: the updates go there now
        }
        pendingUpdates.stream().limit(limit).forEach(out::add);
        return out;
    }

    synchronized int pendingUpdates() {
        return pendingUpdates.size();
    }

    // ------------------------------------------------------------------ webhook (A10)

    synchronized boolean webhookActive() {
        return webhookUrl != null;
    }

    /** setWebhook: from now on updates are POSTed to {@code url}; {@code drop} forgets the ones waiting. */
    synchronized void setWebhook(String url, String secret, List<String> allowed, boolean drop) {
        webhookCalls.add(new WebhookCall("setwebhook", url, drop));
        webhookUrl = url;
        webhookSecret = secret;
        webhookAllowed = allowed == null ? List.of() : List.copyOf(allowed);
        webhookErrorDate = 0;
        webhookErrorMessage = null;
        if (drop) {
            pendingUpdates.clear();
        }
        notifyAll();
    }

    /** deleteWebhook: back to getUpdates; {@code drop} forgets the updates waiting. */
    synchronized void deleteWebhook(boolean drop) {
        webhookCalls.add(new WebhookCall("deletewebhook", webhookUrl, drop));
        webhookUrl = null;
        webhookSecret = null;
        webhookAllowed = List.of();
        if (drop) {
            pendingUpdates.clear();
        }
        notifyAll();
    }

    synchronized WebhookState webhookState() {
        return new WebhookState(webhookUrl == null ? "" : webhookUrl, webhookSecret != null, pendingUpdates.size(),
                webhookErrorDate, webhookErrorMessage, webhookAllowed);
    }

    synchronized List<WebhookCall> webhookCalls() {
        return List.copyOf(webhookCalls);
    }

    /**
     * The oldest pending update, to POST to the webhook, after waiting at least {@code pauseMillis} (a pause after a
     * failed POST) and then until there is a webhook and an update; null after a short wait with neither.
     */
    synchronized Outgoing nextForWebhook(long pauseMillis) throws InterruptedException {
        if (pauseMillis > 0) {
            wait(pauseMillis);
        }
        long deadline = System.currentTimeMillis() + 500;
        while (!closed && (webhookUrl == null || pendingUpdates.isEmpty())) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        if (closed) {
            throw new InterruptedException("closed");
        }
        return new Outgoing(webhookUrl, webhookSecret, pendingUpdates.get(0));
    }

    /** The webhook answered 2xx: that update is delivered. */
    synchronized void confirmWebhookDelivery(ObjectNode update) {
        pendingUpdates.remove(update);
        notifyAll();
    }

    synchronized void webhookFailed(String message) {
        webhookErrorDate = clock.instant().getEpochSecond();
        webhookErrorMessage = message;
    }

    // ------------------------------------------------------------------ callback queries and commands

    synchronized String openCallbackQuery() {
        String id = "cbq-" + (nextCallback++);
        callbacks.put(id, false);
        return id;
    }

    /** Marks the query answered; false when it is unknown or was answered already. */
    synchronized boolean answerCallbackQuery(String id) {
        if (id == null || !Boolean.FALSE.equals(callbacks.get(id))) {
            return false;
        }
        callbacks.put(id, true);
        return true;
    }

    synchronized boolean callbackAnswered(String id) {
        return Boolean.TRUE.equals(callbacks.get(id));
    }

    /** The menu as {@code setMyCommands} sent it, or null when none is registered. */
    synchronized JsonNode commands(String scope) {
        return myCommands.get(scope);
    }

    synchronized void setCommands(String scope, JsonNode commands) {
        if (commands == null) {
            myCommands.remove(scope);
        } else {
            myCommands.put(scope, commands);
        }
    }

    private JsonNode menuButton;

    /** The default menu button as {@code setChatMenuButton} (without chat_id) set it, or null. */
    synchronized JsonNode menuButton() {
        return menuButton;
    }

    synchronized void setMenuButton(JsonNode button) {
        menuButton = button;
    }

    synchronized Map<String, String> commandMenu(String scope) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode menu = myCommands.get(scope);
        if (menu != null) {
            menu.forEach(c -> out.put(c.path("command").asText(), c.path("description").asText()));
        }
        return out;
    }

    // ------------------------------------------------------------------ limits, reading, waiting

    synchronized long uploadLimit() {
        return uploadLimit;
    }

    synchronized void setUploadLimit(long bytes) {
        uploadLimit = bytes;
    }

    synchronized List<SimMessage> messages(SimChat chat) {
        return state(chat).messages.values().stream().map(StoredMessage::snapshot).toList();
    }

    synchronized List<SimMessage> botMessages(SimChat chat) {
        return state(chat).messages.values().stream().filter(m -> m.fromBot).map(StoredMessage::snapshot).toList();
    }

    synchronized Optional<SimMessage> message(SimChat chat, int messageId) {
        return Optional.ofNullable(state(chat).messages.get(messageId)).map(StoredMessage::snapshot);
    }

    synchronized List<String> chatActions(SimChat chat) {
        return List.copyOf(state(chat).actions);
    }

    synchronized String transcript(SimChat chat) {
        return Transcript.render(state(chat).chat, messages(chat));
    }

    /** Wakes every long poll and waiting reader: something they may be waiting for changed. */
    synchronized void changed() {
        notifyAll();
    }

    /** Waits at most {@code nanos} for a change. */
    synchronized void awaitChange(long nanos) throws InterruptedException {
        TimeUnit.NANOSECONDS.timedWait(this, nanos);
    }

    synchronized boolean closed() {
        return closed;
    }

    synchronized void close() {
        closed = true;
        shelf.close();
        notifyAll();
    }
}
