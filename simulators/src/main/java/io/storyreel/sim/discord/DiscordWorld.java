package io.storyreel.sim.discord;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyreel.sim.discord.FakeDiscord.Button;
import io.storyreel.sim.discord.FakeDiscord.Channel;
import io.storyreel.sim.discord.FakeDiscord.File;
import io.storyreel.sim.discord.FakeDiscord.Guild;
import io.storyreel.sim.discord.FakeDiscord.Interaction;
import io.storyreel.sim.discord.FakeDiscord.Posted;
import io.storyreel.sim.discord.FakeDiscord.User;
import io.storyreel.sim.multipart.Multipart;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What the fake Discord holds: users, guilds, channels, the messages as they stand now, live interactions, the
 * registered application commands, the signed CDN's files, the fake's time (the base clock plus what tests advanced)
 * and a transcript of everything said. Thread-safe: this object's monitor guards all of it and waiting readers wait
 * on it, so routes and the driver take it ({@code synchronized (world)}) around every step that must be atomic.
 */
final class DiscordWorld {
    static final long DISCORD_EPOCH = 1_420_070_400_000L;
    private static final java.util.regex.Pattern USER_MENTION = java.util.regex.Pattern.compile("<@!?(\\d+)>");
    static final int EPHEMERAL = 1 << 6;

