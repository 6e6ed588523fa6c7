package io.storyreel.sim.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.sim.discord.FakeDiscord.Button;
import io.storyreel.sim.discord.FakeDiscord.Channel;
import io.storyreel.sim.discord.FakeDiscord.File;
import io.storyreel.sim.discord.FakeDiscord.Posted;
import io.storyreel.sim.discord.FakeDiscord.User;
import io.storyreel.sim.multipart.Multipart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Discord's JSON both ways: the objects the fake sends (user, application, channel, attachment, message) in the
 * shape of API v10, the error bodies ({@code {"message":…,"code":…}}), and reading the bodies the bot sends,
 * including {@code payload_json} plus file parts.
 */
final class DiscordJson {
    private static final int LOADING = 1 << 7;

    private final ObjectMapper json;
    private final FakeDiscord.Settings settings;
    private final DiscordWorld world;

    DiscordJson(ObjectMapper json, FakeDiscord.Settings settings, DiscordWorld world) {
        this.json = json;
        this.settings = settings;
        this.world = world;
    }

    ObjectMapper mapper() {
        return json;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    // ---------------------------------------------------------------- answers

    Reply ok(JsonNode body) {
        return new Reply(200, "application/json", write(body));
    }

    Reply error(int status, int code, String message) {
        return new Reply(status, "application/json", write(object().put("message", message).put("code", code)));
    }

    Reply tooLarge() {
        return error(413, 40005, "Request entity too large");
    }

    private byte[] write(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- what the bot sends

    JsonNode read(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad JSON body", e);
        }
    }

    /** A message body, JSON or multipart; files over the upload limit of the channel's guild mark it too large. */
    MessageBody messageBody(Incoming in, FakeDiscord.Channel channel) {
        if (Multipart.isMultipart(in.contentType())) {
            JsonNode payload = object();
            List<Multipart.Part> files = new ArrayList<>();
            boolean tooLarge = false;
            for (Multipart.Part part : Multipart.parse(in.contentType(), in.body())) {
                if ("payload_json".equals(part.name())) {
                    payload = read(part.bytes());
                } else if (part.fileName() != null) {
                    files.add(part);
                    tooLarge |= part.bytes().length > world.uploadLimit(channel);
                }
            }
            return new MessageBody(payload, files, tooLarge);
        }
        return new MessageBody(in.body().length == 0 ? object() : read(in.body()), List.of(), false);
    }

    // ---------------------------------------------------------------- Discord objects

    ObjectNode botUser() {
        ObjectNode u = user(world.bot());
        u.put("bot", true);
        u.put("verified", true);
        u.put("mfa_enabled", false);
        u.put("flags", 0);
        return u;
    }

    ObjectNode user(User u) {
        ObjectNode n = object();
        n.put("id", Long.toString(u.id()));
        n.put("username", u.name());
        n.put("discriminator", "0");
        n.put("global_name", u.name());
        n.putNull("avatar");
        n.put("public_flags", 0);
        return n;
    }

    ObjectNode application() {
        ObjectNode a = object();
        a.put("id", Long.toString(settings.applicationId()));
        a.put("name", settings.botName());
        a.putNull("icon");
        a.put("description", "");
        a.put("bot_public", true);
        a.put("bot_require_code_grant", false);
        a.put("summary", "");
        a.put("verify_key", "0".repeat(64));
        a.putNull("team");
        a.put("flags", 0);
        a.set("bot", botUser());
        return a;
    }

    ObjectNode channel(Channel c) {
        ObjectNode n = object();
        n.put("id", Long.toString(c.id()));
        if (c.isDm()) {
            n.put("type", 1);
            n.putArray("recipients").add(user(c.dmRecipient()));
        } else {
            n.put("type", 0);
            n.put("guild_id", Long.toString(c.guildId()));
            n.put("name", c.name());
            n.put("position", 0);
            n.putArray("permission_overwrites");
            n.put("nsfw", false);
            n.put("rate_limit_per_user", 0);
        }
        n.put("flags", 0);
        return n;
    }

    /** A user's upload: kept on the CDN of {@code channelId} and described with its signed link. */
    ObjectNode attachment(long channelId, String id, String name, byte[] bytes, String contentType) {
        String url = world.cdnLink(channelId, id, name, bytes);
        ObjectNode a = object();
        a.put("id", id);
        a.put("filename", name);
        a.put("size", bytes.length);
        a.put("url", url);
        a.put("proxy_url", url);
        if (contentType != null) {
            a.put("content_type", contentType);
        }
        return a;
    }

    ObjectNode message(Posted p) {
        ObjectNode n = object();
        n.put("id", Long.toString(p.id()));
        n.put("channel_id", Long.toString(p.channelId()));
        Channel c = world.channel(p.channelId());
        if (c != null && !c.isDm()) {
            n.put("guild_id", Long.toString(c.guildId()));
        }
        n.set("author", p.authorId() == world.bot().id() ? botUser() : user(world.user(p.authorId())));
        n.put("content", p.content());
        n.put("timestamp", Instant.ofEpochMilli((p.id() >> 22) + DiscordWorld.DISCORD_EPOCH).toString());
        if (p.edits() > 0) {
            n.put("edited_timestamp", world.now().toString());
        } else {
            n.putNull("edited_timestamp");
        }
        n.put("tts", false);
        n.put("mention_everyone", false);
        n.putArray("mentions");
        n.putArray("mention_roles");
        ArrayNode atts = n.putArray("attachments");
        for (File f : p.files()) {
            atts.addObject().put("id", f.id()).put("filename", f.fileName()).put("size", f.bytes().length)
                    .put("url", f.url()).put("proxy_url", f.url());
        }
        n.putArray("embeds");
        n.put("pinned", false);
        n.put("type", p.interactionId() == null ? 0 : 20);
        n.put("flags", (p.ephemeral() ? DiscordWorld.EPHEMERAL : 0) | (p.loading() ? LOADING : 0));
        ArrayNode rows = n.putArray("components");
        for (List<Button> row : p.buttons()) {
            ArrayNode bs = rows.addObject().put("type", 1).putArray("components");
            for (Button b : row) {
                bs.addObject().put("type", 2).put("style", 1).put("label", b.label()).put("custom_id", b.customId());
            }
        }
        if (p.interactionId() != null) {
            n.put("webhook_id", Long.toString(settings.applicationId()));
            n.put("application_id", Long.toString(settings.applicationId()));
        }
        return n;
    }
}
