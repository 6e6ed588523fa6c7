package io.storyreel.core.conversation.testing;

import io.storyreel.core.chat.ChatPort;
import io.storyreel.core.chat.ChatPorts;
import io.storyreel.core.chat.CommandCatalog;
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
import io.storyreel.core.storage.StorageHealth;
import io.storyreel.core.storybook.ChatUserRepository;
import io.storyreel.core.storybook.FilmRepository;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.testing.FakeVideoProvider;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
    /** Free bytes under the data folder as the bot sees them; the floor is {@link #MIN_FREE_BYTES}. */
    private final AtomicLong freeBytes = new AtomicLong(Long.MAX_VALUE);
    public static final long MIN_FREE_BYTES = 500L * 1024 * 1024;

    /** The commands of this bot (its limits, its two providers), as adapters under test register them. */
    public static CommandCatalog catalog() {
        return CommandCatalog.standard(LIMITS.maxScenes(), List.of(new CommandCatalog.Choice("kling", "Kling"),
                new CommandCatalog.Choice("minimax", "MiniMax")));
    }

    public TestBot(Path dir) {
        this(dir, Clock.systemUTC(), LIMITS);
    }

    public TestBot(Path dir, Clock clock, StoryreelConfig.Limits limits) {
        this(dir, clock, limits, java.util.List.of());
    }

    /** A bot whose {@code operators} (PLATFORM:id) may ask for {@code /ops}. */
    public TestBot(Path dir, Clock clock, StoryreelConfig.Limits limits, java.util.List<String> operators) {
        this.db = Database.open(Database.h2Url(dir.resolve("db")), "", "", 4);
        this.blobs = BlobStore.files(dir.resolve("blobs"));
        providers.put("kling", FakeVideoProvider.kling());
        providers.put("minimax", FakeVideoProvider.minimax());
        this.engine = new FakeGenerationEngine(db, blobs, engineThreads, clock);
        this.conversation = builder(db, blobs, ports, providers, vault, engine, limits, clock, conversationThreads)
                .operators(operators, new io.storyreel.core.ops.OpsSummary(db.dataSource(), clock))
                .templates(new io.storyreel.core.template.TemplateRepository(db, clock))
                .diskSpace(new StorageHealth(freeBytes::get, MIN_FREE_BYTES)).build();
        engine.attach(conversation.listener());
    }

    /**
     * The real conversation on {@code db} and {@code blobs}, with the real repositories, photo checks and storyboard,
     * as the app wires it ({@code kling} is the default provider).
     */
    public static Conversation conversation(Database db, BlobStore blobs, ChatPorts ports, Map<String, VideoProvider> providers,
                                            KeyVault vault, GenerationEngine engine, StoryreelConfig.Limits limits,
                                            Clock clock, Executor executor) {
        return builder(db, blobs, ports, providers, vault, engine, limits, clock, executor).build();
    }

    private static Conversation.Builder builder(Database db, BlobStore blobs, ChatPorts ports,
                                                Map<String, VideoProvider> providers, KeyVault vault,
                                                GenerationEngine engine, StoryreelConfig.Limits limits, Clock clock,
                                                Executor executor) {
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
                .executor(executor);
    }

    /** Registers the adapter's port (or a {@link RecordingChatPort}) for a platform. */
    public TestBot withPort(Platform platform, ChatPort port) {
        ports.register(platform, port);
        return this;
    }

    /** What the free space under the data folder reads from now on (the floor is {@link #MIN_FREE_BYTES}). */
    public void setFreeBytes(long bytes) {
        freeBytes.set(bytes);
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
