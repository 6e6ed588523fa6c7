package io.storyreel.app.wording;

import io.storyreel.core.chat.ChatEvent;
import io.storyreel.core.chat.ChatKind;
import io.storyreel.core.chat.ChatPorts;
import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.CommandCatalog;
import io.storyreel.core.chat.CommandSyntax;
import io.storyreel.core.chat.Message;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.chat.UserRef;
import io.storyreel.core.config.ConfigLoader;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.conversation.Conversation;
import io.storyreel.core.conversation.testing.RecordingChatPort;
import io.storyreel.core.conversation.testing.TestBot;
import io.storyreel.core.generation.DbSchedulerGenerationEngine;
import io.storyreel.core.generation.EngineSettings;
import io.storyreel.core.keys.MasterKeyset;
import io.storyreel.core.keys.TinkKeyVault;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.registry.ProviderRegistry;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.video.JavacvMerger;
import io.storyreel.discord.DiscordSyntax;
import io.storyreel.sim.kling.KlingSimulator;
import io.storyreel.sim.minimax.MiniMaxSimulator;
import io.storyreel.sim.taskapi.SimSettings;
import io.storyreel.telegram.TelegramSyntax;
import okhttp3.OkHttpClient;
import org.awaitility.Awaitility;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The conversation as the app wires it, minus the chat platforms: the real db-scheduler engine, the Tink vault, the
 * real Kling and MiniMax providers against their simulators, the real merger, and for each platform a recording port
 * that speaks that adapter's own {@link CommandSyntax} ({@link TelegramSyntax}, {@link DiscordSyntax}) from the same
 * catalogue the app builds. Events go in as the adapters would hand them over; everything said is recorded.
 */
