package io.storyreel.sim.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Bot API objects as JSON ({@code User}, {@code Chat}, {@code File}, {@code Message}, {@code CallbackQuery}) and the
 * answer envelopes, shaped as [TG-API] documents them. Callers hold the world's monitor while a message renders.
 */
final class TelegramJson {

    private final ObjectMapper json;
    private final FakeTelegramServer.Settings settings;

    TelegramJson(ObjectMapper json, FakeTelegramServer.Settings settings) {
        this.json = json;
        this.settings = settings;
    }

    ObjectMapper mapper() {
        return json;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    JsonNode yes() {
        return json.getNodeFactory().booleanNode(true);
    }

    /** {@code {"ok":true,"result":…}}. */
    ObjectNode ok(JsonNode result) {
        ObjectNode answer = object();
        answer.put("ok", true);
        answer.set("result", result);
        return answer;
    }

    /** {@code {"ok":false,"error_code":…,"description":…}} with the {@code parameters} when there are any. */
    ObjectNode error(int code, String description, ObjectNode parameters) {
        ObjectNode e = object();
        e.put("ok", false);
        e.put("error_code", code);
        e.put("description", description);
        if (parameters != null) {
            e.set("parameters", parameters);
        }
        return e;
    }

    ObjectNode botUser() {
        ObjectNode u = object();
        u.put("id", settings.botId());
        u.put("is_bot", true);
        u.put("first_name", settings.botName());
        u.put("username", settings.botUsername());
        u.put("can_join_groups", true);
        u.put("can_read_all_group_messages", !settings.privacyMode());
        u.put("supports_inline_queries", false);
        return u;
    }

    ObjectNode user(SimUser user) {
        ObjectNode u = object();
        u.put("id", user.id());
        u.put("is_bot", false);
        u.put("first_name", user.firstName());
        if (user.username() != null) {
            u.put("username", user.username());
        }
        u.put("language_code", "en");
        return u;
    }

    ObjectNode chat(ChatState cs) {
        ObjectNode c = object();
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

    ObjectNode file(StoredFile f, boolean withPath) {
        ObjectNode o = object();
        o.put("file_id", f.fileId);
        o.put("file_unique_id", f.uniqueId);
        o.put("file_size", f.size);
        if (withPath) {
            o.put("file_path", f.path);
        }
        return o;
    }

    /** A callback query: the user pressed {@code data} under message {@code m}. */
    ObjectNode callbackQuery(String id, SimUser user, ChatState cs, StoredMessage m, String data) {
        ObjectNode q = object();
        q.put("id", id);
        q.set("from", user(user));
        q.set("message", message(cs, m, false));
        q.put("chat_instance", "ci" + Math.abs(cs.chat.id()));
        q.put("data", data);
        return q;
    }

    /** A message; {@code withReply} nests the message it replies to (one level, as Telegram does). */
    ObjectNode message(ChatState cs, StoredMessage m, boolean withReply) {
        ObjectNode o = object();
        o.put("message_id", m.id);
        o.set("from", m.fromBot ? botUser() : user(m.from));
        o.put("date", m.date);
        o.set("chat", chat(cs));
        if (m.mediaGroupId != null) {
            o.put("media_group_id", m.mediaGroupId);
        }
        if (m.migrateTo != null) {
            o.put("migrate_to_chat_id", m.migrateTo);
        }
        if (withReply && m.replyTo != null) {
            StoredMessage r = cs.messages.get(m.replyTo);
            if (r != null) {
                o.set("reply_to_message", message(cs, r, false));
            }
        }
        if (m.text != null) {
            o.put("text", m.text);
            addCommandEntity(o, "entities", m.text);
        }
        media(o, m);
        if (m.caption != null) {
            o.put("caption", m.caption);
            addCommandEntity(o, "caption_entities", m.caption);
        }
        if (!m.buttons.isEmpty()) {
            ArrayNode rows = o.putObject("reply_markup").putArray("inline_keyboard");
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

    private void media(ObjectNode o, StoredMessage m) {
        if (m.photoSizes != null) {
            ArrayNode sizes = o.putArray("photo");
            for (StoredFile f : m.photoSizes) {
                ObjectNode s = file(f, false);
                s.put("width", f.width);
                s.put("height", f.height);
                sizes.add(s);
            }
        }
        if (m.videoFile != null) {
            ObjectNode v = file(m.videoFile, false);
            v.put("width", 0);
            v.put("height", 0);
            v.put("duration", 0);
            v.put("mime_type", "video/mp4");
            o.set("video", v);
        }
        if (m.documentFile != null) {
            ObjectNode d = file(m.documentFile, false);
            String kind = m.documentKind == null ? "document" : m.documentKind;
            if (m.fileName != null && !kind.equals("voice")) {
                d.put("file_name", m.fileName);
            }
            if (m.mimeType != null) {
                d.put("mime_type", m.mimeType);
            }
            if (!kind.equals("document")) {
                d.put("duration", 0); // the real clients send the length they measured; no one here reads it
            }
            o.set(kind, d);
        }
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
}
