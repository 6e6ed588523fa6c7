package io.storyreel.sim.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fake Telegram Bot API server on 127.0.0.1 (a free port) that speaks the wire protocol: methods at
 * {@code /bot<token>/<method>} (case-insensitive names; query, JSON, urlencoded or multipart parameters), file
 * downloads at {@code /file/bot<token>/<path>}. Tests and the demo act as users ({@link #sendText},
 * {@link #sendPhoto}, {@link #sendAlbum}, {@link #pressButton}, ...) and read what the bot sent
 * ({@link #botMessages}, {@link #awaitBotMessage}, {@link #transcript}).
 *
 * <p>What it models, each from {@code shared/specs/chat-platforms.md}: long polling with offsets that holds an empty
 * request and wakes on new updates (A7, B5); message ids per chat; albums as separate updates sharing a
 * {@code media_group_id} that arrive with gaps (A1); photos in several sizes (A2); privacy mode in groups (A6);
 * "message is not modified" (A4); 429 with {@code retry_after} by rule ({@link #faults()}); 413 above the upload
 * limit (A3); deletion rights (A5); a group upgraded to a supergroup answering {@code migrate_to_chat_id} (A4); a
 * webhook (A10): {@code setWebhook} with {@code secret_token}, updates then POSTed to it in order with
 * {@code X-Telegram-Bot-Api-Secret-Token} until answered 2xx, {@code getUpdates} refused with 409 meanwhile,
 * {@code deleteWebhook} back to polling, {@code drop_pending_updates} honoured and journaled ({@link #webhookCalls}).
 *
 * <p>This class is the fake's one public face and delegates: {@code TelegramWorld} holds the chats, messages, files
 * and update queue (thread-safe behind its monitor), {@code BotApiRoutes} and {@code MessageRoutes} answer the Bot
 * API, {@code TelegramUserDriver} plays the users and waits for the bot, and {@code TelegramJson} renders.
 */
public final class FakeTelegramServer implements AutoCloseable {

    /**
     * How the fake behaves. {@code token} must look like a real one ({@code <botId>:<secret>});
     * {@code uploadLimitBytes} is the largest multipart file accepted (Telegram: 50 MB); {@code albumGap} is the
     * delay between the updates of one album; {@code maxPollHold} caps how long an empty {@code getUpdates} is held
     * (the request's own {@code timeout} is the other cap).
     */
    public record Settings(String token, String botUsername, String botName, long uploadLimitBytes,
                           boolean privacyMode, Duration albumGap, Duration maxPollHold) {
        public static Settings defaults() {
            return new Settings("7000001:AAFakeTokenForTests_not_a_real_one", "storyreel_test_bot", "Storyreel",
                    50L * 1024 * 1024, true, Duration.ofMillis(150), Duration.ofMillis(500));
        }

        public Settings withUploadLimit(long bytes) {
            return new Settings(token, botUsername, botName, bytes, privacyMode, albumGap, maxPollHold);
        }

        public Settings withPrivacyMode(boolean on) {
            return new Settings(token, botUsername, botName, uploadLimitBytes, on, albumGap, maxPollHold);
        }

        public Settings withAlbumGap(Duration gap) {
            return new Settings(token, botUsername, botName, uploadLimitBytes, privacyMode, gap, maxPollHold);
        }

        public Settings withToken(String newToken) {
            return new Settings(newToken, botUsername, botName, uploadLimitBytes, privacyMode, albumGap, maxPollHold);
        }

        public Settings withBotUsername(String username) {
            return new Settings(token, username, botName, uploadLimitBytes, privacyMode, albumGap, maxPollHold);
        }

        long botId() {
            return Long.parseLong(token.substring(0, token.indexOf(':')));
        }
    }

    private final Settings settings;
    private final HttpServer http;
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService albumDelivery;
    private final RequestJournal journal = new RequestJournal();
    private final TelegramFaults faults = new TelegramFaults();
    private final TelegramWorld world;
    private final TelegramUserDriver users;
    private final WebhookDelivery webhook;

    private FakeTelegramServer(Settings settings, int port) throws IOException {
        this.settings = settings;
        Clock clock = Clock.systemUTC();
        TelegramJson json = new TelegramJson(new ObjectMapper(), settings);
        this.world = new TelegramWorld(settings, clock);
        this.albumDelivery = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fake-telegram-albums"));
        this.users = new TelegramUserDriver(world, json, settings, albumDelivery);
        this.webhook = new WebhookDelivery(world, json.mapper());
        BotApiRoutes routes = new BotApiRoutes(settings, world, json, faults, journal, clock);
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        AtomicInteger n = new AtomicInteger();
        this.httpThreads = Executors.newCachedThreadPool(r -> daemon(r, "fake-telegram-http-" + n.incrementAndGet()));
        http.setExecutor(httpThreads);
        http.createContext("/", routes::handle);
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static FakeTelegramServer start(Settings settings) {
        return start(settings, 0);
    }

    /** Starts on {@code port} (0 = any free port), e.g. for {@code storyreel simulate --telegram-port}. */
    public static FakeTelegramServer start(Settings settings, int port) {
        try {
            FakeTelegramServer s = new FakeTelegramServer(settings, port);
            s.http.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake Telegram server", e);
        }
    }

    public static FakeTelegramServer start() {
        return start(Settings.defaults());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** {@code http://127.0.0.1:<port>}: both the API base and the file base. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public String token() {
        return settings.token();
    }

    public String botUsername() {
        return settings.botUsername();
    }

    public long botId() {
        return settings.botId();
    }

    public RequestJournal journal() {
        return journal;
    }

    public TelegramFaults faults() {
        return faults;
    }

    /** The current upload limit in bytes. */
    public long uploadLimit() {
        return world.uploadLimit();
    }

    /** Changes the upload limit at runtime (e.g. set it low to force the bot to fit a film). */
    public void setUploadLimit(long bytes) {
        world.setUploadLimit(bytes);
    }

    /** What getWebhookInfo answers now: the webhook URL (empty while the bot polls), pending updates, last error. */
    public WebhookState webhookInfo() {
        return world.webhookState();
    }

    /** Every setWebhook and deleteWebhook the bot made, in order, with its drop_pending_updates flag. */
    public List<WebhookCall> webhookCalls() {
        return world.webhookCalls();
    }

    @Override
    public void close() {
        webhook.close();
        world.close();
        http.stop(0);
        albumDelivery.shutdownNow();
        httpThreads.shutdownNow();
    }

    // ------------------------------------------------------------------ users and chats

    public SimUser user(long id, String firstName) {
        return new SimUser(id, firstName, null);
    }

    public SimUser user(long id, String firstName, String username) {
        return new SimUser(id, firstName, username);
    }

    /** The private chat between {@code user} and the bot (its id is the user's id, as on Telegram). */
    public SimChat privateChat(SimUser user) {
        return world.privateChat(user).chat;
    }

    /** A basic group with the bot as a plain member (privacy mode applies). Use a negative id. */
    public SimChat group(long id, String title) {
        return world.groupChat(id, "group", title).chat;
    }

    /** A supergroup with the bot as a plain member. Use a {@code -100…} id. */
    public SimChat supergroup(long id, String title) {
        return world.groupChat(id, "supergroup", title).chat;
    }

    /** Makes the bot an administrator of a group: it then sees every message and may delete members' messages. */
    public void setBotAdmin(SimChat chat, boolean admin) {
        synchronized (world) {
            world.state(chat).botAdmin = admin;
        }
    }

    /**
     * Gives {@code user} a status in a group, as {@code getChatMember} reports it: {@code creator},
     * {@code administrator}, or {@code member} (the default for anyone who wrote or pressed a button there).
     */
    public void setMemberStatus(SimChat chat, SimUser user, String status) {
        if (!java.util.Set.of("creator", "administrator", "member").contains(status)) {
            throw new IllegalArgumentException("status must be creator, administrator or member, not " + status);
        }
        synchronized (world) {
            ChatState cs = world.state(chat);
            world.join(cs, user);
            cs.statuses.put(user.id(), status);
        }
    }

    /**
     * Upgrades a basic group to a supergroup with a new id: the old group gets a service message with
     * {@code migrate_to_chat_id}, and every later call for the old id is refused with that parameter.
     */
    public SimChat migrateToSupergroup(SimChat group, long newId, SimUser by) {
        return users.migrateToSupergroup(group, newId, by);
    }

    // ------------------------------------------------------------------ acting as users

    /** The user types text. Text starting with {@code /} gets a {@code bot_command} entity, as clients do. */
    public int sendText(SimChat chat, SimUser user, String text) {
        return users.sendText(chat, user, text, null);
    }

    /** A command line such as {@code /new Trip} or {@code /make@storyreel_test_bot}. */
    public int sendCommand(SimChat chat, SimUser user, String commandLine) {
        if (!commandLine.startsWith("/")) {
            throw new IllegalArgumentException("a command starts with /: " + commandLine);
        }
        return sendText(chat, user, commandLine);
    }

    /** The user replies to a message (usually one of the bot's) with text. */
    public int reply(SimChat chat, SimUser user, int replyToMessageId, String text) {
        return users.sendText(chat, user, text, replyToMessageId);
    }

    /** The user sends one photo (compressed, "as a photo"); {@code caption} may be null. */
    public int sendPhoto(SimChat chat, SimUser user, byte[] image, String caption) {
        return users.sendPhoto(chat, user, image, caption, null);
    }

    /** The user replies to a message with a photo. */
    public int replyPhoto(SimChat chat, SimUser user, int replyToMessageId, byte[] image, String caption) {
        return users.sendPhoto(chat, user, image, caption, replyToMessageId);
    }

    /**
     * The user sends an album: every photo becomes its own message and its own update, sharing one
     * {@code media_group_id}, delivered {@link Settings#albumGap()} apart (there is no "album finished" signal).
     * Returns the message ids in album order.
     */
    public List<Integer> sendAlbum(SimChat chat, SimUser user, List<AlbumPart> parts) {
        return users.sendAlbum(chat, user, parts, null);
    }

    /** An album sent as a reply: each part carries {@code reply_to_message}. */
    public List<Integer> replyAlbum(SimChat chat, SimUser user, int replyToMessageId, List<AlbumPart> parts) {
        return users.sendAlbum(chat, user, parts, replyToMessageId);
    }

    /** The user sends a file ("as a file", not compressed): images arrive this way too. */
    public int sendDocument(SimChat chat, SimUser user, byte[] bytes, String fileName, String mimeType,
                            String caption) {
        return users.sendDocument(chat, user, bytes, fileName, mimeType, caption);
    }

    /**
     * As {@link #sendDocument(SimChat, SimUser, byte[], String, String, String)}, the file streamed from disk into the
     * fake's own store, so a large file never sits in this process's heap on the user's side.
     */
    public int sendDocument(SimChat chat, SimUser user, java.nio.file.Path file, String fileName, String mimeType,
                            String caption) {
        return users.sendDocument(chat, user, file, fileName, mimeType, caption);
    }

    /** The user sends a music file (Telegram's {@code audio}: an mp3, m4a, ... the client recognised as music). */
    public int sendAudio(SimChat chat, SimUser user, byte[] bytes, String fileName, String mimeType, String caption) {
        return users.sendFile(chat, user, bytes, fileName, mimeType, caption, "audio", null);
    }

    /** The user replies to a message with a music file. */
    public int replyAudio(SimChat chat, SimUser user, int replyToMessageId, byte[] bytes, String fileName,
                          String mimeType) {
        return users.sendFile(chat, user, bytes, fileName, mimeType, null, "audio", replyToMessageId);
    }

    /** The user records a voice message (OGG/Opus in the real clients; no file name). */
    public int sendVoice(SimChat chat, SimUser user, byte[] bytes, String mimeType) {
        return users.sendFile(chat, user, bytes, null, mimeType, null, "voice", null);
    }

    public int sendDocument(SimChat chat, SimUser user, byte[] bytes, String fileName, String mimeType) {
        return sendDocument(chat, user, bytes, fileName, mimeType, null);
    }

    /**
     * The user presses an inline button the bot's message shows right now (a keyboard that was edited away cannot
     * be pressed, as in the real clients). Returns the callback query id.
     */
    public String pressButton(SimChat chat, SimUser user, int messageId, String data) {
        return users.pressButton(chat, user, messageId, data);
    }

    // ------------------------------------------------------------------ reading what happened

    /** Every message of the chat (users' and the bot's), in message id order. */
    public List<SimMessage> messages(SimChat chat) {
        return world.messages(chat);
    }

    /** The bot's messages in the chat, in message id order, including deleted ones (flagged). */
    public List<SimMessage> botMessages(SimChat chat) {
        return world.botMessages(chat);
    }

    public Optional<SimMessage> message(SimChat chat, int messageId) {
        return world.message(chat, messageId);
    }

    /** The videos the bot uploaded to the chat. */
    public List<SimMessage> videos(SimChat chat) {
        return botMessages(chat).stream().filter(SimMessage::hasVideo).toList();
    }

    /** Chat actions ({@code typing}, {@code upload_video}, ...) the bot sent, in order. */
    public List<String> chatActions(SimChat chat) {
        return world.chatActions(chat);
    }

    /** True once the bot answered the callback query. */
    public boolean callbackAnswered(String callbackQueryId) {
        return world.callbackAnswered(callbackQueryId);
    }

    /** The commands the bot registered with {@code setMyCommands}, as {@code command → description}. */
    public Map<String, String> myCommands() {
        return myCommands("default");
    }

    /**
     * The menu registered for one scope ({@code default}, {@code all_private_chats}, {@code all_group_chats}, …), as
     * {@code command → description}; empty when none is.
     */
    public Map<String, String> myCommands(String scope) {
        return world.commandMenu(scope);
    }

    /** The bot's default menu button as it set it (JSON: type, text, web_app.url), or null. */
    public com.fasterxml.jackson.databind.JsonNode menuButton() {
        return world.menuButton();
    }

    /** Updates queued and not yet confirmed by the bot's offset. */
    public int pendingUpdates() {
        return world.pendingUpdates();
    }

    /**
     * Waits until a bot message in the chat matches (the current state of each message is tested, so an edit can
     * make a message match) and returns it; fails with {@link AssertionError} after {@code timeout}.
     */
    public SimMessage awaitBotMessage(SimChat chat, Predicate<SimMessage> predicate, Duration timeout) {
        return users.awaitBotMessage(chat, predicate, timeout);
    }

    /** Waits for a bot message whose current text (or caption) contains {@code fragment}. */
    public SimMessage awaitBotText(SimChat chat, String fragment, Duration timeout) {
        return awaitBotMessage(chat, m -> !m.deleted() && m.textOrCaption().contains(fragment), timeout);
    }

    /** The chat as its members see it: one block per message, the bot's messages in their final state. */
    public String transcript(SimChat chat) {
        return world.transcript(chat);
    }
}
