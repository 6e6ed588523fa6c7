package io.storyreel.core.conversation.testing;

import io.storyreel.core.chat.ChatPort;
import io.storyreel.core.chat.ChatPorts;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.conversation.Conversation;
import io.storyreel.core.conversation.StoryboardRenderer;
import io.storyreel.core.generation.GenerationEngine;
import io.storyreel.core.image.ImageInspector;
import io.storyreel.core.image.OrientationNormaliser;
import io.storyreel.core.keys.KeyVault;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storybook.ChatUserRepository;
import io.storyreel.core.storybook.FilmRepository;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.testing.FakeVideoProvider;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A complete core for tests: a real H2 database and blob store in {@code dir}, the real {@link Conversation}, fake
 * Kling and MiniMax providers, an in-memory key vault and the instant {@link FakeGenerationEngine}, wired the way
 * the app wires the real ones. Adapters' tests register their {@link ChatPort} and feed
 * {@link #conversation()} from their update handlers.
 */
public final class TestBot implements AutoCloseable {
    public static final StoryreelConfig.Limits LIMITS = new StoryreelConfig.Limits(6, 1, 20, 60, 20.0,
            java.time.ZoneOffset.UTC, 5_000_000);

    private final Database db;
    private final BlobStore blobs;
    private final ChatPorts ports = new ChatPorts();
    private final InMemoryKeyVault vault = new InMemoryKeyVault();
    private final Map<String, VideoProvider> providers = new LinkedHashMap<>();
    private final ExecutorService conversationThreads = Executors.newFixedThreadPool(4, daemon("conversation"));
    private final ExecutorService engineThreads = Executors.newFixedThreadPool(2, daemon("engine"));
    private final FakeGenerationEngine engine;
    private final Conversation conversation;

    public TestBot(Path dir) {
        this(dir, Clock.systemUTC(), LIMITS);
    }

    public TestBot(Path dir, Clock clock, StoryreelConfig.Limits limits) {
        this.db = Database.open(Database.h2Url(dir.resolve("db")), "", "", 4);
        this.blobs = new BlobStore(dir.resolve("blobs"));
        providers.put("kling", FakeVideoProvider.kling());
        providers.put("minimax", FakeVideoProvider.minimax());
        this.engine = new FakeGenerationEngine(db, blobs, engineThreads, clock);
        this.conversation = conversation(db, blobs, ports, providers, vault, engine, limits, clock, conversationThreads);
        engine.attach(conversation.listener());
    }

    /**
     * The real conversation on {@code db} and {@code blobs}, with the real repositories, photo checks and storyboard,
     * as the app wires it ({@code kling} is the default provider).
     */
    public static Conversation conversation(Database db, BlobStore blobs, ChatPorts ports, Map<String, VideoProvider> providers,
                                            KeyVault vault, GenerationEngine engine, StoryreelConfig.Limits limits,
                                            Clock clock, Executor executor) {
        return Conversation.builder()
                .chats(ports)
                .providers(providers, "kling")
                .keys(vault)
                .engine(engine)
                .storage(new StorybookRepository(db, clock), new SceneRepository(db, clock), new FilmRepository(db),
                        new ChatUserRepository(db, clock), blobs)
                .photos(new ImageInspector(ImageInspector.Limits.withMaxBytes(limits.maxPhotoBytes())),
                        new OrientationNormaliser(), new StoryboardRenderer())
                .limits(limits)
                .clock(clock)
                .executor(executor)
                .build();
    }

    /** Registers the adapter's port (or a {@link RecordingChatPort}) for a platform. */
    public TestBot withPort(Platform platform, ChatPort port) {
        ports.register(platform, port);
        return this;
    }

    public Conversation conversation() {
        return conversation;
    }

    public FakeGenerationEngine engine() {
        return engine;
    }

    public InMemoryKeyVault vault() {
        return vault;
    }

    public Database database() {
        return db;
    }

    public BlobStore blobs() {
        return blobs;
    }

    @Override
    public void close() throws InterruptedException {
        conversationThreads.shutdown();
        engineThreads.shutdown();
        conversationThreads.awaitTermination(5, TimeUnit.SECONDS);
        engineThreads.awaitTermination(5, TimeUnit.SECONDS);
        db.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, "testbot-" + name);
            t.setDaemon(true);
            return t;
        };
    }
}
