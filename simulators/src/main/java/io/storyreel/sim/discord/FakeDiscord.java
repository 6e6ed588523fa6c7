package io.storyreel.sim.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A faithful local Discord: REST under {@code /api/v10}, a WebSocket gateway at {@code /gateway-ws} (its URL is served
 * by {@code GET /gateway}), and a signed CDN under {@code /cdn}. It enforces the rules a bot gets wrong in production:
 * the initial interaction response within 3 s, interaction tokens that die after 15 minutes (on a clock tests can
 * advance), ephemeral messages that the channel endpoint cannot edit, a per-file upload limit (413 / 40005), and CDN
 * links that expire. Tests play users through {@link #slash}, {@link #pressButton} and {@link #submitModal}, and read
 * what the bot posted through {@link #messages}, {@link #awaitMessage} and {@link #transcript}.
 *
 * <p>This class is the fake's one public face (with the records of what it models) and delegates: {@code DiscordWorld}
 * holds users, channels, messages, interactions, commands, the CDN and the clock behind its monitor;
 * {@code RestRoutes}, {@code ChannelRoutes} and {@code InteractionRoutes} answer REST; {@code Gateway} and
 * {@code GatewaySession} speak the WebSocket; {@code InteractionDriver} plays the users; {@code DiscordJson} renders.
 */
public final class FakeDiscord implements AutoCloseable {
    /**
     * How the fake behaves. {@code clock} is the base clock; {@link #advanceClock} moves the fake's time on top.
     * {@code heartbeatInterval} is what HELLO announces. Discord says 41.25 s; Discord4J sends IDENTIFY only after its
     * first heartbeat is acknowledged, at a random point of the first interval, so the default here is three seconds
     * to keep logins quick. Not shorter: Discord4J reconnects when an acknowledgement is a whole interval late, and a
     * busy test machine (a full build on two cores) stalled one for three seconds with a one-second interval.
     */
    public record Settings(long applicationId, String botName, long uploadLimitBytes, Clock clock,
                           Duration attachmentTtl, Duration heartbeatInterval) {
        /** Discord's per-file limit for bots since 2026-09-04 (10 MiB before); what unboosted servers accept. */
        public static final long DEFAULT_UPLOAD_LIMIT = 20L * 1024 * 1024;

        public static Settings defaults() {
            return new Settings(1_180_000_000_000_000_001L, "Storyreel", DEFAULT_UPLOAD_LIMIT, Clock.systemUTC(),
                    Duration.ofHours(24), Duration.ofSeconds(3));
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

    /**
     * A message as it stands now. {@code visibleTo} is the only user who sees it when ephemeral; {@code history} is
     * every content it showed, oldest first, with its buttons and the (wall-clock) moment it was shown; {@code
     * notified} the users its {@code <@id>} mentions notified when it was posted, as {@code allowed_mentions} let them.
     */
    public record Posted(long id, long channelId, long authorId, String content, List<List<Button>> buttons,
                         List<File> files, boolean ephemeral, Long visibleTo, Long interactionId, boolean loading,
                         int edits, List<Shown> history, List<Long> notified) {
        public boolean hasButton(String customId) {
            return buttons.stream().flatMap(List::stream).anyMatch(b -> b.customId().equals(customId));
        }
    }

    /** One content a message showed, with its buttons, and when. */
    public record Shown(String content, List<List<Button>> buttons, Instant at) {
    }

    /** A modal the bot opened: its custom id, title and the custom ids of its text inputs. */
    public record Modal(String customId, String title, List<String> inputIds) {
    }

    /** One suggestion the bot offered while a user typed an autocomplete option: what is shown and what is sent. */
    public record Choice(String name, String value) {
    }

    /** One interaction a user started; pass it back to read the bot's answer or to submit its modal. */
    public record Interaction(long id, String token, int type, User user, Channel channel) {
    }

    /**
     * The bot's first response to an interaction when it was a deferral: the "thinking" placeholder's message id and
     * whether only the user saw it; kept after the placeholder is filled or deleted.
     */
    public record Deferral(long interactionId, long messageId, boolean ephemeral) {
    }

    /** A request the bot made, in order; {@code route} is the path without {@code /api/v10}. */
    public record Request(String method, String route, int status) {
    }

    private final Settings settings;
    private final DiscordWorld world;
    private final Gateway gateway;
    private final RestRoutes routes;
    private final InteractionDriver users;
    private DisposableServer server;

    private FakeDiscord(Settings settings) {
        this.settings = settings;
        this.world = new DiscordWorld(settings, this::origin);
        DiscordJson json = new DiscordJson(new ObjectMapper(), settings, world);
        this.gateway = new Gateway(settings, json, world, this::gatewayUrl);
        this.routes = new RestRoutes(settings, world, json, gateway);
        this.users = new InteractionDriver(settings, world, json, gateway);
    }

    /** Changes the default per-file upload limit (a test of the 413 answer, or Discord raising its default). */
    public void setUploadLimit(long bytes) {
        world.setUploadLimit(bytes);
    }

    /**
     * Gives one guild its own per-file limit, as a boosted server has: its interactions announce it in
     * {@code attachment_size_limit} and its channels accept files up to it (413 / 40005 above).
     */
    public void setGuildUploadLimit(Guild guild, long bytes) {
        world.setGuildUploadLimit(guild.id(), bytes);
    }

    public static FakeDiscord start(Settings settings) {
        return start(settings, 0);
    }

    /** Starts on {@code port} (0 = any free port), e.g. for {@code storyreel simulate --discord-port}. */
    public static FakeDiscord start(Settings settings, int port) {
        FakeDiscord d = new FakeDiscord(settings);
        d.server = HttpServer.create().host("127.0.0.1").port(port).handle(d.routes::handle).bindNow();
        return d;
    }

    // ---------------------------------------------------------------- setup and reading

    public Settings settings() {
        return settings;
    }

    private String origin() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The REST base URL to give the bot, e.g. {@code http://127.0.0.1:4711/api/v10}. */
    public String restUrl() {
        return origin() + "/api/v10";
    }

    public String gatewayUrl() {
        return "ws://127.0.0.1:" + server.port() + "/gateway-ws";
    }

    public Instant now() {
        return world.now();
    }

    /** Moves the fake's clock forward (token expiry, CDN link expiry) without waiting. */
    public void advanceClock(Duration d) {
        world.advanceClock(d);
    }

    public User user(long id, String name) {
        return world.user(id, name);
    }

    public Guild guild(long id, String name) {
        return world.guild(id, name);
    }

    public Channel channel(Guild guild, long id, String name) {
        return world.channel(guild, id, name);
    }

    /** Discord's ADMINISTRATOR permission bit. */
    public static final long ADMINISTRATOR = 1L << 3;
    /** Discord's MANAGE_MESSAGES permission bit. */
    public static final long MANAGE_MESSAGES = 1L << 13;

    /**
     * The permissions {@code user} has in {@code guild}'s channels, sent as {@code member.permissions} in their
     * interactions; by default a plain member's (neither {@link #ADMINISTRATOR} nor {@link #MANAGE_MESSAGES}).
     */
    public void setMemberPermissions(Guild guild, User user, long permissions) {
        world.setMemberPermissions(guild.id(), user.id(), permissions);
    }

    /** A plain member's permissions plus {@code extra} (e.g. {@link #MANAGE_MESSAGES}). */
    public static long memberPermissionsWith(long extra) {
        return InteractionDriver.MEMBER_PERMISSIONS | extra;
    }

    public Channel dm(User user) {
        return world.dm(user);
    }

    /** True once a bot has identified on the gateway and received READY. */
    public boolean botConnected() {
        return gateway.botConnected();
    }

    /** How many gateway connections bots have opened so far (a reconnect or resume opens another). */
    /**
     * Sends the bot's gateway connection a RECONNECT (op 7), as Discord does before restarting a gateway server; the
     * bot resumes on a new connection, and events sent meanwhile are replayed to it. False when no bot is connected.
     */
    public boolean askBotToReconnect() {
        return gateway.askToReconnect();
    }

    public int gatewayConnections() {
        return gateway.connections();
    }

    /** How many gateway connections are open right now. */
    public int openGatewayConnections() {
        return gateway.openConnections();
    }

    /** The intents the connected bot asked for, or -1 before it identified. */
    public long identifiedIntents() {
        return gateway.identifiedIntents();
    }

    /** Registered command names ({@code story}, {@code setkeys}...), global and guild. */
    public List<String> commandNames() {
        return world.commandNames();
    }

    public Optional<JsonNode> command(String name) {
        return world.command(name);
    }

    public List<Posted> messages(Channel channel) {
        return world.messages(channel);
    }

    public Optional<Posted> message(long id) {
        return world.message(id);
    }

    public List<String> transcript() {
        return world.transcript();
    }

    public List<Request> requests() {
        return routes.requests();
    }

    /** Requests to routes this fake does not implement (answered 404). */
    public List<Request> unknownRoutes() {
        return requests().stream().filter(r -> r.status() == 404 && r.route().startsWith("?")).toList();
    }

    /** Every deferral the bot answered an interaction with, in order. */
    public List<Deferral> deferrals() {
        return world.deferrals();
    }

    /** The bot's first response to an interaction (the deferred or immediate reply), once there is one. */
    public Optional<Posted> original(Interaction i) {
        return users.original(i);
    }

    public List<Posted> followups(Interaction i) {
        synchronized (world) {
            return world.interaction(i.id()).followups.stream().map(id -> world.message(id).orElse(null)).toList();
        }
    }

    public Optional<Modal> modal(Interaction i) {
        return users.modal(i);
    }

    /** True when the bot acknowledged the interaction (any callback type) before the 3 s deadline. */
    public boolean acknowledged(Interaction i) {
        return users.acknowledged(i);
    }

    public Posted awaitMessage(Predicate<Posted> condition, Duration timeout) {
        return users.awaitMessage(condition, timeout);
    }

    public Interaction awaitAcknowledged(Interaction i, Duration timeout) {
        return users.awaitAcknowledged(i, timeout);
    }

    public Modal awaitModal(Interaction i, Duration timeout) {
        return users.awaitModal(i, timeout);
    }

    /** Waits for the bot's suggestions (callback type 8) answering an {@link #autocomplete} interaction. */
    public List<Choice> awaitSuggestions(Interaction i, Duration timeout) {
        return users.awaitSuggestions(i, timeout);
    }

    /** Waits for the interaction's original response to be filled (no longer "thinking") and matching. */
    public Posted awaitOriginal(Interaction i, Predicate<Posted> condition, Duration timeout) {
        return users.awaitOriginal(i, condition, timeout);
    }

    // ---------------------------------------------------------------- acting as users

    /**
     * A user runs a slash command. {@code options} map option names to String, Long/Integer, Boolean or {@link Upload}
     * values; they are checked against the registered command like the Discord client does.
     */
    public Interaction slash(User user, Channel channel, String command, String subcommand, Map<String, ?> options) {
        return users.slash(user, channel, command, subcommand, options);
    }

    /**
     * A user types into option {@code focused} of a top-level slash command whose definition offers autocomplete:
     * Discord sends an APPLICATION_COMMAND_AUTOCOMPLETE interaction (type 4) with the options so far, the one being
     * typed marked focused (partial values are not checked). Nothing shows in the channel; read the answer with
     * {@link #awaitSuggestions}.
     */
    public Interaction autocomplete(User user, Channel channel, String command, Map<String, String> options,
                                    String focused) {
        return users.autocomplete(user, channel, command, options, focused);
    }

    /** A user presses a button under one of the bot's messages. */
    public Interaction pressButton(User user, Posted message, String customId) {
        return users.pressButton(user, message, customId);
    }

    /** A user fills in and submits the modal the bot opened for {@code opener}. Values are never written anywhere. */
    public Interaction submitModal(User user, Interaction opener, Map<String, String> values) {
        return users.submitModal(user, opener, values);
    }

    @Override
    public void close() {
        gateway.close();
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
        }
    }

    @Override
    public String toString() {
        return "FakeDiscord[" + (server == null ? "stopped" : restUrl()) + "]";
    }
}
