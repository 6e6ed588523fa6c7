package io.storyreel.sim.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * limit (A3); deletion rights (A5); a group upgraded to a supergroup answering {@code migrate_to_chat_id} (A4).
 * Thread-safe; all state sits behind this object's monitor, which long polls and waiting readers wait on.
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

    private static final Set<String> CHAT_ACTIONS = Set.of("typing", "upload_photo", "record_video", "upload_video",
            "record_voice", "upload_voice", "upload_document", "choose_sticker", "find_location", "record_video_note",
            "upload_video_note");
    private static final System.Logger LOG = System.getLogger(FakeTelegramServer.class.getName());
    private static final long DOWNLOAD_LIMIT = 20L * 1024 * 1024;

    private final Settings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock = Clock.systemUTC();
    private final HttpServer http;
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService albumDelivery;
    private final RequestJournal journal = new RequestJournal();
    private final TelegramFaults faults = new TelegramFaults();

    // state, guarded by this
    private final Map<Long, ChatState> chats = new HashMap<>();
    private final List<ObjectNode> pendingUpdates = new ArrayList<>();
    private final Map<String, StoredFile> filesById = new HashMap<>();
    private final Map<String, StoredFile> filesByPath = new HashMap<>();
    private final Map<String, Boolean> callbacks = new LinkedHashMap<>();
    private JsonNode myCommands = null;
    private long uploadLimit;
    private int nextUpdateId = 1000;
    private int nextFile = 1;
    private long nextMediaGroup = 13_900_000_000_000_000L;
    private int nextCallback = 1;
    private boolean closed;

    private FakeTelegramServer(Settings settings, int port) throws IOException {
        this.settings = settings;
        this.uploadLimit = settings.uploadLimitBytes();
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        AtomicInteger n = new AtomicInteger();
        this.httpThreads = Executors.newCachedThreadPool(r -> daemon(r, "fake-telegram-http-" + n.incrementAndGet()));
        this.albumDelivery = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fake-telegram-albums"));
        http.setExecutor(httpThreads);
        http.createContext("/", this::handle);
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
    public synchronized long uploadLimit() {
        return uploadLimit;
    }

    /** Changes the upload limit at runtime (e.g. set it low to force the bot to fit a film). */
    public synchronized void setUploadLimit(long bytes) {
        this.uploadLimit = bytes;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
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
    public synchronized SimChat privateChat(SimUser user) {
        ChatState cs = chats.computeIfAbsent(user.id(), id -> new ChatState(new SimChat(id, "private", null)));
        cs.privateUser = user;
        return cs.chat;
    }

    /** A basic group with the bot as a plain member (privacy mode applies). Use a negative id. */
    public synchronized SimChat group(long id, String title) {
        return chats.computeIfAbsent(id, i -> new ChatState(new SimChat(i, "group", title))).chat;
    }

    /** A supergroup with the bot as a plain member. Use a {@code -100…} id. */
    public synchronized SimChat supergroup(long id, String title) {
        return chats.computeIfAbsent(id, i -> new ChatState(new SimChat(i, "supergroup", title))).chat;
    }

    /** Makes the bot an administrator of a group: it then sees every message and may delete members' messages. */
    public synchronized void setBotAdmin(SimChat chat, boolean admin) {
        state(chat).botAdmin = admin;
    }

    /**
     * Upgrades a basic group to a supergroup with a new id: the old group gets a service message with
     * {@code migrate_to_chat_id}, and every later call for the old id is refused with that parameter.
     */
    public synchronized SimChat migrateToSupergroup(SimChat group, long newId, SimUser by) {
        ChatState old = state(group);
        ChatState now = new ChatState(new SimChat(newId, "supergroup", group.title()));
        now.botAdmin = old.botAdmin;
        chats.put(newId, now);
        StoredMessage m = newMessage(old, false, by);
        m.migrateTo = newId;
        m.seenByBot = true;
        enqueue("message", messageJson(old, m, true));
        old.migratedTo = newId;
        return now.chat;
    }

    // ------------------------------------------------------------------ acting as users

    /** The user types text. Text starting with {@code /} gets a {@code bot_command} entity, as clients do. */
    public synchronized int sendText(SimChat chat, SimUser user, String text) {
        ChatState cs = state(chat);
        StoredMessage m = newMessage(cs, false, user);
        m.text = text;
        m.history.add(text);
        return deliver(cs, m);
    }

    /** A command line such as {@code /new Trip} or {@code /make@storyreel_test_bot}. */
    public int sendCommand(SimChat chat, SimUser user, String commandLine) {
        if (!commandLine.startsWith("/")) {
            throw new IllegalArgumentException("a command starts with /: " + commandLine);
        }
        return sendText(chat, user, commandLine);
    }

    /** The user replies to a message (usually one of the bot's) with text. */
    public synchronized int reply(SimChat chat, SimUser user, int replyToMessageId, String text) {
        ChatState cs = state(chat);
        requireMessage(cs, replyToMessageId);
        StoredMessage m = newMessage(cs, false, user);
        m.text = text;
        m.history.add(text);
        m.replyTo = replyToMessageId;
        return deliver(cs, m);
    }

    /** The user sends one photo (compressed, "as a photo"); {@code caption} may be null. */
    public synchronized int sendPhoto(SimChat chat, SimUser user, byte[] image, String caption) {
        ChatState cs = state(chat);
        return deliver(cs, photoMessage(cs, user, image, caption, null, null));
    }

    /** The user replies to a message with a photo. */
    public synchronized int replyPhoto(SimChat chat, SimUser user, int replyToMessageId, byte[] image,
                                       String caption) {
        ChatState cs = state(chat);
        requireMessage(cs, replyToMessageId);
        return deliver(cs, photoMessage(cs, user, image, caption, replyToMessageId, null));
    }

    /**
     * The user sends an album: every photo becomes its own message and its own update, sharing one
     * {@code media_group_id}, delivered {@link Settings#albumGap()} apart (there is no "album finished" signal).
     * Returns the message ids in album order.
     */
    public List<Integer> sendAlbum(SimChat chat, SimUser user, List<AlbumPart> parts) {
        return album(chat, user, parts, null);
    }

    /** An album sent as a reply: each part carries {@code reply_to_message}. */
    public List<Integer> replyAlbum(SimChat chat, SimUser user, int replyToMessageId, List<AlbumPart> parts) {
        return album(chat, user, parts, replyToMessageId);
    }

    private synchronized List<Integer> album(SimChat chat, SimUser user, List<AlbumPart> parts, Integer replyTo) {
        if (parts.size() < 2 || parts.size() > 10) {
            throw new IllegalArgumentException("an album holds 2-10 items");
        }
        ChatState cs = state(chat);
        if (replyTo != null) {
            requireMessage(cs, replyTo);
        }
        String group = Long.toString(nextMediaGroup++);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            AlbumPart p = parts.get(i);
            StoredMessage m = photoMessage(cs, user, p.bytes(), p.caption(), replyTo, group);
            m.seenByBot = seenByBot(cs, m);
            ids.add(m.id);
            if (m.seenByBot) {
                ObjectNode update = messageJson(cs, m, true);
                long delay = settings.albumGap().toMillis() * i;
                albumDelivery.schedule(() -> {
                    synchronized (this) {
                        enqueue("message", update);
                    }
                }, delay, TimeUnit.MILLISECONDS);
            }
        }
        return ids;
    }

    /** The user sends a file ("as a file", not compressed): images arrive this way too. */
    public synchronized int sendDocument(SimChat chat, SimUser user, byte[] bytes, String fileName, String mimeType,
                                         String caption) {
        ChatState cs = state(chat);
        StoredMessage m = newMessage(cs, false, user);
        m.document = bytes;
        m.fileName = fileName;
        m.mimeType = mimeType;
        m.caption = caption;
        m.documentFileId = registerFile(bytes, "documents", extension(fileName)).fileId;
        return deliver(cs, m);
    }

    public int sendDocument(SimChat chat, SimUser user, byte[] bytes, String fileName, String mimeType) {
        return sendDocument(chat, user, bytes, fileName, mimeType, null);
    }

    /**
     * The user presses an inline button the bot's message shows right now (a keyboard that was edited away cannot
     * be pressed, as in the real clients). Returns the callback query id.
     */
    public synchronized String pressButton(SimChat chat, SimUser user, int messageId, String data) {
        ChatState cs = state(chat);
        StoredMessage m = requireMessage(cs, messageId);
        boolean present = m.buttons.stream().flatMap(List::stream).anyMatch(b -> data.equals(b.callbackData()));
        if (!m.fromBot || m.deleted || !present) {
            throw new IllegalArgumentException("message " + messageId + " shows no button with data " + data);
        }
        String id = "cbq-" + (nextCallback++);
        callbacks.put(id, false);
        ObjectNode q = json.createObjectNode();
        q.put("id", id);
        q.set("from", userJson(user));
        q.set("message", messageJson(cs, m, false));
        q.put("chat_instance", "ci" + Math.abs(cs.chat.id()));
        q.put("data", data);
        enqueue("callback_query", q);
        return id;
    }

    // ------------------------------------------------------------------ reading what happened

    /** Every message of the chat (users' and the bot's), in message id order. */
    public synchronized List<SimMessage> messages(SimChat chat) {
        return state(chat).messages.values().stream().map(StoredMessage::snapshot).toList();
    }

    /** The bot's messages in the chat, in message id order, including deleted ones (flagged). */
    public synchronized List<SimMessage> botMessages(SimChat chat) {
        return state(chat).messages.values().stream().filter(m -> m.fromBot).map(StoredMessage::snapshot).toList();
    }

    public synchronized Optional<SimMessage> message(SimChat chat, int messageId) {
        return Optional.ofNullable(state(chat).messages.get(messageId)).map(StoredMessage::snapshot);
    }

    /** The videos the bot uploaded to the chat. */
    public synchronized List<SimMessage> videos(SimChat chat) {
        return botMessages(chat).stream().filter(SimMessage::hasVideo).toList();
    }

    /** Chat actions ({@code typing}, {@code upload_video}, ...) the bot sent, in order. */
    public synchronized List<String> chatActions(SimChat chat) {
        return List.copyOf(state(chat).actions);
    }

    /** True once the bot answered the callback query. */
    public synchronized boolean callbackAnswered(String callbackQueryId) {
        return Boolean.TRUE.equals(callbacks.get(callbackQueryId));
    }

    /** The commands the bot registered with {@code setMyCommands}, as {@code command → description}. */
    public synchronized Map<String, String> myCommands() {
        Map<String, String> out = new LinkedHashMap<>();
        if (myCommands != null) {
            myCommands.forEach(c -> out.put(c.path("command").asText(), c.path("description").asText()));
        }
        return out;
    }

    /** Updates queued and not yet confirmed by the bot's offset. */
    public synchronized int pendingUpdates() {
        return pendingUpdates.size();
    }

    /**
     * Waits until a bot message in the chat matches (the current state of each message is tested, so an edit can
     * make a message match) and returns it; fails with {@link AssertionError} after {@code timeout}.
     */
    public synchronized SimMessage awaitBotMessage(SimChat chat, Predicate<SimMessage> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (SimMessage m : botMessages(chat)) {
                if (predicate.test(m)) {
                    return m;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed) {
                throw new AssertionError("no matching bot message within " + timeout + "; chat so far:\n"
                        + transcript(chat));
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Waits for a bot message whose current text (or caption) contains {@code fragment}. */
    public SimMessage awaitBotText(SimChat chat, String fragment, Duration timeout) {
        return awaitBotMessage(chat, m -> !m.deleted() && m.textOrCaption().contains(fragment), timeout);
    }

    /** The chat as its members see it: one block per message, the bot's messages in their final state. */
    public synchronized String transcript(SimChat chat) {
        return Transcript.render(state(chat).chat, messages(chat));
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange ex) {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getRawPath();
            if (path.startsWith("/file/bot")) {
                serveFile(ex, path.substring("/file/bot".length()));
                return;
            }
            if (!path.startsWith("/bot") || path.indexOf('/', 4) < 0) {
                respond(ex, 404, error(404, "Not Found", null));
                return;
            }
            String rest = path.substring(4);
            int slash = rest.indexOf('/');
            String token = URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8);
            String method = rest.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
            if (method.startsWith("test/")) {
                method = method.substring(5);
            }
            if (!token.equals(settings.token())) {
                respond(ex, 401, error(401, "Unauthorized", null));
                return;
            }
            WireRequest req = WireRequest.parse(json, ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("Content-Type"), body);
            Instant at = clock.instant();
            Long chatId = req.longValue("chat_id");
            boolean inWindow = chatId != null && method.equals("editmessagetext") && faults.inRetryWindow(chatId, at);
            int status;
            ObjectNode answer;
            try {
                JsonNode result = dispatch(method, req, body.length);
                answer = json.createObjectNode();
                answer.put("ok", true);
                answer.set("result", result);
                status = 200;
            } catch (ApiError e) {
                answer = error(e.code, e.getMessage(), e.parameters);
                status = e.code;
            }
            if (!method.equals("getupdates")) {
                journal.record(new RequestJournal.Call(at, method, chatId, status, inWindow));
            }
            try {
                respond(ex, status, answer);
            } catch (IOException gone) {
                // the client hung up first (a long poll cancelled as the bot shuts down): nothing to answer
                LOG.log(System.Logger.Level.DEBUG, "client went away before the answer to " + method);
            }
        } catch (RuntimeException | IOException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "fake Telegram server failed on " + ex.getRequestURI().getPath()
                    .replace(settings.token(), "<token>"), e);
            try {
                respond(ex, 500, error(500, "Internal Server Error: " + e.getClass().getSimpleName(), null));
            } catch (IOException ignored) {
                // the client went away
            }
        }
    }

    private void serveFile(HttpExchange ex, String tail) throws IOException {
        int slash = tail.indexOf('/');
        String token = slash < 0 ? "" : URLDecoder.decode(tail.substring(0, slash), StandardCharsets.UTF_8);
        if (!token.equals(settings.token())) {
            respond(ex, 401, error(401, "Unauthorized", null));
            return;
        }
        String filePath = URLDecoder.decode(tail.substring(slash + 1), StandardCharsets.UTF_8);
        StoredFile f;
        synchronized (this) {
            f = filesByPath.get(filePath);
        }
        if (f == null) {
            respond(ex, 404, error(404, "Not Found", null));
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(200, f.bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(f.bytes);
        }
    }

    private void respond(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private ObjectNode error(int code, String description, ObjectNode parameters) {
        ObjectNode e = json.createObjectNode();
        e.put("ok", false);
        e.put("error_code", code);
        e.put("description", description);
        if (parameters != null) {
            e.set("parameters", parameters);
        }
        return e;
    }

    /** A Bot API error answer: HTTP status = {@code error_code}, as Telegram does. */
    private static final class ApiError extends RuntimeException {
        final int code;
        final ObjectNode parameters;

        ApiError(int code, String description, ObjectNode parameters) {
            super(description, null, false, false);
            this.code = code;
            this.parameters = parameters;
        }

        ApiError(String badRequest) {
            this(400, "Bad Request: " + badRequest, null);
        }
    }

    private JsonNode dispatch(String method, WireRequest req, int bodyLength) throws IOException {
        return switch (method) {
            case "getme" -> botUserJson();
            case "deletewebhook", "setwebhook", "logout", "close" -> json.getNodeFactory().booleanNode(true);
            case "getwebhookinfo" -> webhookInfo();
            case "getupdates" -> getUpdates(req);
            case "sendmessage" -> sendMessage(req);
            case "editmessagetext" -> editMessageText(req);
            case "editmessagereplymarkup" -> editReplyMarkup(req);
            case "deletemessage" -> deleteMessage(req);
            case "sendphoto" -> sendMedia(req, "photo");
            case "sendvideo" -> sendMedia(req, "video");
            case "senddocument" -> sendMedia(req, "document");
            case "sendchataction" -> sendChatAction(req);
            case "getfile" -> getFile(req);
            case "answercallbackquery" -> answerCallback(req);
            case "setmycommands" -> setMyCommands(req);
            case "getmycommands" -> getMyCommands();
            case "deletemycommands" -> deleteMyCommands();
            default -> throw new ApiError(404, "Not Found", null);
        };
    }

    private synchronized JsonNode webhookInfo() {
        ObjectNode w = json.createObjectNode();
        w.put("url", "");
        w.put("has_custom_certificate", false);
        w.put("pending_update_count", pendingUpdates.size());
        return w;
    }

    private synchronized JsonNode getUpdates(WireRequest req) {
        Long offset = req.longValue("offset");
        Long limitParam = req.longValue("limit");
        Long timeoutParam = req.longValue("timeout");
        int limit = limitParam == null ? 100 : (int) Math.max(1, Math.min(100, limitParam));
        if (offset != null) {
            // a positive offset confirms every update before it (A7); those are gone for good
            pendingUpdates.removeIf(u -> u.get("update_id").asLong() < offset);
        }
        long holdMs = Math.min(timeoutParam == null ? 0 : timeoutParam * 1000, settings.maxPollHold().toMillis());
        long deadline = System.currentTimeMillis() + holdMs;
        while (pendingUpdates.isEmpty() && !closed) {
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
        ArrayNode out = json.createArrayNode();
        pendingUpdates.stream().limit(limit).forEach(out::add);
        return out;
    }

    private synchronized JsonNode sendMessage(WireRequest req) throws IOException {
        ChatState cs = targetChat(req);
        String text = req.str("text");
        checkText(text);
        StoredMessage m = newMessage(cs, true, null);
        m.text = text;
        m.history.add(text);
        applyMarkup(m, req.json("reply_markup"));
        m.replyTo = replyTarget(cs, req);
        notifyAll();
        return messageJson(cs, m, false);
    }

    private synchronized JsonNode editMessageText(WireRequest req) throws IOException {
        ChatState cs = targetChat(req);
        StoredMessage m = botMessageToEdit(cs, req);
        if (m.text == null) {
            throw new ApiError("there is no text in the message to edit");
        }
        String text = req.str("text");
        checkText(text);
        int retryAfter = faults.onEdit(cs.chat.id(), clock.instant());
        if (retryAfter > 0) {
            ObjectNode p = json.createObjectNode();
            p.put("retry_after", retryAfter);
            throw new ApiError(429, "Too Many Requests: retry after " + retryAfter, p);
        }
        List<List<SimButton>> buttons = parseButtons(req.json("reply_markup"));
        if (text.equals(m.text) && buttons.equals(m.buttons)) {
            throw new ApiError("message is not modified: specified new message content and reply markup are "
                    + "exactly the same as a current content and reply markup of the message");
        }
        m.text = text;
        m.history.add(text);
        m.buttons = buttons; // an edit without reply_markup removes the inline keyboard, as on Telegram
        notifyAll();
        return messageJson(cs, m, false);
    }

    private synchronized JsonNode editReplyMarkup(WireRequest req) throws IOException {
        ChatState cs = targetChat(req);
        StoredMessage m = botMessageToEdit(cs, req);
        List<List<SimButton>> buttons = parseButtons(req.json("reply_markup"));
        if (buttons.equals(m.buttons)) {
            throw new ApiError("message is not modified: specified new message content and reply markup are "
                    + "exactly the same as a current content and reply markup of the message");
        }
        m.buttons = buttons;
        notifyAll();
        return messageJson(cs, m, false);
    }

    private StoredMessage botMessageToEdit(ChatState cs, WireRequest req) {
        Long id = req.longValue("message_id");
        StoredMessage m = id == null ? null : cs.messages.get(id.intValue());
        if (m == null || m.deleted) {
            throw new ApiError("message to edit not found");
        }
        if (!m.fromBot) {
            throw new ApiError("message can't be edited");
        }
        return m;
    }

    private synchronized JsonNode deleteMessage(WireRequest req) {
        ChatState cs = targetChat(req);
        Long id = req.longValue("message_id");
        StoredMessage m = id == null ? null : cs.messages.get(id.intValue());
        if (m == null || m.deleted) {
            throw new ApiError("message to delete not found");
        }
        if (!m.fromBot && !cs.chat.isPrivate() && !cs.botAdmin) {
            throw new ApiError("message can't be deleted");
        }
        m.deleted = true;
        notifyAll();
        return json.getNodeFactory().booleanNode(true);
    }

    private synchronized JsonNode sendMedia(WireRequest req, String kind) throws IOException {
        ChatState cs = targetChat(req);
        WireRequest.FilePart part = req.file(kind);
        String ref = req.str(kind);
        if (part == null && ref != null && ref.startsWith("attach://")) {
            // the file travels in its own part, named by the attach:// reference (TelegramBots does this)
            part = req.file(ref.substring("attach://".length()));
            if (part == null) {
                throw new ApiError("wrong file identifier/HTTP URL specified");
            }
        }
        byte[] bytes;
        if (part != null) {
            if (part.bytes().length > uploadLimit) {
                throw new ApiError(413, "Request Entity Too Large", null);
            }
            bytes = part.bytes();
        } else {
            StoredFile known = req.str(kind) == null ? null : filesById.get(req.str(kind));
            if (known == null) {
                throw new ApiError("wrong file identifier/HTTP URL specified");
            }
            bytes = known.bytes;
        }
        String caption = req.str("caption");
        if (caption != null && caption.length() > 1024) {
            throw new ApiError("message caption is too long");
        }
        StoredMessage m = newMessage(cs, true, null);
        m.caption = caption;
        switch (kind) {
            case "photo" -> m.photo = bytes;
            case "video" -> {
                m.video = bytes;
                m.supportsStreaming = req.bool("supports_streaming");
                m.videoFileId = registerFile(bytes, "videos", "mp4").fileId;
            }
            default -> {
                m.document = bytes;
                m.fileName = part == null ? "file" : part.fileName();
                m.mimeType = part == null ? null : part.contentType();
                m.documentFileId = registerFile(bytes, "documents", extension(m.fileName)).fileId;
            }
        }
        if ("photo".equals(kind)) {
            m.photoFileIds = registerPhoto(bytes);
        }
        applyMarkup(m, req.json("reply_markup"));
        m.replyTo = replyTarget(cs, req);
        notifyAll();
        return messageJson(cs, m, false);
    }

    private synchronized JsonNode sendChatAction(WireRequest req) {
        ChatState cs = targetChat(req);
        String action = req.str("action");
        if (action == null || !CHAT_ACTIONS.contains(action)) {
            throw new ApiError("wrong parameter action in request");
        }
        cs.actions.add(action);
        return json.getNodeFactory().booleanNode(true);
    }

    private synchronized JsonNode getFile(WireRequest req) {
        StoredFile f = filesById.get(String.valueOf(req.str("file_id")));
        if (f == null) {
            throw new ApiError("invalid file_id");
        }
        if (f.bytes.length > DOWNLOAD_LIMIT) {
            throw new ApiError("file is too big");
        }
        return fileJson(f, true);
    }

    private synchronized JsonNode answerCallback(WireRequest req) {
        String id = req.str("callback_query_id");
        if (id == null || !Boolean.FALSE.equals(callbacks.get(id))) {
            throw new ApiError("query is too old and response timeout expired or query ID is invalid");
        }
        callbacks.put(id, true);
        return json.getNodeFactory().booleanNode(true);
    }

    private synchronized JsonNode setMyCommands(WireRequest req) throws IOException {
        JsonNode commands = req.json("commands");
        if (commands == null || !commands.isArray()) {
            throw new ApiError("parameter \"commands\" is required");
        }
        for (JsonNode c : commands) {
            if (!c.path("command").asText().matches("[a-z0-9_]{1,32}")) {
                throw new ApiError("BOT_COMMAND_INVALID");
            }
        }
        myCommands = commands;
        return json.getNodeFactory().booleanNode(true);
    }

    private synchronized JsonNode getMyCommands() {
        return myCommands == null ? json.createArrayNode() : myCommands;
    }

    private synchronized JsonNode deleteMyCommands() {
        myCommands = null;
        return json.getNodeFactory().booleanNode(true);
    }

    // ------------------------------------------------------------------ helpers (callers hold the monitor)

    private ChatState state(SimChat chat) {
        ChatState cs = chats.get(chat.id());
        if (cs == null) {
            throw new IllegalArgumentException("unknown chat " + chat.id());
        }
        return cs;
    }

    private ChatState targetChat(WireRequest req) {
        Long id = req.longValue("chat_id");
        ChatState cs = id == null ? null : chats.get(id);
        if (cs == null) {
            throw new ApiError("chat not found");
        }
        if (cs.migratedTo != null) {
            ObjectNode p = json.createObjectNode();
            p.put("migrate_to_chat_id", cs.migratedTo);
            throw new ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat", p);
        }
        return cs;
    }

    private Integer replyTarget(ChatState cs, WireRequest req) throws IOException {
        JsonNode params = req.json("reply_parameters");
        Long id = params != null && params.has("message_id") ? Long.valueOf(params.get("message_id").asLong())
                : req.longValue("reply_to_message_id");
        return id != null && cs.messages.containsKey(id.intValue()) ? id.intValue() : null;
    }

    private static void checkText(String text) {
        if (text == null || text.isBlank()) {
            throw new ApiError("message text is empty");
        }
        if (text.length() > 4096) {
            throw new ApiError("message is too long");
        }
    }

    private void applyMarkup(StoredMessage m, JsonNode markup) {
        m.buttons = parseButtons(markup);
        m.forceReply = markup != null && markup.path("force_reply").asBoolean(false);
    }

    private List<List<SimButton>> parseButtons(JsonNode markup) {
        if (markup == null || !markup.has("inline_keyboard")) {
            return List.of();
        }
        List<List<SimButton>> rows = new ArrayList<>();
        for (JsonNode row : markup.get("inline_keyboard")) {
            List<SimButton> r = new ArrayList<>();
            for (JsonNode b : row) {
                String data = b.hasNonNull("callback_data") ? b.get("callback_data").asText() : null;
                if (data != null && (data.isEmpty() || data.getBytes(StandardCharsets.UTF_8).length > 64)) {
                    throw new ApiError("BUTTON_DATA_INVALID");
                }
                if (!b.hasNonNull("text") || b.get("text").asText().isEmpty()) {
                    throw new ApiError("can't parse inline keyboard button: Text buttons are unallowed in the "
                            + "inline keyboard");
                }
                r.add(new SimButton(b.get("text").asText(), data,
                        b.hasNonNull("url") ? b.get("url").asText() : null));
            }
            rows.add(List.copyOf(r));
        }
        return List.copyOf(rows);
    }

    private StoredMessage requireMessage(ChatState cs, int id) {
        StoredMessage m = cs.messages.get(id);
        if (m == null) {
            throw new IllegalArgumentException("no message " + id + " in chat " + cs.chat.id());
        }
        return m;
    }

    private StoredMessage newMessage(ChatState cs, boolean fromBot, SimUser from) {
        StoredMessage m = new StoredMessage(cs.nextMessageId++, fromBot, from, clock.instant().getEpochSecond());
        cs.messages.put(m.id, m);
        return m;
    }

    private StoredMessage photoMessage(ChatState cs, SimUser user, byte[] image, String caption, Integer replyTo,
                                       String mediaGroup) {
        StoredMessage m = newMessage(cs, false, user);
        m.photo = image;
        m.caption = caption;
        m.replyTo = replyTo;
        m.mediaGroupId = mediaGroup;
        m.photoFileIds = registerPhoto(image);
        return m;
    }

    private int deliver(ChatState cs, StoredMessage m) {
        m.seenByBot = seenByBot(cs, m);
        if (m.seenByBot) {
            enqueue("message", messageJson(cs, m, true));
        }
        return m.id;
    }

    /** Privacy mode (A6): in groups the bot sees commands, replies to its messages and service messages only. */
    private boolean seenByBot(ChatState cs, StoredMessage m) {
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

    private void enqueue(String kind, ObjectNode payload) {
        ObjectNode u = json.createObjectNode();
        u.put("update_id", nextUpdateId++);
        u.set(kind, payload);
        pendingUpdates.add(u);
        notifyAll();
    }

    private List<String> registerPhoto(byte[] image) {
        List<String> ids = new ArrayList<>();
        for (PhotoSizes.Size s : PhotoSizes.of(image)) {
            StoredFile f = registerFile(s.bytes(), "photos", "jpg");
            f.width = s.width();
            f.height = s.height();
            ids.add(f.fileId);
        }
        return ids;
    }

    private StoredFile registerFile(byte[] bytes, String dir, String ext) {
        int n = nextFile++;
        StoredFile f = new StoredFile("BQACAgIAAx" + n + "Fk" + Integer.toHexString(Arrays.hashCode(bytes)),
                "AgAD" + n, dir + "/file_" + n + "." + ext, bytes);
        filesById.put(f.fileId, f);
        filesByPath.put(f.path, f);
        return f;
    }

    private static String extension(String fileName) {
        int dot = fileName == null ? -1 : fileName.lastIndexOf('.');
        return dot < 0 ? "bin" : fileName.substring(dot + 1);
    }

    // ------------------------------------------------------------------ JSON of Bot API objects

    private ObjectNode botUserJson() {
        ObjectNode u = json.createObjectNode();
        u.put("id", settings.botId());
        u.put("is_bot", true);
        u.put("first_name", settings.botName());
        u.put("username", settings.botUsername());
        u.put("can_join_groups", true);
        u.put("can_read_all_group_messages", !settings.privacyMode());
        u.put("supports_inline_queries", false);
        return u;
    }

    private ObjectNode userJson(SimUser user) {
        ObjectNode u = json.createObjectNode();
        u.put("id", user.id());
        u.put("is_bot", false);
        u.put("first_name", user.firstName());
        if (user.username() != null) {
            u.put("username", user.username());
        }
        u.put("language_code", "en");
        return u;
    }

    private ObjectNode chatJson(ChatState cs) {
        ObjectNode c = json.createObjectNode();
        c.put("id", cs.chat.id());
        c.put("type", cs.chat.type());
        if (cs.chat.isPrivate()) {
            SimUser u = cs.privateUser;
            c.put("first_name", u == null ? "User" : u.firstName());
            if (u != null && u.username() != null) {
                c.put("username", u.username());
            }
        } else {
            c.put("title", cs.chat.title());
            if ("group".equals(cs.chat.type())) {
                c.put("all_members_are_administrators", false);
            }
        }
        return c;
    }

    private ObjectNode fileJson(StoredFile f, boolean withPath) {
        ObjectNode o = json.createObjectNode();
        o.put("file_id", f.fileId);
        o.put("file_unique_id", f.uniqueId);
        o.put("file_size", f.bytes.length);
        if (withPath) {
            o.put("file_path", f.path);
        }
        return o;
    }

    private ObjectNode messageJson(ChatState cs, StoredMessage m, boolean withReply) {
        ObjectNode o = json.createObjectNode();
        o.put("message_id", m.id);
        o.set("from", m.fromBot ? botUserJson() : userJson(m.from));
        o.put("date", m.date);
        o.set("chat", chatJson(cs));
        if (m.mediaGroupId != null) {
            o.put("media_group_id", m.mediaGroupId);
        }
        if (m.migrateTo != null) {
            o.put("migrate_to_chat_id", m.migrateTo);
        }
        if (withReply && m.replyTo != null) {
            StoredMessage r = cs.messages.get(m.replyTo);
            if (r != null) {
                o.set("reply_to_message", messageJson(cs, r, false));
            }
        }
        if (m.text != null) {
            o.put("text", m.text);
            addCommandEntity(o, "entities", m.text);
        }
        if (m.photoFileIds != null) {
            ArrayNode sizes = o.putArray("photo");
            for (String id : m.photoFileIds) {
                StoredFile f = filesById.get(id);
                ObjectNode s = fileJson(f, false);
                s.put("width", f.width);
                s.put("height", f.height);
                sizes.add(s);
            }
        }
        if (m.video != null) {
            StoredFile f = filesById.get(m.videoFileId);
            ObjectNode v = fileJson(f, false);
            v.put("width", 0);
            v.put("height", 0);
            v.put("duration", 0);
            v.put("mime_type", "video/mp4");
            o.set("video", v);
        }
        if (m.documentFileId != null) {
            ObjectNode d = fileJson(filesById.get(m.documentFileId), false);
            if (m.fileName != null) {
                d.put("file_name", m.fileName);
            }
            if (m.mimeType != null) {
                d.put("mime_type", m.mimeType);
            }
            o.set("document", d);
        }
        if (m.caption != null) {
            o.put("caption", m.caption);
            addCommandEntity(o, "caption_entities", m.caption);
        }
        if (!m.buttons.isEmpty()) {
            ObjectNode markup = o.putObject("reply_markup");
            ArrayNode rows = markup.putArray("inline_keyboard");
            for (List<SimButton> row : m.buttons) {
                ArrayNode r = rows.addArray();
                for (SimButton b : row) {
                    ObjectNode bn = r.addObject();
                    bn.put("text", b.text());
                    if (b.callbackData() != null) {
                        bn.put("callback_data", b.callbackData());
                    }
                    if (b.url() != null) {
                        bn.put("url", b.url());
                    }
                }
            }
        }
        return o;
    }

    /** Clients mark a leading {@code /word} (with an optional {@code @bot}) as a {@code bot_command} entity. */
    private static void addCommandEntity(ObjectNode o, String field, String text) {
        if (!text.startsWith("/") || text.length() < 2) {
            return;
        }
        int end = 1;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        ObjectNode e = o.putArray(field).addObject();
        e.put("type", "bot_command");
        e.put("offset", 0);
        e.put("length", end);
    }

    // ------------------------------------------------------------------ state types

    private static final class ChatState {
        final SimChat chat;
        final LinkedHashMap<Integer, StoredMessage> messages = new LinkedHashMap<>();
        final List<String> actions = new ArrayList<>();
        int nextMessageId = 1;
        boolean botAdmin;
        Long migratedTo;
        SimUser privateUser;

        ChatState(SimChat chat) {
            this.chat = chat;
        }
    }

    private static final class StoredFile {
        final String fileId;
        final String uniqueId;
        final String path;
        final byte[] bytes;
        int width;
        int height;

        StoredFile(String fileId, String uniqueId, String path, byte[] bytes) {
            this.fileId = fileId;
            this.uniqueId = uniqueId;
            this.path = path;
            this.bytes = bytes;
        }
    }

    private static final class StoredMessage {
        final int id;
        final boolean fromBot;
        final SimUser from;
        final long date;
        final List<String> history = new ArrayList<>();
        String text;
        String caption;
        List<List<SimButton>> buttons = List.of();
        boolean forceReply;
        byte[] photo;
        List<String> photoFileIds;
        byte[] video;
        String videoFileId;
        boolean supportsStreaming;
        byte[] document;
        String documentFileId;
        String fileName;
        String mimeType;
        Integer replyTo;
        String mediaGroupId;
        Long migrateTo;
        boolean deleted;
        boolean seenByBot;

        StoredMessage(int id, boolean fromBot, SimUser from, long date) {
            this.id = id;
            this.fromBot = fromBot;
            this.from = from;
            this.date = date;
        }

        SimMessage snapshot() {
            return new SimMessage(id, fromBot, from, text, caption, List.copyOf(history), buttons, forceReply, photo,
                    video, supportsStreaming, document, fileName, mimeType, replyTo, mediaGroupId, deleted,
                    fromBot || seenByBot);
        }
    }
}
