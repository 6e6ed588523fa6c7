package io.storyreel.sim.discord;

import io.storyreel.sim.discord.FakeDiscord.Channel;
import io.storyreel.sim.discord.FakeDiscord.Posted;

/**
 * {@code /channels/{id}} and its messages: read the channel, post a message (JSON or multipart, 413 / 40005 above the
 * upload limit), and read, edit or delete one. Ephemeral messages are invisible here: only their interaction's webhook
 * reaches them. Callers hold the world's monitor.
 */
final class ChannelRoutes {
    private final DiscordWorld world;
    private final DiscordJson json;

    ChannelRoutes(DiscordWorld world, DiscordJson json) {
        this.world = world;
        this.json = json;
    }

    /** {@code p} is the route split at {@code /}: {@code channels}, the id, then {@code messages} and an id. */
    Reply channel(String method, String[] p, Incoming in) {
        Channel c = world.channel(RestRoutes.parseId(p[1]));
        if (c == null) {
            return json.error(404, 10003, "Unknown Channel");
        }
        if (p.length == 2 && method.equals("GET")) {
            return json.ok(json.channel(c));
        }
        if (p.length == 3 && p[2].equals("messages") && method.equals("POST")) {
            MessageBody body = json.messageBody(in, c);
            if (body.tooLarge()) {
                return json.tooLarge();
            }
            Posted posted = world.post(c, body, false, null, null);
            world.say(c, "bot: " + DiscordWorld.describe(posted));
            return json.ok(json.message(posted));
        }
        if (p.length == 4 && p[2].equals("messages")) {
            Posted msg = world.message(RestRoutes.parseId(p[3])).orElse(null);
            if (msg == null || msg.channelId() != c.id() || msg.ephemeral()) {
                // ephemeral messages exist only for their interaction's webhook
                return json.error(404, 10008, "Unknown Message");
            }
            if (method.equals("PATCH") && msg.authorId() != world.bot().id()) {
                return json.error(403, 50005, "Cannot edit a message authored by another user");
            }
            return message(method, c, msg, in);
        }
        return Reply.NOT_FOUND;
    }

    /** GET, PATCH or DELETE of a stored message, the same through the channel and the interaction webhook. */
    Reply message(String method, Channel c, Posted msg, Incoming in) {
        switch (method) {
            case "GET":
                return json.ok(json.message(msg));
            case "PATCH": {
                MessageBody body = json.messageBody(in, c);
                if (body.tooLarge()) {
                    return json.tooLarge();
                }
                Posted edited = world.edit(msg, body);
                world.say(c, "bot edited " + msg.id() + ": " + DiscordWorld.describe(edited));
                return json.ok(json.message(edited));
            }
            case "DELETE":
                world.delete(msg);
                world.say(c, "bot deleted " + msg.id());
                return Reply.NO_CONTENT;
            default:
                return Reply.NOT_FOUND;
        }
    }
}
