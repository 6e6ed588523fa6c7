package io.storyreel.sim.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Bot API methods that write into chats: {@code sendMessage}, {@code editMessageText},
 * {@code editMessageReplyMarkup}, {@code deleteMessage} (messages) and {@code sendPhoto}, {@code sendVideo},
 * {@code sendDocument}, {@code sendChatAction} (media). Each checks what Telegram checks and answers its errors
 * verbatim: "message is not modified" (A4), 429 with {@code retry_after} by rule, 413 above the upload limit (A3)
 * for videos and files alike, 400 for a video where videos are forbidden,
 * deletion rights (A5), {@code migrate_to_chat_id} for an upgraded group (A4). Callers hold the world's monitor.
 */
final class MessageRoutes {

    private static final Set<String> CHAT_ACTIONS = Set.of("typing", "upload_photo", "record_video", "upload_video",
            "record_voice", "upload_voice", "upload_document", "choose_sticker", "find_location", "record_video_note",
            "upload_video_note");
    private static final String NOT_MODIFIED = "message is not modified: specified new message content and reply "
            + "markup are exactly the same as a current content and reply markup of the message";

    private final TelegramWorld world;
    private final TelegramJson json;
    private final TelegramFaults faults;
    private final Clock clock;

    MessageRoutes(TelegramWorld world, TelegramJson json, TelegramFaults faults, Clock clock) {
        this.world = world;
        this.json = json;
        this.faults = faults;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ messages

    JsonNode sendMessage(WireRequest req) throws IOException {
        ChatState cs = targetChat(req);
        String text = req.str("text");
        checkText(text);
        StoredMessage m = world.newMessage(cs, true, null);
        m.show(text);
        applyMarkup(m, req.json("reply_markup"));
        m.replyTo = replyTarget(cs, req);
        world.changed();
        return json.message(cs, m, false);
    }

    JsonNode editMessageText(WireRequest req) throws IOException {
        ChatState cs = targetChat(req);
        StoredMessage m = botMessageToEdit(cs, req);
        if (m.text == null) {
            throw new BotApiError("there is no text in the message to edit");
        }
        String text = req.str("text");
        checkText(text);
        int retryAfter = faults.onEdit(cs.chat.id(), clock.instant());
        if (retryAfter > 0) {
            ObjectNode p = json.object();
            p.put("retry_after", retryAfter);
            throw new BotApiError(429, "Too Many Requests: retry after " + retryAfter, p);
        }
        List<List<SimButton>> buttons = parseButtons(req.json("reply_markup"));
        if (text.equals(m.text) && buttons.equals(m.buttons)) {
            throw new BotApiError(NOT_MODIFIED);
        }
        m.show(text);
        m.buttons = buttons; // an edit without reply_markup removes the inline keyboard, as on Telegram
        world.changed();
        return json.message(cs, m, false);
    }

    JsonNode editReplyMarkup(WireRequest req) throws IOException {
        ChatState cs = targetChat(req);
        StoredMessage m = botMessageToEdit(cs, req);
        List<List<SimButton>> buttons = parseButtons(req.json("reply_markup"));
        if (buttons.equals(m.buttons)) {
            throw new BotApiError(NOT_MODIFIED);
        }
        m.buttons = buttons;
        world.changed();
        return json.message(cs, m, false);
    }

    JsonNode deleteMessage(WireRequest req) {
        ChatState cs = targetChat(req);
        Long id = req.longValue("message_id");
        StoredMessage m = id == null ? null : cs.messages.get(id.intValue());
        if (m == null || m.deleted) {
            throw new BotApiError("message to delete not found");
        }
        if (!m.fromBot && !cs.chat.isPrivate() && !cs.botAdmin) {
            throw new BotApiError("message can't be deleted");
        }
        m.deleted = true;
        world.changed();
        return json.yes();
    }

    // ------------------------------------------------------------------ media

    /** {@code kind} is {@code photo}, {@code video} or {@code document}: the parameter that carries the file. */
    JsonNode sendMedia(WireRequest req, String kind) throws IOException {
        ChatState cs = targetChat(req);
        if (kind.equals("video") && faults.videosForbidden(cs.chat.id())) {
            throw new BotApiError(TelegramFaults.NO_VIDEO_RIGHTS);
        }
        WireRequest.FilePart part = req.file(kind);
        String ref = req.str(kind);
        if (part == null && ref != null && ref.startsWith("attach://")) {
            // the file travels in its own part, named by the attach:// reference (TelegramBots does this)
            part = req.file(ref.substring("attach://".length()));
            if (part == null) {
                throw new BotApiError("wrong file identifier/HTTP URL specified");
            }
        }
        byte[] bytes;
        if (part != null) {
            if (part.bytes().length > world.uploadLimit()) {
                throw new BotApiError(413, "Request Entity Too Large", null);
            }
            bytes = part.bytes();
        } else {
            // a file the world already holds, named by its file_id
            bytes = world.fileById(ref).map(StoredFile::bytes)
                    .orElseThrow(() -> new BotApiError("wrong file identifier/HTTP URL specified"));
        }
        String caption = req.str("caption");
        if (caption != null && caption.length() > 1024) {
            throw new BotApiError("message caption is too long");
        }
        List<SimEntity> entities = captionEntities(req, caption);
        StoredMessage m = world.newMessage(cs, true, null);
        m.caption = caption;
        m.captionEntities = entities;
        switch (kind) {
            case "photo" -> {
                m.photo = bytes;
                m.photoSizes = world.registerPhoto(bytes);
            }
            case "video" -> {
                m.video = bytes;
                m.supportsStreaming = req.bool("supports_streaming");
                // what the bot says of the video's shape, as given (Telegram shows it before the download)
                m.videoShape = new SimVideoShape(whole(req.longValue("duration")), whole(req.longValue("width")),
                        whole(req.longValue("height")));
                m.videoFile = world.registerFile(bytes, "videos", "mp4");
                m.thumbnail = thumbnail(req);
            }
            default -> {
                m.document = bytes;
                m.fileName = part == null ? "file" : part.fileName();
                m.mimeType = part == null ? null : part.contentType();
                m.documentFile = world.registerFile(bytes, "documents", TelegramUserDriver.extension(m.fileName));
            }
        }
        applyMarkup(m, req.json("reply_markup"));
        m.replyTo = replyTarget(cs, req);
        world.changed();
        return json.message(cs, m, false);
    }

    /**
     * The {@code thumbnail} of a {@code sendvideo}, judged by the Bot API's rules: only a new upload (its own part, or
     * named by {@code attach://}) counts, as a JPEG under 200 kB at most 320 px a side; anything else is recorded
     * with the rule it broke (Telegram ignores such a thumbnail rather than refusing the video).
     */
    private static SimThumbnail thumbnail(WireRequest req) {
        WireRequest.FilePart part = req.file("thumbnail");
        String ref = req.str("thumbnail");
        if (part == null && ref != null && ref.startsWith("attach://")) {
            part = req.file(ref.substring("attach://".length()));
        }
        if (part == null) {
            return ref == null ? null
                    : new SimThumbnail(new byte[0], null, 0, 0, "not a new upload (thumbnails cannot be reused)");
        }
        byte[] bytes = part.bytes();
        var probed = io.storyreel.sim.taskapi.ProbedImage.probe(bytes).orElse(null);
        if (probed == null) {
            return new SimThumbnail(bytes, null, 0, 0, "not a picture");
        }
        String problem = null;
        if (!"jpeg".equals(probed.format())) {
            problem = "not a JPEG (" + probed.format() + ")";
        } else if (bytes.length >= SimThumbnail.MAX_BYTES) {
            problem = bytes.length + " bytes, not less than 200 kB";
        } else if (probed.width() > SimThumbnail.MAX_SIDE || probed.height() > SimThumbnail.MAX_SIDE) {
            problem = probed.width() + "x" + probed.height() + " px, more than 320 px a side";
        }
        return new SimThumbnail(bytes, probed.format(), probed.width(), probed.height(), problem);
    }

    /**
     * The caption's {@code caption_entities}, refused as Telegram refuses them: one that reaches past the caption (in
     * UTF-16 code units), or a {@code text_mention} without a user id.
     */
    private static List<SimEntity> captionEntities(WireRequest req, String caption) throws IOException {
        JsonNode list = req.json("caption_entities");
        if (list == null || !list.isArray() || list.isEmpty()) {
            return List.of();
        }
        int length = caption == null ? 0 : caption.length();
        List<SimEntity> out = new ArrayList<>();
        for (JsonNode e : list) {
            String type = e.path("type").asText("");
            int offset = e.path("offset").asInt(-1);
            int len = e.path("length").asInt(-1);
            if (type.isEmpty() || offset < 0 || len <= 0 || offset + len > length) {
                throw new BotApiError("Bad Request: can't parse entities: entity beyond the end of the text");
            }
            Long user = e.path("user").has("id") ? e.path("user").path("id").asLong() : null;
            if ("text_mention".equals(type) && user == null) {
                throw new BotApiError("Bad Request: can't parse entities: text_mention without a user");
            }
            out.add(new SimEntity(type, offset, len, user));
        }
        return List.copyOf(out);
    }

    JsonNode sendChatAction(WireRequest req) {
        ChatState cs = targetChat(req);
        String action = req.str("action");
        if (action == null || !CHAT_ACTIONS.contains(action)) {
            throw new BotApiError("wrong parameter action in request");
        }
        cs.actions.add(action);
        return json.yes();
    }

    // ------------------------------------------------------------------ what every write checks

    /** The chat a call names: "chat not found", or the migration answer for a group that became a supergroup. */
    ChatState targetChat(WireRequest req) {
        Long id = req.longValue("chat_id");
        ChatState cs = id == null ? null : world.chat(id).orElse(null);
        if (cs == null) {
            throw new BotApiError("chat not found");
        }
        if (cs.migratedTo != null) {
            ObjectNode p = json.object();
            p.put("migrate_to_chat_id", cs.migratedTo);
            throw new BotApiError(400, "Bad Request: group chat was upgraded to a supergroup chat", p);
        }
        return cs;
    }

    private static StoredMessage botMessageToEdit(ChatState cs, WireRequest req) {
        Long id = req.longValue("message_id");
        StoredMessage m = id == null ? null : cs.messages.get(id.intValue());
        if (m == null || m.deleted) {
            throw new BotApiError("message to edit not found");
        }
        if (!m.fromBot) {
            throw new BotApiError("message can't be edited");
        }
        return m;
    }

    private static Integer replyTarget(ChatState cs, WireRequest req) throws IOException {
        JsonNode params = req.json("reply_parameters");
        Long id = params != null && params.has("message_id") ? Long.valueOf(params.get("message_id").asLong())
                : req.longValue("reply_to_message_id");
        return id != null && cs.messages.containsKey(id.intValue()) ? id.intValue() : null;
    }

    private static void checkText(String text) {
        if (text == null || text.isBlank()) {
            throw new BotApiError("message text is empty");
        }
        if (text.length() > 4096) {
            throw new BotApiError("message is too long");
        }
    }

    private static void applyMarkup(StoredMessage m, JsonNode markup) {
        m.buttons = parseButtons(markup);
        m.forceReply = markup != null && markup.path("force_reply").asBoolean(false);
    }

    private static List<List<SimButton>> parseButtons(JsonNode markup) {
        if (markup == null || !markup.has("inline_keyboard")) {
            return List.of();
        }
        List<List<SimButton>> rows = new ArrayList<>();
        for (JsonNode row : markup.get("inline_keyboard")) {
            List<SimButton> r = new ArrayList<>();
            for (JsonNode b : row) {
                String data = b.hasNonNull("callback_data") ? b.get("callback_data").asText() : null;
                if (data != null && (data.isEmpty() || data.getBytes(StandardCharsets.UTF_8).length > 64)) {
                    throw new BotApiError("BUTTON_DATA_INVALID");
                }
                if (!b.hasNonNull("text") || b.get("text").asText().isEmpty()) {
                    throw new BotApiError("can't parse inline keyboard button: Text buttons are unallowed in the "
                            + "inline keyboard");
                }
                r.add(new SimButton(b.get("text").asText(), data,
                        b.hasNonNull("url") ? b.get("url").asText() : null));
            }
            rows.add(List.copyOf(r));
        }
        return List.copyOf(rows);
    }

    /** A number the bot sent, 0 when it sent none. */
    private static int whole(Long n) {
        return n == null ? 0 : n.intValue();
    }
}
