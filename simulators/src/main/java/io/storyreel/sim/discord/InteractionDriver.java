package io.storyreel.sim.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyreel.sim.discord.FakeDiscord.Channel;
import io.storyreel.sim.discord.FakeDiscord.Interaction;
import io.storyreel.sim.discord.FakeDiscord.Modal;
import io.storyreel.sim.discord.FakeDiscord.Posted;
import io.storyreel.sim.discord.FakeDiscord.Upload;
import io.storyreel.sim.discord.FakeDiscord.User;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Tests and the demo acting as Discord users: slash commands checked against the registered definitions as the
 * client does, button presses and modal submits, each sent to the bot as an INTERACTION_CREATE shaped like
 * Discord's; and waiting for what the bot answers. The Javadoc of each action is on {@link FakeDiscord}, which
 * delegates here.
 */
final class InteractionDriver {
    /** A plain member's permissions (and the bot's): no Administrator, no Manage Messages. */
    static final long MEMBER_PERMISSIONS = 2248473465835073L;
    private static final String PERMISSIONS = Long.toString(MEMBER_PERMISSIONS);

    private final FakeDiscord.Settings settings;
    private final DiscordWorld world;
    private final DiscordJson json;
    private final Gateway gateway;

    InteractionDriver(FakeDiscord.Settings settings, DiscordWorld world, DiscordJson json, Gateway gateway) {
        this.settings = settings;
        this.world = world;
        this.json = json;
        this.gateway = gateway;
    }

    Interaction slash(User user, Channel channel, String command, String subcommand, Map<String, ?> options) {
        awaitBot();
        ObjectNode data = json.object();
        Interaction interaction;
        synchronized (world) {
            JsonNode def = world.commandFor(command, channel);
            data.put("id", def.path("id").asText());
            data.put("name", command);
            data.put("type", 1);
            JsonNode optionDefs = def.path("options");
            ArrayNode target = data.putArray("options");
            StringBuilder shown = new StringBuilder("/" + command);
            if (subcommand != null) {
                JsonNode sub = find(optionDefs, subcommand)
                        .filter(o -> o.path("type").asInt() == 1)
                        .orElseThrow(() -> new IllegalArgumentException("/" + command + " has no subcommand "
                                + subcommand));
                ObjectNode subNode = target.addObject();
                subNode.put("name", subcommand);
                subNode.put("type", 1);
                target = subNode.putArray("options");
                optionDefs = sub.path("options");
                shown.append(' ').append(subcommand);
            }
            Map<String, ?> given = options == null ? Map.of() : options;
            for (JsonNode o : optionDefs) {
                if (o.path("required").asBoolean(false) && !given.containsKey(o.path("name").asText())) {
                    throw new IllegalArgumentException("missing required option " + o.path("name").asText());
                }
            }
            ObjectNode attachments = json.object();
            for (Map.Entry<String, ?> e : given.entrySet()) {
                JsonNode o = find(optionDefs, e.getKey())
                        .orElseThrow(() -> new IllegalArgumentException("unknown option " + e.getKey()));
                option(target.addObject(), e.getKey(), o.path("type").asInt(), e.getValue(), channel, attachments);
                Object v = e.getValue();
                shown.append(' ').append(e.getKey()).append(':')
                        .append(v instanceof Upload u ? u.fileName() : v.toString());
            }
            if (!attachments.isEmpty()) {
                data.putObject("resolved").set("attachments", attachments);
            }
            interaction = newInteraction(2, user, channel);
            world.say(channel, user.name() + ": " + shown);
        }
        dispatch(interaction, data, null);
        return interaction;
    }

