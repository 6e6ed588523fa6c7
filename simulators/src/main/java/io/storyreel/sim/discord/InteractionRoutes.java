package io.storyreel.sim.discord;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.discord.FakeDiscord.Channel;
import io.storyreel.sim.discord.FakeDiscord.Modal;
import io.storyreel.sim.discord.FakeDiscord.Posted;
import io.storyreel.sim.discord.FakeDiscord.User;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The interaction endpoints and their rules: {@code POST /interactions/{id}/{token}/callback} answers once and only
 * within 3 s (later the token is dead, 10062), with a message (4), a deferral that shows "thinking" (5), a deferred
 * or immediate update of the button's message (6, 7), autocomplete suggestions (8, the only answer to an
 * autocomplete interaction, at most 25) or a modal (9); {@code /webhooks/{app}/{token}} sends
 * follow-ups (the first one after a deferral fills the "thinking" message) and edits them, for 15 minutes.
 */
final class InteractionRoutes {
    static final Duration INITIAL_RESPONSE_DEADLINE = Duration.ofSeconds(3);
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    private final FakeDiscord.Settings settings;
    private final DiscordWorld world;
    private final DiscordJson json;
    private final ChannelRoutes channels;

    InteractionRoutes(FakeDiscord.Settings settings, DiscordWorld world, DiscordJson json, ChannelRoutes channels) {
        this.settings = settings;
        this.world = world;
        this.json = json;
        this.channels = channels;
    }

    Reply callback(long id, String token, Incoming in) {
        synchronized (world) {
            InteractionState s = world.interaction(id);
            if (s == null || !s.interaction.token().equals(token) || s.invalid) {
                return json.error(404, 10062, "Unknown interaction");
            }
            if (Duration.between(s.created, world.now()).compareTo(INITIAL_RESPONSE_DEADLINE) > 0) {
                s.invalid = true;
                world.note("interaction " + id + " answered after the 3 s deadline: token invalidated");
                return json.error(404, 10062, "Unknown interaction");
            }
            if (s.acknowledged) {
                return json.error(400, 40060, "Interaction has already been acknowledged.");
            }
            MessageBody body = json.messageBody(in, s.interaction.channel());
            if (body.tooLarge()) {
                return json.tooLarge();
            }
            Reply refused = answer(s, body.json().path("type").asInt(), body);
            if (refused != null) {
                return refused;
            }
            s.acknowledged = true;
            world.changed();
            return Reply.NO_CONTENT;
        }
    }

    /** Applies one callback type; returns the refusal, or null when it was accepted. */
    private Reply answer(InteractionState s, int type, MessageBody body) {
        JsonNode data = body.json().path("data");
        Channel c = s.interaction.channel();
        User u = s.interaction.user();
        if ((s.interaction.type() == 4) != (type == 8)) {
            // Discord: an autocomplete interaction is answered with suggestions (8), and only it
            return json.error(400, 50035, "Invalid Form Body: callback type " + type + " does not answer an "
                    + "interaction of type " + s.interaction.type());
        }
        switch (type) {
            case 8 -> {
                List<FakeDiscord.Choice> choices = new ArrayList<>();
                for (JsonNode ch : data.path("choices")) {
                    String name = ch.path("name").asText("");
                    if (name.isEmpty() || name.length() > 100 || !ch.has("value")) {
                        return json.error(400, 50035, "Invalid Form Body: a choice needs a name of 1 to 100 "
                                + "characters and a value");
                    }
                    choices.add(new FakeDiscord.Choice(name, ch.path("value").asText()));
                }
                if (choices.size() > 25) {
                    return json.error(400, 50035, "Invalid Form Body: at most 25 choices");
                }
                s.suggestions = List.copyOf(choices);
            }
            case 4, 5 -> {
                MessageBody inner = new MessageBody(data.isMissingNode() ? json.object() : data, body.files(), false);
                boolean ephemeral = (data.path("flags").asInt() & DiscordWorld.EPHEMERAL) != 0;
                Posted p = world.post(c, inner, type == 5, ephemeral ? u.id() : null, s.interaction.id());
                s.original = p.id();
                if (type == 5) {
                    world.deferred(s.interaction.id(), p.id(), ephemeral);
                }
                world.say(c, "bot" + (ephemeral ? " (only " + u.name() + " sees this)" : "") + ": "
                        + (type == 5 ? "is thinking…" : DiscordWorld.describe(p)));
            }
            case 6 -> s.original = s.sourceMessage;
            case 7 -> {
                if (s.sourceMessage == null) {
                    return json.error(400, 40004,
                            "Interaction callback type UPDATE_MESSAGE is only valid for components");
                }
                s.original = s.sourceMessage;
                Posted edited = world.edit(world.message(s.sourceMessage).orElseThrow(),
                        new MessageBody(data, body.files(), false));
                world.say(c, "bot edited " + edited.id() + ": " + DiscordWorld.describe(edited));
            }
            case 9 -> {
                if (s.interaction.type() == 5) {
                    return json.error(400, 50035, "Invalid Form Body: a modal cannot answer a modal submit");
                }
                List<String> inputs = new ArrayList<>();
                collectTextInputs(data.path("components"), inputs);
                if (inputs.isEmpty() || data.path("components").size() > 5) {
                    return json.error(400, 50035, "Invalid Form Body: a modal needs 1 to 5 components");
                }
                s.modal = new Modal(data.path("custom_id").asText(), data.path("title").asText(), List.copyOf(inputs));
                world.say(c, "bot opened modal '" + s.modal.title() + "' for " + u.name());
            }
            default -> {
                return json.error(400, 50035, "Invalid Form Body: unsupported callback type " + type);
            }
        }
        return null;
    }

