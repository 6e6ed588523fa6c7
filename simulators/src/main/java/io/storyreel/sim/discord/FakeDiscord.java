package io.storyreel.sim.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.storyreel.sim.multipart.Multipart;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * A faithful local Discord: REST under {@code /api/v10}, a WebSocket gateway at {@code /gateway-ws} (its URL is served
 * by {@code GET /gateway}), and a signed CDN under {@code /cdn}. It enforces the rules a bot gets wrong in production:
 * the initial interaction response within 3 s, interaction tokens that die after 15 minutes (on a clock tests can
 * advance), ephemeral messages that the channel endpoint cannot edit, a per-file upload limit (413 / 40005), and CDN
 * links that expire. Tests play users through {@link #slash}, {@link #pressButton} and {@link #submitModal}, and read
 * what the bot posted through {@link #messages}, {@link #awaitMessage} and {@link #transcript}.
 */
public final class FakeDiscord implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FakeDiscord.class);
    private static final long DISCORD_EPOCH = 1_420_070_400_000L;
    private static final int EPHEMERAL = 1 << 6;
    private static final int LOADING = 1 << 7;
    static final Duration INITIAL_RESPONSE_DEADLINE = Duration.ofSeconds(3);
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    /** How the fake behaves. {@code clock} is the base clock; {@link #advanceClock} moves the fake's time on top. */
    /**
     * {@code heartbeatInterval} is what HELLO announces. Discord says 41.25 s; Discord4J sends IDENTIFY only after its
     * first heartbeat is acknowledged, at a random point of the first interval, so the default here is one second to
     * keep logins quick.
     */
    public record Settings(long applicationId, String botName, long uploadLimitBytes, Clock clock,
                           Duration attachmentTtl, Duration heartbeatInterval) {
        public static final long DEFAULT_UPLOAD_LIMIT = 10L * 1024 * 1024;

        public static Settings defaults() {
            return new Settings(1_180_000_000_000_000_001L, "Storyreel", DEFAULT_UPLOAD_LIMIT, Clock.systemUTC(),
                    Duration.ofHours(24), Duration.ofSeconds(1));
        }

        public Settings withUploadLimit(long bytes) {
            return new Settings(applicationId, botName, bytes, clock, attachmentTtl, heartbeatInterval);
        }

        public Settings withClock(Clock c) {
            return new Settings(applicationId, botName, uploadLimitBytes, c, attachmentTtl, heartbeatInterval);
        }

        public Settings withAttachmentTtl(Duration ttl) {
            return new Settings(applicationId, botName, uploadLimitBytes, clock, ttl, heartbeatInterval);
        }

        /** A structurally valid bot token: Discord4J reads the bot id from its first, base64 part. */
        public String botToken() {
            return Base64.getEncoder().withoutPadding()
                    .encodeToString(Long.toString(applicationId).getBytes(StandardCharsets.UTF_8)) + ".ZmFrZQ.storyreel-fake";
        }
    }

    public record User(long id, String name) {
    }

    public record Guild(long id, String name) {
    }

    /** {@code guildId} is null for a DM channel. */
    public record Channel(long id, Long guildId, String name, User dmRecipient) {
        public boolean isDm() {
            return guildId == null;
        }
    }

    /** A file a user attaches to a slash option. */
    public record Upload(String fileName, String contentType, byte[] bytes) {
    }

    /** A file on a message; {@code url} is a signed CDN link that expires. */
    public record File(String id, String fileName, byte[] bytes, String url) {
    }

    public record Button(String label, String customId) {
    }

    /** A message as it stands now. {@code visibleTo} is the only user who sees it when ephemeral. */
    public record Posted(long id, long channelId, long authorId, String content, List<List<Button>> buttons,
                         List<File> files, boolean ephemeral, Long visibleTo, Long interactionId, boolean loading,
                         int edits) {
        public boolean hasButton(String customId) {
            return buttons.stream().flatMap(List::stream).anyMatch(b -> b.customId().equals(customId));
        }
    }

    /** A modal the bot opened: its custom id, title and the custom ids of its text inputs. */
    public record Modal(String customId, String title, List<String> inputIds) {
    }

    /** One interaction a user started; pass it back to read the bot's answer or to submit its modal. */
    public record Interaction(long id, String token, int type, User user, Channel channel) {
    }

    /** A request the bot made, in order; {@code route} is the path without {@code /api/v10}. */
    public record Request(String method, String route, int status) {
    }

    private final Settings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final CdnSigner cdn;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<Long, User> users = new LinkedHashMap<>();
    private final Map<Long, Guild> guilds = new LinkedHashMap<>();
    private final Map<Long, Channel> channels = new LinkedHashMap<>();
    private final Map<Long, Posted> messages = new LinkedHashMap<>();
    private final Map<Long, InteractionState> interactions = new LinkedHashMap<>();
    private final Map<String, byte[]> cdnFiles = new LinkedHashMap<>();
    private final Map<String, JsonNode> commands = new LinkedHashMap<>();
    private final List<String> transcript = new ArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<GatewaySession> sessions = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger gatewayConnections = new java.util.concurrent.atomic.AtomicInteger();
    private final User bot;
    private DisposableServer server;
    private Duration offset = Duration.ZERO;
    private volatile long uploadLimit;

    private static final class InteractionState {
        final Interaction interaction;
        final Instant created;
        boolean acknowledged;
        boolean invalid;
        Long original;
        Modal modal;
        Long sourceMessage;
        final List<Long> followups = new ArrayList<>();

        InteractionState(Interaction interaction, Instant created) {
            this.interaction = interaction;
            this.created = created;
        }
    }

    private FakeDiscord(Settings settings) {
        this.settings = settings;
        this.cdn = new CdnSigner(settings.attachmentTtl());
        this.bot = new User(settings.applicationId(), settings.botName());
        this.uploadLimit = settings.uploadLimitBytes();
    }

    /** Changes the per-file upload limit (a server boost, or a test of the 413 answer). */
    public void setUploadLimit(long bytes) {
        uploadLimit = bytes;
    }

    public static FakeDiscord start(Settings settings) {
        return start(settings, 0);
    }

    /** Starts on {@code port} (0 = any free port), e.g. for {@code storyreel simulate --discord-port}. */
    public static FakeDiscord start(Settings settings, int port) {
        FakeDiscord d = new FakeDiscord(settings);
        d.server = HttpServer.create().host("127.0.0.1").port(port).handle(d::handle).bindNow();
        return d;
    }

    // ---------------------------------------------------------------- setup and reading

    public Settings settings() {
        return settings;
    }

    /** The REST base URL to give the bot, e.g. {@code http://127.0.0.1:4711/api/v10}. */
    public String restUrl() {
        return "http://127.0.0.1:" + server.port() + "/api/v10";
    }

    public String gatewayUrl() {
        return "ws://127.0.0.1:" + server.port() + "/gateway-ws";
    }

    public synchronized Instant now() {
        return settings.clock().instant().plus(offset);
    }

    /** Moves the fake's clock forward (token expiry, CDN link expiry) without waiting. */
    public synchronized void advanceClock(Duration d) {
        offset = offset.plus(d);
        note("(clock advanced by " + d + ")");
    }

    public synchronized User user(long id, String name) {
        return users.computeIfAbsent(id, k -> new User(id, name));
    }

    public synchronized Guild guild(long id, String name) {
        return guilds.computeIfAbsent(id, k -> new Guild(id, name));
    }

    public synchronized Channel channel(Guild guild, long id, String name) {
        return channels.computeIfAbsent(id, k -> new Channel(id, guild.id(), name, null));
    }

    public synchronized Channel dm(User user) {
        for (Channel c : channels.values()) {
            if (c.isDm() && c.dmRecipient().equals(user)) {
                return c;
            }
        }
        Channel c = new Channel(nextId(), null, "dm-" + user.name(), user);
        channels.put(c.id(), c);
        return c;
    }

    /** True once a bot has identified on the gateway and received READY. */
    public boolean botConnected() {
        return sessions.stream().anyMatch(GatewaySession::ready);
    }

    /** How many gateway connections bots have opened so far (a reconnect or resume opens another). */
    public int gatewayConnections() {
        return gatewayConnections.get();
    }

    /** How many gateway connections are open right now. */
    public int openGatewayConnections() {
        return sessions.size();
    }

    /** The intents the connected bot asked for, or -1 before it identified. */
    public long identifiedIntents() {
        return sessions.stream().filter(GatewaySession::ready).mapToLong(GatewaySession::intents).findFirst().orElse(-1);
    }

    /** Registered command names ({@code story}, {@code setkeys}...), global and guild. */
    public synchronized List<String> commandNames() {
        return commands.values().stream().map(c -> c.path("name").asText()).distinct().toList();
    }

    public synchronized Optional<JsonNode> command(String name) {
        return commands.values().stream().filter(c -> c.path("name").asText().equals(name)).findFirst();
    }

    public synchronized List<Posted> messages(Channel channel) {
        return messages.values().stream().filter(m -> m.channelId() == channel.id()).toList();
    }

    public synchronized Optional<Posted> message(long id) {
        return Optional.ofNullable(messages.get(id));
    }

    public synchronized List<String> transcript() {
        return List.copyOf(transcript);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests to routes this fake does not implement (answered 404). */
    public List<Request> unknownRoutes() {
        return requests.stream().filter(r -> r.status() == 404 && r.route().startsWith("?")).toList();
    }

    /** The bot's first response to an interaction (the deferred or immediate reply), once there is one. */
    public synchronized Optional<Posted> original(Interaction i) {
        InteractionState s = interactions.get(i.id());
        return s == null || s.original == null ? Optional.empty() : Optional.ofNullable(messages.get(s.original));
    }

    public synchronized List<Posted> followups(Interaction i) {
        return interactions.get(i.id()).followups.stream().map(messages::get).toList();
    }

    public synchronized Optional<Modal> modal(Interaction i) {
        return Optional.ofNullable(interactions.get(i.id()).modal);
    }

    /** True when the bot acknowledged the interaction (any callback type) before the 3 s deadline. */
    public synchronized boolean acknowledged(Interaction i) {
        InteractionState s = interactions.get(i.id());
        return s.acknowledged && !s.invalid;
    }

    public Posted awaitMessage(Predicate<Posted> condition, Duration timeout) {
        return await(() -> messages.values().stream().filter(condition).reduce((a, b) -> b), timeout,
                "a message matching the condition");
    }

    public Interaction awaitAcknowledged(Interaction i, Duration timeout) {
        await(() -> acknowledged(i) ? Optional.of(i) : Optional.empty(), timeout, "an acknowledgement of " + i.id());
        return i;
    }

    public Modal awaitModal(Interaction i, Duration timeout) {
        return await(() -> modal(i), timeout, "a modal for interaction " + i.id());
    }

    /** Waits for the interaction's original response to be filled (no longer "thinking") and matching. */
    public Posted awaitOriginal(Interaction i, Predicate<Posted> condition, Duration timeout) {
        return await(() -> original(i).filter(p -> !p.loading()).filter(condition), timeout,
                "the answer to interaction " + i.id());
    }

    private <T> T await(java.util.function.Supplier<Optional<T>> probe, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                Optional<T> found = probe.get();
                if (found.isPresent()) {
                    return found.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("Timed out waiting for " + what + "; transcript:\n"
                            + String.join("\n", transcript), new TimeoutException());
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    // ---------------------------------------------------------------- acting as users

    /**
     * A user runs a slash command. {@code options} map option names to String, Long/Integer, Boolean or {@link Upload}
     * values; they are checked against the registered command like the Discord client does.
     */
    public Interaction slash(User user, Channel channel, String command, String subcommand, Map<String, ?> options) {
        ObjectNode data = json.createObjectNode();
        Interaction interaction;
        synchronized (this) {
            JsonNode def = commandFor(command, channel);
            data.put("id", def.path("id").asText());
            data.put("name", command);
            data.put("type", 1);
            ArrayNode resolvedAttachments = json.createArrayNode();
            ObjectNode resolved = json.createObjectNode();
            JsonNode optionDefs = def.path("options");
            ArrayNode target = data.putArray("options");
            StringBuilder shown = new StringBuilder("/" + command);
            if (subcommand != null) {
                JsonNode sub = find(optionDefs, subcommand)
                        .filter(o -> o.path("type").asInt() == 1)
                        .orElseThrow(() -> new IllegalArgumentException("/" + command + " has no subcommand " + subcommand));
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
            for (Map.Entry<String, ?> e : given.entrySet()) {
                JsonNode o = find(optionDefs, e.getKey())
                        .orElseThrow(() -> new IllegalArgumentException("unknown option " + e.getKey()));
                int type = o.path("type").asInt();
                ObjectNode opt = target.addObject();
                opt.put("name", e.getKey());
                opt.put("type", type);
                Object v = e.getValue();
                switch (type) {
                    case 3 -> opt.put("value", v.toString());
                    case 4 -> opt.put("value", ((Number) v).longValue());
                    case 5 -> opt.put("value", (Boolean) v);
                    case 10 -> opt.put("value", ((Number) v).doubleValue());
                    case 11 -> {
                        Upload u = (Upload) v;
                        String id = Long.toString(nextId());
                        opt.put("value", id);
                        ObjectNode att = attachmentJson(channel.id(), id, u.fileName(), u.bytes(), u.contentType());
                        resolvedAttachments.add(att);
                    }
                    default -> throw new IllegalArgumentException("unsupported option type " + type);
                }
                shown.append(' ').append(e.getKey()).append(':')
                        .append(v instanceof Upload u ? u.fileName() : v.toString());
            }
            if (!resolvedAttachments.isEmpty()) {
                ObjectNode atts = resolved.putObject("attachments");
                resolvedAttachments.forEach(a -> atts.set(a.path("id").asText(), a));
                data.set("resolved", resolved);
            }
            interaction = newInteraction(2, user, channel);
            say(channel, user.name() + ": " + shown);
        }
        dispatchInteraction(interaction, data, null);
        return interaction;
    }

    /** A user presses a button under one of the bot's messages. */
    public Interaction pressButton(User user, Posted message, String customId) {
        if (!message.hasButton(customId)) {
            throw new IllegalArgumentException("message " + message.id() + " has no button " + customId);
        }
        Interaction interaction;
        ObjectNode data = json.createObjectNode();
        data.put("custom_id", customId);
        data.put("component_type", 2);
        Channel channel;
        synchronized (this) {
            channel = channels.get(message.channelId());
            interaction = newInteraction(3, user, channel);
            interactions.get(interaction.id()).sourceMessage = message.id();
            say(channel, user.name() + " pressed [" + customId + "]");
        }
        dispatchInteraction(interaction, data, messageJson(message));
        return interaction;
    }

    /** A user fills in and submits the modal the bot opened for {@code opener}. Values are never written anywhere. */
    public Interaction submitModal(User user, Interaction opener, Map<String, String> values) {
        ObjectNode data = json.createObjectNode();
        Interaction interaction;
        synchronized (this) {
            InteractionState s = interactions.get(opener.id());
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
            say(opener.channel(), user.name() + " submitted modal " + s.modal.customId() + " ("
                    + values.size() + " field(s), values hidden)");
        }
        dispatchInteraction(interaction, data, null);
        return interaction;
    }

    private Interaction newInteraction(int type, User user, Channel channel) {
        if (!botConnected()) {
            throw new IllegalStateException("no bot is connected to the gateway");
        }
        Interaction i = new Interaction(nextId(), "aW50ZXJhY3Rpb24" + Long.toHexString(nextId()) + "x".repeat(40), type,
                user, channel);
        interactions.put(i.id(), new InteractionState(i, now()));
        return i;
    }

    private void dispatchInteraction(Interaction i, ObjectNode data, ObjectNode message) {
        ObjectNode d = json.createObjectNode();
        d.put("id", Long.toString(i.id()));
        d.put("application_id", Long.toString(settings.applicationId()));
        d.put("type", i.type());
        d.set("data", data);
        Channel c = i.channel();
        d.set("channel", channelJson(c));
        d.put("channel_id", Long.toString(c.id()));
        if (c.isDm()) {
            d.set("user", userJson(i.user()));
            d.put("context", 1);
        } else {
            d.put("guild_id", Long.toString(c.guildId()));
            ObjectNode member = d.putObject("member");
            member.set("user", userJson(i.user()));
            member.putArray("roles");
            member.put("joined_at", "2025-01-01T00:00:00.000000+00:00");
            member.put("deaf", false);
            member.put("mute", false);
            member.put("flags", 0);
            member.put("permissions", "2248473465835073");
            d.put("guild_locale", "en-US");
            d.put("context", 0);
        }
        if (message != null) {
            d.set("message", message);
        }
        d.put("token", i.token());
        d.put("version", 1);
        d.put("locale", "en-US");
        d.put("app_permissions", "2248473465835073");
        d.putArray("entitlements");
        d.putObject("authorizing_integration_owners").put("0", c.isDm() ? "0" : Long.toString(c.guildId()));
        d.put("attachment_size_limit", uploadLimit);
        sessions.stream().filter(GatewaySession::ready).findFirst()
                .orElseThrow(() -> new IllegalStateException("no bot is connected to the gateway"))
                .dispatch("INTERACTION_CREATE", d);
    }

    private JsonNode commandFor(String name, Channel channel) {
        for (Map.Entry<String, JsonNode> e : commands.entrySet()) {
            boolean global = e.getKey().startsWith("global:");
            boolean inGuild = !channel.isDm() && e.getKey().startsWith("guild:" + channel.guildId() + ":");
            if ((global || inGuild) && e.getValue().path("name").asText().equals(name)) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException("/" + name + " is not registered where " + channel.name() + " can see it");
    }

    private static Optional<JsonNode> find(JsonNode options, String name) {
        for (JsonNode o : options) {
            if (o.path("name").asText().equals(name)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- HTTP

    private record Reply(int status, String contentType, byte[] body) {
    }

    private record Incoming(String method, String path, String query, String contentType, String authorization,
                            byte[] body) {
    }

    private org.reactivestreams.Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res) {
        URI uri = URI.create(req.uri());
        if (uri.getPath().equals("/gateway-ws")) {
            boolean zlib = uri.getRawQuery() != null && uri.getRawQuery().contains("compress=zlib-stream");
            return res.sendWebsocket((in, out) -> {
                gatewayConnections.incrementAndGet();
                GatewaySession session = new GatewaySession(this, json, zlib, s -> notifyChange());
                sessions.add(session);
                session.open();
                // when the bot closes (logout, reconnect) the outbound side ends with it
                Mono<Void> inbound = in.aggregateFrames().receive().asString(StandardCharsets.UTF_8)
                        .doOnNext(session::receive).then()
                        .doFinally(sig -> session.ended());
                return Mono.when(out.sendObject(session.frames().asFlux()), inbound)
                        .doFinally(sig -> {
                            session.ended();
                            sessions.remove(session);
                        });
            }, WebsocketServerSpec.builder().maxFramePayloadLength(Integer.MAX_VALUE).build());
        }
        return req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                .publishOn(Schedulers.boundedElastic())
                .map(body -> route(new Incoming(req.method().name(), uri.getRawPath(), uri.getRawQuery(),
                        req.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE),
                        req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION), body)))
                .flatMap(r -> {
                    res.status(r.status());
                    if (r.body().length == 0) {
                        return res.send().then();
                    }
                    res.header(HttpHeaderNames.CONTENT_TYPE, r.contentType());
                    return res.sendByteArray(Mono.just(r.body())).then();
                });
    }

    private Reply route(Incoming in) {
        Reply reply;
        String route = in.path().replaceFirst("^/api/v\\d+", "");
        try {
            reply = dispatch(in, route);
        } catch (RuntimeException e) {
            log.warn("fake Discord failed on {} {}", in.method(), route, e);
            reply = error(500, 0, "500: Internal Server Error");
        }
        requests.add(new Request(in.method(), reply.status() == 404 && reply == NOT_FOUND ? "?" + route : route,
                reply.status()));
        return reply;
    }

    private static final Reply NOT_FOUND = new Reply(404, "application/json",
            "{\"message\": \"404: Not Found\", \"code\": 0}".getBytes(StandardCharsets.UTF_8));

    private Reply dispatch(Incoming in, String route) {
        String[] p = route.substring(1).split("/");
        String m = in.method();
        if (p[0].equals("cdn")) {
            return cdn(route.substring(4), in.query());
        }
        if (p[0].equals("interactions") && p.length == 4 && p[3].equals("callback") && m.equals("POST")) {
            return callback(Long.parseLong(p[1]), p[2], in);
        }
        if (p[0].equals("webhooks") && p.length >= 3) {
            return webhook(m, p, in);
        }
        if (route.equals("/gateway") && m.equals("GET")) {
            return ok(json.createObjectNode().put("url", gatewayUrl())); // Discord serves this one without a token
        }
        if (!("Bot " + settings.botToken()).equals(in.authorization())) {
            return error(401, 0, "401: Unauthorized");
        }
        synchronized (this) {
            if (route.equals("/users/@me") && m.equals("GET")) {
                return ok(botUserJson());
            }
            if (route.equals("/users/@me/channels") && m.equals("POST")) {
                JsonNode body = readJson(in.body());
                User u = users.get(body.path("recipient_id").asLong());
                return u == null ? error(400, 50033, "Invalid Recipient(s)") : ok(channelJson(dm(u)));
            }
            if (route.equals("/gateway/bot") && m.equals("GET")) {
                ObjectNode g = json.createObjectNode().put("url", gatewayUrl()).put("shards", 1);
                g.putObject("session_start_limit").put("total", 1000).put("remaining", 999)
                        .put("reset_after", 0).put("max_concurrency", 1);
                return ok(g);
            }
            if ((route.equals("/oauth2/applications/@me") || route.equals("/applications/@me")) && m.equals("GET")) {
                return ok(applicationJson());
            }
            if (p[0].equals("applications") && p.length == 3 && p[2].equals("commands")) {
                return commands(m, "global:", p[1], in);
            }
            if (p[0].equals("applications") && p.length == 5 && p[2].equals("guilds") && p[4].equals("commands")) {
                return commands(m, "guild:" + p[3] + ":", p[1], in);
            }
            if (p[0].equals("channels") && p.length >= 2) {
                return channelRoute(m, p, in);
            }
        }
        return NOT_FOUND;
    }

    private Reply commands(String method, String scope, String appId, Incoming in) {
        if (!appId.equals(Long.toString(settings.applicationId()))) {
            return error(403, 50001, "Missing Access");
        }
        if (method.equals("PUT")) {
            commands.keySet().removeIf(k -> k.startsWith(scope));
            ArrayNode out = json.createArrayNode();
            for (JsonNode c : readJson(in.body())) {
                ObjectNode cmd = ((ObjectNode) c).deepCopy();
                cmd.put("id", Long.toString(nextId()));
                cmd.put("application_id", appId);
                cmd.put("version", Long.toString(nextId()));
                cmd.put("type", c.path("type").asInt(1));
                if (!cmd.has("description")) {
                    cmd.put("description", "");
                }
                cmd.putNull("default_member_permissions");
                cmd.putArray("integration_types").add(0);
                cmd.putArray("contexts").add(0).add(1);
                commands.put(scope + cmd.path("name").asText(), cmd);
                out.add(cmd);
            }
            note("bot registered " + out.size() + " command(s) " + scope.replace(":", " ").trim());
            notifyChange();
            return ok(out);
        }
        if (method.equals("GET")) {
            ArrayNode out = json.createArrayNode();
            commands.entrySet().stream().filter(e -> e.getKey().startsWith(scope)).forEach(e -> out.add(e.getValue()));
            return ok(out);
        }
        return NOT_FOUND;
    }

    private Reply channelRoute(String method, String[] p, Incoming in) {
        Channel c = channels.get(parseId(p[1]));
        if (c == null) {
            return error(404, 10003, "Unknown Channel");
        }
        if (p.length == 2 && method.equals("GET")) {
            return ok(channelJson(c));
        }
        if (p.length == 3 && p[2].equals("messages") && method.equals("POST")) {
            Body body = body(in);
            if (body.tooLarge) {
                return tooLarge();
            }
            Posted posted = store(c, body, false, null, null);
            say(c, "bot: " + describe(posted));
            return ok(messageJson(posted));
        }
        if (p.length == 4 && p[2].equals("messages")) {
            Posted msg = messages.get(parseId(p[3]));
            if (msg == null || msg.channelId() != c.id() || msg.ephemeral()) {
                // ephemeral messages exist only for their interaction's webhook
                return error(404, 10008, "Unknown Message");
            }
            if (method.equals("PATCH") && msg.authorId() != bot.id()) {
                return error(403, 50005, "Cannot edit a message authored by another user");
            }
            return messageRoute(method, c, msg, in);
        }
        return NOT_FOUND;
    }

    /** GET, PATCH or DELETE of a stored message, the same through the channel and the interaction webhook. */
    private Reply messageRoute(String method, Channel c, Posted msg, Incoming in) {
        switch (method) {
            case "GET":
                return ok(messageJson(msg));
            case "PATCH": {
                Body body = body(in);
                if (body.tooLarge) {
                    return tooLarge();
                }
                Posted edited = edit(msg, body);
                say(c, "bot edited " + msg.id() + ": " + describe(edited));
                return ok(messageJson(edited));
            }
            case "DELETE":
                messages.remove(msg.id());
                say(c, "bot deleted " + msg.id());
                notifyChange();
                return new Reply(204, "", new byte[0]);
            default:
                return NOT_FOUND;
        }
    }

    private Reply callback(long id, String token, Incoming in) {
        synchronized (this) {
            InteractionState s = interactions.get(id);
            if (s == null || !s.interaction.token().equals(token) || s.invalid) {
                return error(404, 10062, "Unknown interaction");
            }
            if (Duration.between(s.created, now()).compareTo(INITIAL_RESPONSE_DEADLINE) > 0) {
                s.invalid = true;
                note("interaction " + id + " answered after the 3 s deadline: token invalidated");
                return error(404, 10062, "Unknown interaction");
            }
            if (s.acknowledged) {
                return error(400, 40060, "Interaction has already been acknowledged.");
            }
            Body body = body(in);
            if (body.tooLarge) {
                return tooLarge();
            }
            int type = body.json.path("type").asInt();
            JsonNode data = body.json.path("data");
            Channel c = s.interaction.channel();
            User u = s.interaction.user();
            switch (type) {
                case 4, 5 -> {
                    Body inner = new Body(data.isMissingNode() ? json.createObjectNode() : data, body.files, false);
                    boolean ephemeral = (data.path("flags").asInt() & EPHEMERAL) != 0;
                    Posted p = store(c, inner, type == 5, ephemeral ? u.id() : null, s.interaction.id());
                    s.original = p.id();
                    say(c, "bot" + (ephemeral ? " (only " + u.name() + " sees this)" : "") + ": "
                            + (type == 5 ? "is thinking…" : describe(p)));
                }
                case 6 -> s.original = s.sourceMessage;
                case 7 -> {
                    if (s.sourceMessage == null) {
                        return error(400, 40004, "Interaction callback type UPDATE_MESSAGE is only valid for components");
                    }
                    s.original = s.sourceMessage;
                    Posted edited = edit(messages.get(s.sourceMessage), new Body(data, body.files, false));
                    say(c, "bot edited " + edited.id() + ": " + describe(edited));
                }
                case 9 -> {
                    if (s.interaction.type() == 5) {
                        return error(400, 50035, "Invalid Form Body: a modal cannot answer a modal submit");
                    }
                    List<String> inputs = new ArrayList<>();
                    collectTextInputs(data.path("components"), inputs);
                    if (inputs.isEmpty() || data.path("components").size() > 5) {
                        return error(400, 50035, "Invalid Form Body: a modal needs 1 to 5 components");
                    }
                    s.modal = new Modal(data.path("custom_id").asText(), data.path("title").asText(), List.copyOf(inputs));
                    say(c, "bot opened modal '" + s.modal.title() + "' for " + u.name());
                }
                default -> {
                    return error(400, 50035, "Invalid Form Body: unsupported callback type " + type);
                }
            }
            s.acknowledged = true;
            notifyChange();
            return new Reply(204, "", new byte[0]);
        }
    }

    private void collectTextInputs(JsonNode components, List<String> out) {
        for (JsonNode c : components) {
            if (c.path("type").asInt() == 4) {
                out.add(c.path("custom_id").asText());
            }
            collectTextInputs(c.path("components"), out);
            if (c.has("component")) {
                collectTextInputs(json.createArrayNode().add(c.path("component")), out);
            }
        }
    }

    private Reply webhook(String method, String[] p, Incoming in) {
        synchronized (this) {
            InteractionState s = interactions.values().stream()
                    .filter(x -> x.interaction.token().equals(p[2])).findFirst().orElse(null);
            if (s == null || !p[1].equals(Long.toString(settings.applicationId())) || s.invalid
                    || Duration.between(s.created, now()).compareTo(TOKEN_LIFETIME) > 0) {
                return error(401, 50027, "Invalid Webhook Token");
            }
            Channel c = s.interaction.channel();
            if (p.length == 3 && method.equals("POST")) {
                if (!s.acknowledged) {
                    return error(404, 10015, "Unknown Webhook");
                }
                Body body = body(in);
                if (body.tooLarge) {
                    return tooLarge();
                }
                Posted original = s.original == null ? null : messages.get(s.original);
                if (original != null && original.loading()) {
                    // Discord: the first follow-up after a deferral fills the "thinking" message
                    Posted filled = edit(original, body);
                    say(c, "bot" + (filled.ephemeral() ? " (only " + s.interaction.user().name() + " sees this)" : "")
                            + ": " + describe(filled));
                    return ok(messageJson(filled));
                }
                boolean ephemeral = (body.json.path("flags").asInt() & EPHEMERAL) != 0;
                Posted posted = store(c, body, false, ephemeral ? s.interaction.user().id() : null, s.interaction.id());
                s.followups.add(posted.id());
                say(c, "bot" + (ephemeral ? " (only " + s.interaction.user().name() + " sees this)" : "") + ": "
                        + describe(posted));
                return ok(messageJson(posted));
            }
            if (p.length == 5 && p[3].equals("messages")) {
                Long target = p[4].equals("@original") ? s.original : Long.valueOf(parseId(p[4]));
                Posted msg = target == null ? null : messages.get(target);
                if (msg == null || (!p[4].equals("@original") && !s.followups.contains(target))) {
                    return error(404, 10008, "Unknown Message");
                }
                return messageRoute(method, c, msg, in);
            }
            return NOT_FOUND;
        }
    }

    private Reply cdn(String path, String query) {
        synchronized (this) {
            byte[] bytes = cdnFiles.get(path);
            if (bytes == null || !cdn.valid(path, query, now())) {
                return new Reply(404, "text/plain",
                        "This content is no longer available.".getBytes(StandardCharsets.UTF_8));
            }
            return new Reply(200, "application/octet-stream", bytes);
        }
    }

    // ---------------------------------------------------------------- message bodies

    private record Body(JsonNode json, List<Multipart.Part> files, boolean tooLarge) {
    }

    private Body body(Incoming in) {
        if (Multipart.isMultipart(in.contentType())) {
            List<Multipart.Part> parts = Multipart.parse(in.contentType(), in.body());
            JsonNode payload = json.createObjectNode();
            List<Multipart.Part> files = new ArrayList<>();
            boolean tooLarge = false;
            for (Multipart.Part part : parts) {
                if ("payload_json".equals(part.name())) {
                    payload = readJson(part.bytes());
                } else if (part.fileName() != null) {
                    files.add(part);
                    tooLarge |= part.bytes().length > uploadLimit;
                }
            }
            return new Body(payload, files, tooLarge);
        }
        return new Body(in.body().length == 0 ? json.createObjectNode() : readJson(in.body()), List.of(), false);
    }

    private Posted store(Channel c, Body body, boolean loading, Long visibleTo, Long interactionId) {
        long id = nextId();
        List<File> files = new ArrayList<>();
        addFiles(c, body.files(), files);
        int flags = body.json().path("flags").asInt();
        Posted p = new Posted(id, c.id(), bot.id(), body.json().path("content").asText(""), buttons(body.json()),
                List.copyOf(files), visibleTo != null, visibleTo, interactionId, loading, 0);
        if ((flags & EPHEMERAL) != 0 && visibleTo == null) {
            // only interaction responses can be ephemeral; Discord ignores the flag elsewhere
            note("ephemeral flag ignored on a channel message");
        }
        messages.put(id, p);
        notifyChange();
        return p;
    }

    private Posted edit(Posted old, Body body) {
        JsonNode j = body.json();
        List<File> files = new ArrayList<>();
        if (j.has("attachments")) {
            for (JsonNode keep : j.path("attachments")) {
                old.files().stream().filter(f -> f.id().equals(keep.path("id").asText())).forEach(files::add);
            }
        } else {
            files.addAll(old.files());
        }
        addFiles(channels.get(old.channelId()), body.files(), files);
        String content = j.has("content") ? (j.path("content").isNull() ? "" : j.path("content").asText())
                : old.content();
        List<List<Button>> buttons = j.has("components") ? buttons(j) : old.buttons();
        Posted p = new Posted(old.id(), old.channelId(), old.authorId(), content, buttons, List.copyOf(files),
                old.ephemeral(), old.visibleTo(), old.interactionId(), false, old.loading() ? 0 : old.edits() + 1);
        messages.put(p.id(), p);
        notifyChange();
        return p;
    }

    private void addFiles(Channel c, List<Multipart.Part> parts, List<File> into) {
        for (Multipart.Part part : parts) {
            String id = Long.toString(nextId());
            String path = "/attachments/" + c.id() + "/" + id + "/" + part.fileName();
            cdnFiles.put(path, part.bytes());
            into.add(new File(id, part.fileName(), part.bytes(),
                    "http://127.0.0.1:" + server.port() + "/cdn" + cdn.sign(path, now())));
        }
    }

    private List<List<Button>> buttons(JsonNode message) {
        List<List<Button>> rows = new ArrayList<>();
        for (JsonNode row : message.path("components")) {
            List<Button> r = new ArrayList<>();
            for (JsonNode b : row.path("components")) {
                if (b.path("type").asInt() == 2) {
                    r.add(new Button(b.path("label").asText(""), b.path("custom_id").asText("")));
                }
            }
            rows.add(List.copyOf(r));
        }
        return List.copyOf(rows);
    }

    private String describe(Posted p) {
        StringBuilder s = new StringBuilder(p.content());
        if (!p.files().isEmpty()) {
            s.append(" [files: ").append(String.join(", ", p.files().stream().map(File::fileName).toList())).append(']');
        }
        if (!p.buttons().isEmpty()) {
            s.append(" [buttons: ").append(String.join(" | ", p.buttons().stream().flatMap(List::stream)
                    .map(Button::label).toList())).append(']');
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- JSON

    ObjectNode botUserJson() {
        ObjectNode u = userJson(bot);
        u.put("bot", true);
        u.put("verified", true);
        u.put("mfa_enabled", false);
        u.put("flags", 0);
        return u;
    }

    private ObjectNode userJson(User u) {
        ObjectNode n = json.createObjectNode();
        n.put("id", Long.toString(u.id()));
        n.put("username", u.name());
        n.put("discriminator", "0");
        n.put("global_name", u.name());
        n.putNull("avatar");
        n.put("public_flags", 0);
        return n;
    }

    private ObjectNode applicationJson() {
        ObjectNode a = json.createObjectNode();
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
        a.set("bot", botUserJson());
        return a;
    }

    private ObjectNode channelJson(Channel c) {
        ObjectNode n = json.createObjectNode();
        n.put("id", Long.toString(c.id()));
        if (c.isDm()) {
            n.put("type", 1);
            n.putArray("recipients").add(userJson(c.dmRecipient()));
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

    private ObjectNode attachmentJson(long channelId, String id, String name, byte[] bytes, String contentType) {
        String path = "/attachments/" + channelId + "/" + id + "/" + name;
        cdnFiles.put(path, bytes);
        String url = "http://127.0.0.1:" + server.port() + "/cdn" + cdn.sign(path, now());
        ObjectNode a = json.createObjectNode();
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

    private ObjectNode messageJson(Posted p) {
        ObjectNode n = json.createObjectNode();
        n.put("id", Long.toString(p.id()));
        n.put("channel_id", Long.toString(p.channelId()));
        Channel c = channels.get(p.channelId());
        if (c != null && !c.isDm()) {
            n.put("guild_id", Long.toString(c.guildId()));
        }
        n.set("author", p.authorId() == bot.id() ? botUserJson() : userJson(users.get(p.authorId())));
        n.put("content", p.content());
        n.put("timestamp", Instant.ofEpochMilli((p.id() >> 22) + DISCORD_EPOCH).toString());
        if (p.edits() > 0) {
            n.put("edited_timestamp", now().toString());
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
        n.put("flags", (p.ephemeral() ? EPHEMERAL : 0) | (p.loading() ? LOADING : 0));
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

    private JsonNode readJson(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad JSON body", e);
        }
    }

    private Reply ok(JsonNode body) {
        try {
            return new Reply(200, "application/json", json.writeValueAsBytes(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Reply error(int status, int code, String message) {
        ObjectNode n = json.createObjectNode().put("message", message).put("code", code);
        try {
            return new Reply(status, "application/json", json.writeValueAsBytes(n));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Reply tooLarge() {
        return error(413, 40005, "Request entity too large");
    }

    private static long parseId(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private long nextId() {
        long millis = System.currentTimeMillis() - DISCORD_EPOCH;
        return (millis << 22) | (sequence.incrementAndGet() & 0x3FFFFF);
    }

    private void say(Channel c, String line) {
        transcript.add((c.isDm() ? "@" + c.dmRecipient().name() : "#" + c.name()) + " " + line);
        notifyChange();
    }

    synchronized void note(String line) {
        transcript.add("  " + line);
    }

    private synchronized void notifyChange() {
        notifyAll();
    }

    @Override
    public void close() {
        sessions.forEach(s -> s.close(1001, "Going away"));
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
        }
    }

    @Override
    public String toString() {
        return "FakeDiscord[" + (server == null ? "stopped" : restUrl()) + "]";
    }
}