    Interaction autocomplete(User user, Channel channel, String command, Map<String, String> options,
                             String focused) {
        awaitBot();
        ObjectNode data = json.object();
        Interaction interaction;
        synchronized (world) {
            JsonNode def = world.commandFor(command, channel);
            JsonNode focusedDef = find(def.path("options"), focused)
                    .orElseThrow(() -> new IllegalArgumentException("unknown option " + focused));
            if (!focusedDef.path("autocomplete").asBoolean(false)) {
                // the client only asks for suggestions on options registered with autocomplete
                throw new IllegalArgumentException("/" + command + " " + focused + " does not offer autocomplete");
            }
            data.put("id", def.path("id").asText());
            data.put("name", command);
            data.put("type", 1);
            ArrayNode target = data.putArray("options");
            for (Map.Entry<String, String> e : options.entrySet()) {
                JsonNode o = find(def.path("options"), e.getKey())
                        .orElseThrow(() -> new IllegalArgumentException("unknown option " + e.getKey()));
                ObjectNode opt = target.addObject();
                opt.put("name", e.getKey());
                opt.put("type", o.path("type").asInt());
                opt.put("value", e.getValue());
                if (e.getKey().equals(focused)) {
                    opt.put("focused", true);
                }
            }
            if (!options.containsKey(focused)) {
                ObjectNode opt = target.addObject();
                opt.put("name", focused);
                opt.put("type", focusedDef.path("type").asInt());
                opt.put("value", "");
                opt.put("focused", true);
            }
            interaction = newInteraction(4, user, channel);
        }
        dispatch(interaction, data, null);
        return interaction;
    }

    /** One option value, typed as its definition says; an upload lands on the CDN and in {@code attachments}. */
    private void option(ObjectNode opt, String name, int type, Object v, Channel channel, ObjectNode attachments) {
        opt.put("name", name);
        opt.put("type", type);
        switch (type) {
            case 3 -> opt.put("value", v.toString());
            case 4 -> opt.put("value", ((Number) v).longValue());
            case 5 -> opt.put("value", (Boolean) v);
            case 10 -> opt.put("value", ((Number) v).doubleValue());
            case 11 -> {
                Upload u = (Upload) v;
                String id = Long.toString(world.nextId());
                opt.put("value", id);
                attachments.set(id, json.attachment(channel.id(), id, u.fileName(), u.bytes(), u.contentType()));
            }
            default -> throw new IllegalArgumentException("unsupported option type " + type);
        }
    }

    Interaction pressButton(User user, Posted message, String customId) {
        awaitBot();
        if (!message.hasButton(customId)) {
            throw new IllegalArgumentException("message " + message.id() + " has no button " + customId);
        }
        ObjectNode data = json.object();
        data.put("custom_id", customId);
        data.put("component_type", 2);
        Interaction interaction;
        ObjectNode shown;
        synchronized (world) {
            Channel channel = world.channel(message.channelId());
            interaction = newInteraction(3, user, channel);
            world.interaction(interaction.id()).sourceMessage = message.id();
            world.say(channel, user.name() + " pressed [" + customId + "]");
            shown = json.message(message);
        }
        dispatch(interaction, data, shown);
        return interaction;
    }

    Interaction submitModal(User user, Interaction opener, Map<String, String> values) {
        awaitBot();
        ObjectNode data = json.object();
        Interaction interaction;
        synchronized (world) {
            InteractionState s = world.interaction(opener.id());
            if (s == null || s.modal == null) {
                throw new IllegalStateException("the bot opened no modal for interaction " + opener.id());
            }
            data.put("custom_id", s.modal.customId());
            ArrayNode rows = data.putArray("components");
            for (String input : s.modal.inputIds()) {
                ObjectNode label = rows.addObject();
                label.put("type", 18);
                ObjectNode text = label.putObject("component");
                text.put("type", 4);
                text.put("custom_id", input);
                text.put("value", values.getOrDefault(input, ""));
            }
            interaction = newInteraction(5, user, opener.channel());
            world.say(opener.channel(), user.name() + " submitted modal " + s.modal.customId() + " ("
                    + values.size() + " field(s), values hidden)");
        }
        dispatch(interaction, data, null);
        return interaction;
    }

    private static final java.time.Duration RECONNECT_WAIT = java.time.Duration.ofSeconds(45);