    private void collectTextInputs(JsonNode components, List<String> out) {
        for (JsonNode c : components) {
            if (c.path("type").asInt() == 4) {
                out.add(c.path("custom_id").asText());
            }
            collectTextInputs(c.path("components"), out);
            if (c.has("component")) {
                collectTextInputs(json.mapper().createArrayNode().add(c.path("component")), out);
            }
        }
    }

    /** {@code p}: {@code webhooks}, the application id, the token, then {@code messages} and a message id. */
    Reply webhook(String method, String[] p, Incoming in) {
        synchronized (world) {
            InteractionState s = world.interactionByToken(p[2]).orElse(null);
            if (s == null || !p[1].equals(Long.toString(settings.applicationId())) || s.invalid
                    || Duration.between(s.created, world.now()).compareTo(TOKEN_LIFETIME) > 0) {
                return json.error(401, 50027, "Invalid Webhook Token");
            }
            Channel c = s.interaction.channel();
            if (p.length == 3 && method.equals("POST")) {
                return followup(s, c, in);
            }
            if (p.length == 5 && p[3].equals("messages")) {
                Long target = p[4].equals("@original") ? s.original : Long.valueOf(RestRoutes.parseId(p[4]));
                Posted msg = target == null ? null : world.message(target).orElse(null);
                if (msg == null || (!p[4].equals("@original") && !s.followups.contains(target))) {
                    return json.error(404, 10008, "Unknown Message");
                }
                return channels.message(method, c, msg, in);
            }
            return Reply.NOT_FOUND;
        }
    }

    private Reply followup(InteractionState s, Channel c, Incoming in) {
        if (!s.acknowledged) {
            return json.error(404, 10015, "Unknown Webhook");
        }
        MessageBody body = json.messageBody(in, c);
        if (body.tooLarge()) {
            return json.tooLarge();
        }
        Posted original = s.original == null ? null : world.message(s.original).orElse(null);
        String who = s.interaction.user().name();
        if (original != null && original.loading()) {
            // Discord: the first follow-up after a deferral fills the "thinking" message
            Posted filled = world.edit(original, body);
            world.say(c, "bot" + (filled.ephemeral() ? " (only " + who + " sees this)" : "") + ": "
                    + DiscordWorld.describe(filled));
            return json.ok(json.message(filled));
        }
        boolean ephemeral = (body.json().path("flags").asInt() & DiscordWorld.EPHEMERAL) != 0;
        Posted posted = world.post(c, body, false, ephemeral ? s.interaction.user().id() : null,
                s.interaction.id());
        s.followups.add(posted.id());
        world.say(c, "bot" + (ephemeral ? " (only " + who + " sees this)" : "") + ": "
                + DiscordWorld.describe(posted));
        return json.ok(json.message(posted));
    }
}
