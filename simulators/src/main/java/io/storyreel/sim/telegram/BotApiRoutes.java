package io.storyreel.sim.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * The Bot API over HTTP: methods at {@code /bot<token>/<method>} (case-insensitive names; query, JSON, urlencoded or
 * multipart parameters), file downloads at {@code /file/bot<token>/<path>}. Routes each method to its family, answers
 * in the Bot API envelope with the HTTP status Telegram uses, and journals every call but {@code getUpdates}. The
 * families here are updates, callbacks, commands and files; messages and media are {@link MessageRoutes}.
 */
final class BotApiRoutes {

    private static final System.Logger LOG = System.getLogger(BotApiRoutes.class.getName());
    private static final long DOWNLOAD_LIMIT = 20L * 1024 * 1024;

    private final FakeTelegramServer.Settings settings;
    private final TelegramWorld world;
    private final TelegramJson json;
    private final TelegramFaults faults;
    private final RequestJournal journal;
    private final Clock clock;
    private final MessageRoutes messages;

    BotApiRoutes(FakeTelegramServer.Settings settings, TelegramWorld world, TelegramJson json, TelegramFaults faults,
                 RequestJournal journal, Clock clock) {
        this.settings = settings;
        this.world = world;
        this.json = json;
        this.faults = faults;
        this.journal = journal;
        this.clock = clock;
        this.messages = new MessageRoutes(world, json, faults, clock);
    }