final class WordingRig implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(60);

    final KlingSimulator kling = KlingSimulator.start(SimSettings.fast().withClipSeconds(1));
    final MiniMaxSimulator minimax = MiniMaxSimulator.start(SimSettings.fast().withClipSeconds(1));
    final Database db;
    final Map<String, RecordingChatPort> ports;
    private final OkHttpClient http = new OkHttpClient();
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final DbSchedulerGenerationEngine engine;
    private final Conversation conversation;
    private final AtomicInteger ids = new AtomicInteger(1);

    WordingRig(Path dir) {
        StoryreelConfig config = new ConfigLoader(Map.of()).load(null, Map.of("data-dir", dir.toString(),
                "kling.base-url", kling.baseUrl(), "minimax.base-url", minimax.baseUrl(), "providers.default", "kling"));
        db = Database.open(Database.h2Url(dir.resolve("db")), "", "", 8);
        BlobStore blobs = BlobStore.files(dir.resolve("blobs"));
        Map<String, VideoProvider> providers = ProviderRegistry.installed().create(config, http, Clock.systemUTC());
        TinkKeyVault vault = new TinkKeyVault(db.dataSource(), MasterKeyset.inMemory(), Map.of(), Set.of(),
                Clock.systemUTC());
        EngineSettings settings = EngineSettings.defaults().withWorker("wording", 2)
                .withTimings(Duration.ofMillis(50), Duration.ofMillis(500), 4, Duration.ofMillis(100),
                        Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofMillis(50), Duration.ofSeconds(5))
                .withMaxStepFailures(1);
        engine = DbSchedulerGenerationEngine.create(db, blobs, providers, vault, new JavacvMerger(), Clock.systemUTC(),
                settings);
        CommandCatalog catalog = CommandCatalog.standard(TestBot.LIMITS.maxScenes(), providers.values().stream()
                .map(p -> new CommandCatalog.Choice(p.id(), p.capabilities().displayName())).toList());
        ports = Map.of("TELEGRAM", new RecordingChatPort(new TelegramSyntax(catalog)),
                "DISCORD", new RecordingChatPort(new DiscordSyntax(catalog)));
        ChatPorts chatPorts = new ChatPorts().register(Platform.TELEGRAM, ports.get("TELEGRAM"))
                .register(Platform.DISCORD, ports.get("DISCORD"));
        conversation = TestBot.conversation(db, blobs, chatPorts, providers, vault, engine, TestBot.LIMITS,
                Clock.systemUTC(), threads);
        engine.attach(conversation.listener());
        engine.startWorkers();
    }

    RecordingChatPort port(Platform platform) {
        return ports.get(platform.name());
    }

    CommandSyntax syntax(Platform platform) {
        return port(platform).syntax();
    }

    /** Every version of every text the bot showed on this platform. */
    List<String> texts(Platform platform) {
        return port(platform).all().stream().flatMap(s -> s.versions().stream()).map(Message::text)
                .filter(t -> t != null && !t.isBlank()).toList();
    }

    static ChatRef chat(Platform platform, String id, boolean group) {
        return new ChatRef(platform, id, group ? ChatKind.GROUP : ChatKind.PRIVATE);
    }

    private MessageRef source(ChatRef chat) {
        return new MessageRef(chat, "u" + ids.incrementAndGet());
    }

    void send(ChatEvent e) {
        conversation.submit(e).orTimeout(30, TimeUnit.SECONDS).join();
    }

    void command(ChatRef chat, UserRef user, String line) {
        String[] parts = line.split(" ", 2);
        String raw = parts.length > 1 ? parts[1] : "";
        List<String> args = raw.isBlank() ? List.of() : List.of(raw.strip().split("\\s+"));
        send(new ChatEvent.Command(chat, user, parts[0], args, raw, source(chat), null));
    }

    void text(ChatRef chat, UserRef user, String text, MessageRef replyTo) {
        send(new ChatEvent.TextMessage(chat, user, text, source(chat), replyTo));
    }

    void photo(ChatRef chat, UserRef user, byte[] jpeg, String caption) {
        send(new ChatEvent.PhotoAdded(chat, user, jpeg, "p.jpg", caption, null, 0, source(chat), null, true));
    }

    /** Keys typed in a chat ({@code inChat}) or given in a private form. */
    void keys(ChatRef chat, UserRef user, String provider, String secret, boolean inChat) {
        send(inChat ? new ChatEvent.SecretSubmitted(chat, user, provider, secret, source(chat))
                : new ChatEvent.SecretSubmitted(chat, user, provider, secret, null, source(chat)));
    }

    void file(ChatRef chat, UserRef user, String name, String mime) {
        send(new ChatEvent.UnsupportedFile(chat, user, name, mime, 1234, source(chat)));
    }

    /** Presses the first button whose label contains {@code label}, on any version of {@code message}. */
    void press(ChatRef chat, UserRef user, RecordingChatPort.Sent message, String label) {
        String data = message.versions().stream().flatMap(v -> v.buttons().stream()).flatMap(List::stream)
                .filter(b -> b.label().contains(label)).map(b -> b.data()).findFirst()
                .orElseThrow(() -> new AssertionError("No button '" + label + "' on " + message));
        // Discord answers a press through the press itself; Telegram's presses are no message to answer
        MessageRef press = chat.platform() == Platform.DISCORD ? new MessageRef(chat, "i:" + ids.incrementAndGet())
                : null;
        send(new ChatEvent.ButtonPressed(chat, user, data, message.ref(), press));
    }

    /** The newest message in the chat matching, waiting for one to arrive after {@code after} messages. */
    RecordingChatPort.Sent await(ChatRef chat, int after, Predicate<RecordingChatPort.Sent> p) {
        RecordingChatPort port = port(chat.platform());
        Awaitility.await().atMost(WAIT).until(() -> port.in(chat).stream().skip(after).anyMatch(p));
        return port.in(chat).stream().skip(after).filter(p).reduce((a, b) -> b).orElseThrow();
    }

    RecordingChatPort.Sent awaitText(ChatRef chat, int after, String fragment) {
        return await(chat, after, s -> s.text() != null && s.text().contains(fragment));
    }

    int count(ChatRef chat) {
        return port(chat.platform()).in(chat).size();
    }

    RecordingChatPort.Sent last(ChatRef chat) {
        return port(chat.platform()).last(chat);
    }

    @Override
    public void close() {
        engine.stop();
        threads.shutdownNow();
        db.close();
        kling.close();
        minimax.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