    /**
     * A user acts while the bot is online: a bot that is still identifying, or whose session is being resumed (a
     * heartbeat missed on a loaded machine), is given time to come back before the action is refused. Waits holding
     * no lock: the gateway needs the world to make the bot ready.
     */
    private void awaitBot() {
        long deadline = System.nanoTime() + RECONNECT_WAIT.toNanos();
        while (!gateway.botConnected() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Interaction newInteraction(int type, User user, Channel channel) {
        if (!gateway.botConnected()) {
            throw new IllegalStateException("no bot is connected to the gateway");
        }
        return world.newInteraction(type, user, channel);
    }

    private void dispatch(Interaction i, ObjectNode data, ObjectNode message) {
        ObjectNode d = json.object();
        d.put("id", Long.toString(i.id()));
        d.put("application_id", Long.toString(settings.applicationId()));
        d.put("type", i.type());
        d.set("data", data);
        Channel c = i.channel();
        d.set("channel", json.channel(c));
        d.put("channel_id", Long.toString(c.id()));
        if (c.isDm()) {
            d.set("user", json.user(i.user()));
            d.put("context", 1);
        } else {
            d.put("guild_id", Long.toString(c.guildId()));
            ObjectNode member = d.putObject("member");
            member.set("user", json.user(i.user()));
            member.putArray("roles");
            member.put("joined_at", "2025-01-01T00:00:00.000000+00:00");
            member.put("deaf", false);
            member.put("mute", false);
            member.put("flags", 0);
            // the member's permissions in the channel, as Discord sends them with every guild interaction
            member.put("permissions", Long.toString(world.memberPermissions(c.guildId(), i.user().id(), MEMBER_PERMISSIONS)));
            d.put("guild_locale", "en-US");
            d.put("context", 0);
        }
        if (message != null) {
            d.set("message", message);
        }
        d.put("token", i.token());
        d.put("version", 1);
        d.put("locale", "en-US");
        d.put("app_permissions", PERMISSIONS);
        d.putArray("entitlements");
        d.putObject("authorizing_integration_owners").put("0", c.isDm() ? "0" : Long.toString(c.guildId()));
        d.put("attachment_size_limit", world.uploadLimit(c));
        gateway.dispatch("INTERACTION_CREATE", d);
    }

    private static Optional<JsonNode> find(JsonNode options, String name) {
        for (JsonNode o : options) {
            if (o.path("name").asText().equals(name)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- waiting for the bot

    Posted awaitMessage(Predicate<Posted> condition, Duration timeout) {
        return world.await(() -> world.lastMessage(condition), timeout, "a message matching the condition");
    }

    Interaction awaitAcknowledged(Interaction i, Duration timeout) {
        world.await(() -> acknowledged(i) ? Optional.of(i) : Optional.empty(), timeout,
                "an acknowledgement of " + i.id());
        return i;
    }

    Modal awaitModal(Interaction i, Duration timeout) {
        return world.await(() -> modal(i), timeout, "a modal for interaction " + i.id());
    }

    Posted awaitOriginal(Interaction i, Predicate<Posted> condition, Duration timeout) {
        return world.await(() -> original(i).filter(p -> !p.loading()).filter(condition), timeout,
                "the answer to interaction " + i.id());
    }

    Optional<Posted> original(Interaction i) {
        synchronized (world) {
            InteractionState s = world.interaction(i.id());
            return s == null || s.original == null ? Optional.empty() : world.message(s.original);
        }
    }

    java.util.List<FakeDiscord.Choice> awaitSuggestions(Interaction i, Duration timeout) {
        return world.await(() -> {
            synchronized (world) {
                return Optional.ofNullable(world.interaction(i.id()).suggestions);
            }
        }, timeout, "suggestions for interaction " + i.id());
    }

    Optional<Modal> modal(Interaction i) {
        synchronized (world) {
            return Optional.ofNullable(world.interaction(i.id()).modal);
        }
    }

    boolean acknowledged(Interaction i) {
        synchronized (world) {
            InteractionState s = world.interaction(i.id());
            return s.acknowledged && !s.invalid;
        }
    }
}