    /** Answers one HTTP exchange; never throws (a failure is a 500 in the Bot API envelope). */
    void handle(HttpExchange ex) {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getRawPath();
            if (path.startsWith("/file/bot")) {
                serveFile(ex, path.substring("/file/bot".length()));
                return;
            }
            if (!path.startsWith("/bot") || path.indexOf('/', 4) < 0) {
                respond(ex, 404, json.error(404, "Not Found", null));
                return;
            }
            String rest = path.substring(4);
            int slash = rest.indexOf('/');
            String token = URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8);
            String method = rest.substring(slash + 1).toLowerCase(Locale.ROOT);
            if (method.startsWith("test/")) {
                method = method.substring(5);
            }
            if (!token.equals(settings.token())) {
                respond(ex, 401, json.error(401, "Unauthorized", null));
                return;
            }
            call(ex, method, WireRequest.parse(json.mapper(), ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("Content-Type"), body));
        } catch (RuntimeException | IOException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "fake Telegram server failed on " + ex.getRequestURI().getPath()
                    .replace(settings.token(), "<token>"), e);
            try {
                respond(ex, 500, json.error(500, "Internal Server Error: " + e.getClass().getSimpleName(), null));
            } catch (IOException ignored) {
                // the client went away
            }
        }
    }

    private void call(HttpExchange ex, String method, WireRequest req) throws IOException {
        Instant at = clock.instant();
        Long chatId = req.longValue("chat_id");
        boolean inWindow = chatId != null && method.equals("editmessagetext") && faults.inRetryWindow(chatId, at);
        int status;
        ObjectNode answer;
        // the call goes into the journal under the world's monitor, with its effect: whoever sees the effect (the
        // world's readers take the same monitor) finds the call in the journal too
        synchronized (world) {
            try {
                answer = json.ok(dispatch(method, req));
                status = 200;
            } catch (BotApiError e) {
                answer = json.error(e.code, e.getMessage(), e.parameters);
                status = e.code;
            }
            if (!method.equals("getupdates")) {
                journal.record(new RequestJournal.Call(at, method, chatId, status, inWindow));
            }
        }
        if (method.equals("sendvideo") && status == 200 && faults.afterVideoSent()) {
            // the connection drops before any answer: closing an exchange that sent no headers closes it
            ex.getResponseBody().close();
            return;
        }
        try {
            respond(ex, status, answer);
        } catch (IOException gone) {
            // the client hung up first (a long poll cancelled as the bot shuts down): nothing to answer
            LOG.log(System.Logger.Level.DEBUG, "client went away before the answer to " + method);
        }
    }

    /** One method, atomically against the world (a long poll waits on its monitor, which releases it). */
    private JsonNode dispatch(String method, WireRequest req) throws IOException {
        synchronized (world) {
            return switch (method) {
                case "getme" -> json.botUser();
                case "setwebhook" -> setWebhook(req);
                case "deletewebhook" -> {
                    world.deleteWebhook(req.bool("drop_pending_updates"));
                    yield json.yes();
                }
                case "logout", "close" -> json.yes();
                case "getwebhookinfo" -> webhookInfo();
                case "getupdates" -> getUpdates(req);
                case "sendmessage" -> messages.sendMessage(req);
                case "editmessagetext" -> messages.editMessageText(req);
                case "editmessagereplymarkup" -> messages.editReplyMarkup(req);
                case "deletemessage" -> messages.deleteMessage(req);
                case "sendphoto" -> messages.sendMedia(req, "photo");
                case "sendvideo" -> messages.sendMedia(req, "video");
                case "senddocument" -> messages.sendMedia(req, "document");
                case "sendchataction" -> messages.sendChatAction(req);
                case "getfile" -> getFile(req);
                case "getchatmember" -> getChatMember(req);
                case "answercallbackquery" -> answerCallback(req);
                case "setmycommands" -> setMyCommands(req);
                case "setchatmenubutton" -> setMenuButton(req);
                case "getmycommands" -> world.commands(scope(req)) == null ? json.mapper().createArrayNode()
                        : world.commands(scope(req));
                case "deletemycommands" -> {
                    world.setCommands(scope(req), null);
                    yield json.yes();
                }
                default -> throw new BotApiError(404, "Not Found", null);
            };
        }
    }

    // ------------------------------------------------------------------ updates

    /** setWebhook (A10): an http(s) URL (the real API wants https on 443, 80, 88 or 8443; a local fake takes http). */
    private JsonNode setWebhook(WireRequest req) throws IOException {
        String url = req.str("url");
        boolean drop = req.bool("drop_pending_updates");
        if (url == null || url.isBlank()) {
            world.deleteWebhook(drop);
            return json.yes();
        }
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            throw new BotApiError("Bad webhook: An HTTPS URL must be provided for webhook");
        }
        String secret = req.str("secret_token");
        if (secret != null && !secret.matches("[A-Za-z0-9_-]{1,256}")) {
            throw new BotApiError("Bad webhook: secret token contains unallowed characters");
        }
        JsonNode allowed = req.json("allowed_updates");
        java.util.List<String> kinds = new java.util.ArrayList<>();
        if (allowed != null && allowed.isArray()) {
            allowed.forEach(a -> kinds.add(a.asText()));
        }
        world.setWebhook(url, secret, kinds, drop);
        return json.yes();
    }

    private JsonNode webhookInfo() {
        WebhookState st = world.webhookState();
        ObjectNode w = json.object();
        w.put("url", st.url());
        w.put("has_custom_certificate", false);
        w.put("pending_update_count", st.pendingUpdates());
        if (st.lastErrorMessage() != null) {
            w.put("last_error_date", st.lastErrorDate());
            w.put("last_error_message", st.lastErrorMessage());
        }
        if (!st.url().isEmpty()) {
            w.put("max_connections", 40);
            ArrayNode allowed = w.putArray("allowed_updates");
            st.allowedUpdates().forEach(allowed::add);
        }
        return w;
    }

    private JsonNode getUpdates(WireRequest req) {
        if (world.webhookActive()) {
            // the real API: the two ways of getting updates are mutually exclusive
            throw new BotApiError(409, "Conflict: can't use getUpdates method while webhook is active; use "
                    + "deleteWebhook to delete the webhook first", null);
        }
        Long limitParam = req.longValue("limit");
        Long timeoutParam = req.longValue("timeout");
        int limit = limitParam == null ? 100 : (int) Math.max(1, Math.min(100, limitParam));
        long holdMs = Math.min(timeoutParam == null ? 0 : timeoutParam * 1000, settings.maxPollHold().toMillis());
        return world.takeUpdates(req.longValue("offset"), limit, holdMs);
    }

    // ------------------------------------------------------------------ callbacks and commands

    private JsonNode answerCallback(WireRequest req) {
        if (!world.answerCallbackQuery(req.str("callback_query_id"))) {
            throw new BotApiError("query is too old and response timeout expired or query ID is invalid");
        }
        return json.yes();
    }

    /** The bot's default menu button; a Web App button needs an https URL, as Telegram requires. */
    private JsonNode setMenuButton(WireRequest req) throws IOException {
        JsonNode button = req.json("menu_button");
        if (button != null && "web_app".equals(button.path("type").asText())
                && !button.path("web_app").path("url").asText().startsWith("https://")) {
            throw new BotApiError("BUTTON_URL_INVALID"); // Telegram: Mini Apps open over https only
        }
        world.setMenuButton(button);
        return json.yes();
    }

    private JsonNode setMyCommands(WireRequest req) throws IOException {
        JsonNode commands = req.json("commands");
        if (commands == null || !commands.isArray()) {
            throw new BotApiError("parameter \"commands\" is required");
        }
        for (JsonNode c : commands) {
            if (!c.path("command").asText().matches("[a-z0-9_]{1,32}")) {
                throw new BotApiError("BOT_COMMAND_INVALID");
            }
        }
        world.setCommands(scope(req), commands);
        return json.yes();
    }

    /** The {@code scope} of a command-menu call by its type ({@code default} when none was given). */
    private static String scope(WireRequest req) throws IOException {
        JsonNode scope = req.json("scope");
        return scope == null || scope.path("type").asText().isEmpty() ? "default" : scope.path("type").asText();
    }

    // ------------------------------------------------------------------ members

    /**
     * A member's status: {@code creator}, {@code administrator} or {@code member} for someone who wrote or pressed a
     * button in the chat (or was given a status by the test); the bot itself is an administrator when made one; a
     * user the chat never saw is "user not found", as Telegram answers for an id it does not know.
     */
    private JsonNode getChatMember(WireRequest req) {
        Long userId = req.longValue("user_id");
        if (userId == null) {
            throw new BotApiError("parameter \"user_id\" is required");
        }
        ChatState cs = messages.targetChat(req);
        ObjectNode member = json.object();
        if (userId == settings.botId()) {
            member.put("status", cs.botAdmin ? "administrator" : "member");
            member.set("user", json.botUser());
        } else {
            SimUser user = cs.members.get(userId);
            if (user == null) {
                throw new BotApiError("user not found");
            }
            member.put("status", cs.statuses.getOrDefault(userId, "member"));
            member.set("user", json.user(user));
        }
        String status = member.path("status").asText();
        if (status.equals("creator") || status.equals("administrator")) {
            member.put("is_anonymous", false);
        }
        if (status.equals("administrator")) {
            member.put("can_be_edited", false);
            for (String right : new String[]{"can_manage_chat", "can_delete_messages", "can_manage_video_chats",
                    "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
                    "can_pin_messages"}) {
                member.put(right, true);
            }
        }
        return member;
    }

    // ------------------------------------------------------------------ files

    private JsonNode getFile(WireRequest req) {
        StoredFile f = world.fileById(String.valueOf(req.str("file_id")))
                .orElseThrow(() -> new BotApiError("invalid file_id"));
        if (f.size > DOWNLOAD_LIMIT) {
            throw new BotApiError("file is too big");
        }
        return json.file(f, true);
    }

    private void serveFile(HttpExchange ex, String tail) throws IOException {
        int slash = tail.indexOf('/');
        String token = slash < 0 ? "" : URLDecoder.decode(tail.substring(0, slash), StandardCharsets.UTF_8);
        if (!token.equals(settings.token())) {
            respond(ex, 401, json.error(401, "Unauthorized", null));
            return;
        }
        StoredFile f = world.fileByPath(URLDecoder.decode(tail.substring(slash + 1), StandardCharsets.UTF_8))
                .orElse(null);
        if (f == null) {
            respond(ex, 404, json.error(404, "Not Found", null));
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(200, f.size);
        try (OutputStream out = ex.getResponseBody()) {
            java.nio.file.Files.copy(f.content, out); // streamed from disk, as large as it is
        }
    }

    private void respond(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = json.mapper().writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