    private final FakeDiscord.Settings settings;
    private final User bot;
    private final CdnSigner cdn;
    private final Supplier<String> origin;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<Long, User> users = new LinkedHashMap<>();
    private final Map<Long, Guild> guilds = new LinkedHashMap<>();
    private final Map<Long, Channel> channels = new LinkedHashMap<>();
    private final Map<Long, Posted> messages = new LinkedHashMap<>();
    private final Map<Long, InteractionState> interactions = new LinkedHashMap<>();
    private final Map<String, byte[]> cdnFiles = new LinkedHashMap<>();
    /** Registered commands by {@code global:<name>} or {@code guild:<id>:<name>}. */
    private final Map<String, JsonNode> commands = new LinkedHashMap<>();
    private final List<String> transcript = new ArrayList<>();
    private final List<FakeDiscord.Deferral> deferrals = new ArrayList<>();
    /** guild id → user id → the member's permissions in that guild, when a test set them. */
    private final Map<Long, Map<Long, Long>> memberPermissions = new LinkedHashMap<>();
    private Duration offset = Duration.ZERO;
    private volatile long uploadLimit;
    /** Per-guild upload limits (boost tiers); guilds not named here, and DMs, have {@link #uploadLimit}. */
    private final Map<Long, Long> guildUploadLimits = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code origin} is {@code http://127.0.0.1:<port>} once the server is bound: CDN links start with it. */
    DiscordWorld(FakeDiscord.Settings settings, Supplier<String> origin) {
        this.settings = settings;
        this.origin = origin;
        this.bot = new User(settings.applicationId(), settings.botName());
        this.cdn = new CdnSigner(settings.attachmentTtl());
        this.uploadLimit = settings.uploadLimitBytes();
    }

    User bot() {
        return bot;
    }

    long uploadLimit() {
        return uploadLimit;
    }

    void setUploadLimit(long bytes) {
        uploadLimit = bytes;
    }

    /** The per-file limit in {@code channel}: its guild's own, or the default (also what interactions announce). */
    long uploadLimit(Channel channel) {
        Long own = channel == null || channel.guildId() == null ? null : guildUploadLimits.get(channel.guildId());
        return own != null ? own : uploadLimit;
    }

    void setGuildUploadLimit(long guildId, long bytes) {
        guildUploadLimits.put(guildId, bytes);
    }

    /** A snowflake: milliseconds since the Discord epoch, then a sequence number. */
    long nextId() {
        long millis = System.currentTimeMillis() - DISCORD_EPOCH;
        return (millis << 22) | (sequence.incrementAndGet() & 0x3FFFFF);
    }

    synchronized Instant now() {
        return settings.clock().instant().plus(offset);
    }

    synchronized void advanceClock(Duration d) {
        offset = offset.plus(d);
        note("(clock advanced by " + d + ")");
    }

    // ---------------------------------------------------------------- users, guilds, channels

    synchronized User user(long id, String name) {
        return users.computeIfAbsent(id, k -> new User(id, name));
    }

    synchronized User user(long id) {
        return users.get(id);
    }

    synchronized Guild guild(long id, String name) {
        return guilds.computeIfAbsent(id, k -> new Guild(id, name));
    }

    synchronized Channel channel(Guild guild, long id, String name) {
        return channels.computeIfAbsent(id, k -> new Channel(id, guild.id(), name, null));
    }

    synchronized void setMemberPermissions(long guildId, long userId, long permissions) {
        memberPermissions.computeIfAbsent(guildId, g -> new LinkedHashMap<>()).put(userId, permissions);
    }

    /** What the member may do in the guild, or {@code otherwise} when no test said. */
    synchronized long memberPermissions(long guildId, long userId, long otherwise) {
        return memberPermissions.getOrDefault(guildId, Map.of()).getOrDefault(userId, otherwise);
    }

    synchronized Channel channel(long id) {
        return channels.get(id);
    }

    synchronized Channel dm(User user) {
        for (Channel c : channels.values()) {
            if (c.isDm() && c.dmRecipient().equals(user)) {
                return c;
            }
        }
        Channel c = new Channel(nextId(), null, "dm-" + user.name(), user);
        channels.put(c.id(), c);
        return c;
    }

    // ---------------------------------------------------------------- messages

    synchronized List<Posted> messages(Channel channel) {
        return messages.values().stream().filter(m -> m.channelId() == channel.id()).toList();
    }

    synchronized Optional<Posted> message(long id) {
        return Optional.ofNullable(messages.get(id));
    }

    /** The newest message matching, if any. */
    synchronized Optional<Posted> lastMessage(java.util.function.Predicate<Posted> condition) {
        return messages.values().stream().filter(condition).reduce((a, b) -> b);
    }

    /** Posts the bot's message; {@code visibleTo} makes it ephemeral (interaction responses only). */
    synchronized Posted post(Channel c, MessageBody body, boolean loading, Long visibleTo, Long interactionId) {
        long id = nextId();
        List<File> files = new ArrayList<>();
        addFiles(c, body.files(), files);
        int flags = body.json().path("flags").asInt();
        String content = body.json().path("content").asText("");
        List<List<Button>> buttons = buttons(body.json());
        Posted p = new Posted(id, c.id(), bot.id(), content, buttons, List.copyOf(files), visibleTo != null, visibleTo,
                interactionId, loading, 0, List.of(new FakeDiscord.Shown(content, buttons, java.time.Instant.now())),
                notified(content, body.json().get("allowed_mentions")));
        if ((flags & EPHEMERAL) != 0 && visibleTo == null) {
            // only interaction responses can be ephemeral; Discord ignores the flag elsewhere
            note("ephemeral flag ignored on a channel message");
        }
        messages.put(id, p);
        notifyAll();
        return p;
    }

    /**
     * Applies an edit: fields the body leaves out stay, {@code attachments} lists the files to keep, new file parts
     * are added. Filling a deferred ("thinking") response is not counted as an edit.
     */
    synchronized Posted edit(Posted old, MessageBody body) {
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
                old.ephemeral(), old.visibleTo(), old.interactionId(), false, old.loading() ? 0 : old.edits() + 1,
                shownAfter(old.history(), new FakeDiscord.Shown(content, buttons, java.time.Instant.now())),
                old.notified());
        messages.put(p.id(), p);
        notifyAll();
        return p;
    }

    /**
     * Who a new message's user mentions notify: every {@code <@id>} when {@code allowed_mentions} is absent; else only
     * the ids it lists in {@code users}, or all of them when its {@code parse} holds {@code users}.
     */
    static List<Long> notified(String content, JsonNode allowed) {
        List<Long> mentioned = new ArrayList<>();
        java.util.regex.Matcher m = USER_MENTION.matcher(content);
        while (m.find()) {
            Long id = Long.valueOf(m.group(1));
            if (!mentioned.contains(id)) {
                mentioned.add(id);
            }
        }
        if (allowed == null || allowed.isNull()) {
            return List.copyOf(mentioned);
        }
        boolean parseUsers = false;
        for (JsonNode p : allowed.path("parse")) {
            parseUsers |= "users".equals(p.asText());
        }
        java.util.Set<Long> listed = new java.util.HashSet<>();
        allowed.path("users").forEach(u -> listed.add(u.asLong()));
        boolean all = parseUsers;
        return mentioned.stream().filter(id -> all || listed.contains(id)).toList();
    }

    synchronized void delete(Posted message) {
        messages.remove(message.id());
        notifyAll();
    }

    private void addFiles(Channel c, List<Multipart.Part> parts, List<File> into) {
        for (Multipart.Part part : parts) {
            String id = Long.toString(nextId());
            into.add(new File(id, part.fileName(), part.bytes(), cdnLink(c.id(), id, part.fileName(), part.bytes())));
        }
    }

    private static List<List<Button>> buttons(JsonNode message) {
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

    // ---------------------------------------------------------------- the CDN

    /** Keeps {@code bytes} as an attachment of the channel and returns its signed, expiring link. */
    synchronized String cdnLink(long channelId, String attachmentId, String fileName, byte[] bytes) {
        String path = "/attachments/" + channelId + "/" + attachmentId + "/" + fileName;
        cdnFiles.put(path, bytes);
        return origin.get() + "/cdn" + cdn.sign(path, now());
    }

    /** The file at {@code path} if {@code query} signs it and the link has not expired. */
    synchronized Optional<byte[]> cdnFile(String path, String query) {
        byte[] bytes = cdnFiles.get(path);
        return bytes == null || !cdn.valid(path, query, now()) ? Optional.empty() : Optional.of(bytes);
    }

    // ---------------------------------------------------------------- interactions and commands

    synchronized Interaction newInteraction(int type, User user, Channel channel) {
        Interaction i = new Interaction(nextId(), "aW50ZXJhY3Rpb24" + Long.toHexString(nextId()) + "x".repeat(40),
                type, user, channel);
        interactions.put(i.id(), new InteractionState(i, now()));
        return i;
    }

    synchronized InteractionState interaction(long id) {
        return interactions.get(id);
    }

    synchronized Optional<InteractionState> interactionByToken(String token) {
        return interactions.values().stream().filter(x -> x.interaction.token().equals(token)).findFirst();
    }

    /** Replaces every command of {@code scope} ({@code global:} or {@code guild:<id>:}) with {@code registered}. */
    synchronized void registerCommands(String scope, List<JsonNode> registered) {
        commands.keySet().removeIf(k -> k.startsWith(scope));
        registered.forEach(c -> commands.put(scope + c.path("name").asText(), c));
        notifyAll();
    }

    synchronized List<JsonNode> commands(String scope) {
        return commands.entrySet().stream().filter(e -> e.getKey().startsWith(scope)).map(Map.Entry::getValue)
                .toList();
    }

    synchronized List<String> commandNames() {
        return commands.values().stream().map(c -> c.path("name").asText()).distinct().toList();
    }

    synchronized Optional<JsonNode> command(String name) {
        return commands.values().stream().filter(c -> c.path("name").asText().equals(name)).findFirst();
    }

    /** The command a user in {@code channel} can run: global, or registered in the channel's guild. */
    synchronized JsonNode commandFor(String name, Channel channel) {
        for (Map.Entry<String, JsonNode> e : commands.entrySet()) {
            boolean global = e.getKey().startsWith("global:");
            boolean inGuild = !channel.isDm() && e.getKey().startsWith("guild:" + channel.guildId() + ":");
            if ((global || inGuild) && e.getValue().path("name").asText().equals(name)) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException("/" + name + " is not registered where " + channel.name() + " can see it");
    }

    // ---------------------------------------------------------------- transcript and waiting

    /** A line said in the channel, e.g. {@code #general bot: …}. */
    synchronized void say(Channel c, String line) {
        transcript.add((c.isDm() ? "@" + c.dmRecipient().name() : "#" + c.name()) + " " + line);
        notifyAll();
    }

    /** A line about the fake itself (clock, ignored flags, registrations). */
    synchronized void note(String line) {
        transcript.add("  " + line);
    }

    synchronized List<String> transcript() {
        return List.copyOf(transcript);
    }

    synchronized void deferred(long interactionId, long messageId, boolean ephemeral) {
        deferrals.add(new FakeDiscord.Deferral(interactionId, messageId, ephemeral));
    }

    synchronized List<FakeDiscord.Deferral> deferrals() {
        return List.copyOf(deferrals);
    }

    synchronized void changed() {
        notifyAll();
    }

    /** Waits until {@code probe} finds something; fails with the transcript after {@code timeout}. */
    synchronized <T> T await(Supplier<Optional<T>> probe, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
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

    /** The transcript's short form of a message: its content, file names and button labels. */
    static String describe(Posted p) {
        StringBuilder s = new StringBuilder(p.content());
        if (!p.files().isEmpty()) {
            s.append(" [files: ").append(String.join(", ", p.files().stream().map(File::fileName).toList()))
                    .append(']');
        }
        if (!p.buttons().isEmpty()) {
            s.append(" [buttons: ").append(String.join(" | ", p.buttons().stream().flatMap(List::stream)
                    .map(Button::label).toList())).append(']');
        }
        return s.toString();
    }

    private static List<FakeDiscord.Shown> shownAfter(List<FakeDiscord.Shown> before, FakeDiscord.Shown now) {
        List<FakeDiscord.Shown> all = new ArrayList<>(before);
        all.add(now);
        return List.copyOf(all);
    }
}
