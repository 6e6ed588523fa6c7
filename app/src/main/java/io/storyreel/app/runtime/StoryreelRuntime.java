package io.storyreel.app.runtime;

import io.storyreel.core.chat.ChatLanes;
import io.storyreel.core.chat.ChatPorts;
import io.storyreel.core.chat.CommandCatalog;
import io.storyreel.core.chat.Platform;
import io.storyreel.core.config.ConfigException;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.conversation.Conversation;
import io.storyreel.core.conversation.EditPace;
import io.storyreel.core.conversation.StoryboardRenderer;
import io.storyreel.core.generation.DbSchedulerGenerationEngine;
import io.storyreel.core.generation.EngineSettings;
import io.storyreel.core.generation.GenerationEngine;
import io.storyreel.core.image.ImageInspector;
import io.storyreel.core.image.OrientationNormaliser;
import io.storyreel.core.keys.TinkKeyVault;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.core.metrics.StoryreelMetrics;
import io.storyreel.core.ops.OpsSummary;
import io.storyreel.core.download.DownloadPolicy;
import io.storyreel.core.download.SafeDownloader;
import io.storyreel.core.provider.ProviderDirectory;
import io.storyreel.core.provider.Sleeper;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.registry.ProviderRegistry;
import io.storyreel.core.backup.Backup;
import io.storyreel.core.backup.ScheduledBackups;
import io.storyreel.core.retention.MaintenanceScheduler;
import io.storyreel.core.retention.RecurringJob;
import io.storyreel.core.retention.RetentionSweep;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.BotPresence;
import io.storyreel.core.storage.DataDir;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.StorageHealth;
import io.storyreel.core.storybook.ChatUserRepository;
import io.storyreel.core.storybook.FilmRepository;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.template.StylePresets;
import io.storyreel.core.template.TemplateRepository;
import io.storyreel.core.storyboard.EchoingChatPort;
import io.storyreel.core.storyboard.ProgressTap;
import io.storyreel.core.storyboard.SignIns;
import io.storyreel.core.storyboard.Storyboard;
import io.storyreel.web.WebServer;
import io.storyreel.core.video.JavacvMerger;
import io.storyreel.discord.DiscordBot;
import io.storyreel.discord.DiscordSettings;
import io.storyreel.telegram.TelegramBot;
import io.storyreel.telegram.TelegramSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The whole bot wired from one {@link StoryreelConfig}: database, blobs, key vault, providers, merger, durable engine,
 * the shared conversation, and the chat adapters whose tokens are set. Roles: {@code all} runs everything;
 * {@code chat} receives updates and schedules work but runs no generation task; {@code worker} runs generation,
 * merge and delivery tasks and only sends to the chats (no update polling). Closing stops everything in reverse.
 */
public final class StoryreelRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoryreelRuntime.class);
    /** Threads that run the chats' lanes (each chat's updates, replies, progress and films, in order). */
    private static final int CHAT_LANE_THREADS = 16;
    /**
     * The engine's step threads per process. A step mostly waits (the provider's answer, a download, the database), so
     * 4 let a burst of films queue behind each other's polls: 180 clips' submits took 4 s to go out (bench scale).
     */
    private static final int ENGINE_THREADS = 8;

    private final Deque<AutoCloseable> closers = new ArrayDeque<>();
    private final Database database;
    private final Conversation conversation;
    private final DbSchedulerGenerationEngine engine;
    private final TelegramBot telegram;
    private final DiscordBot discord;
    private final PrometheusMeterRegistry prometheus;
    private final StoryreelMetrics metrics;
    private OpsServer ops;
    private volatile boolean draining;
    private final WebServer web;

    /** Hooks tests and the demo use to adjust adapter settings (e.g. a shorter album debounce). */
    public record Tweaks(UnaryOperator<TelegramSettings> telegram, UnaryOperator<EngineSettings> engine) {
        public static Tweaks none() {
            return new Tweaks(UnaryOperator.identity(), UnaryOperator.identity());
        }
    }

    private StoryreelRuntime(StoryreelConfig configured, Map<String, String> env, Clock clock, Tweaks tweaks) {
        try {
            HttpTimeouts.apply(); // before the first of this process's HTTP servers starts
            StoryreelConfig config = withCallbackSecret(configured);
            String role = config.role();
            boolean inbound = !role.equals("worker");
            boolean works = !role.equals("chat");
            SecretRegistry.register(config.telegram().token());
            SecretRegistry.register(config.discord().token());
            config.providers().byId().values().forEach(p -> p.devKeys().values().forEach(SecretRegistry::register));
            // the operator's presets are read before anything opens, so a bad file costs nothing but its one line
            StylePresets styles = styles(config.styles());

            // a library refusing a setting at start is one line naming the setting, like any bad setting (exit 2);
            // the database and the keyset say so themselves
            StartRefusal.guard(UncheckedIOException.class, "data-dir", "cannot create it",
                    () -> DataDir.createPrivateDirectories(config.dataDir()));
            database = Database.open(config.database().url(), config.database().user(), config.database().password(),
                    config.database().poolSize());
            closers.push(database);
            StartRefusal.guard(UncheckedIOException.class, "data-dir", "cannot make it owner-only",
                    () -> new DataDir(config.dataDir()).prepare());
            closers.push(BotPresence.announce(database));
            prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            prometheus.config().commonTags("role", role);
            closers.push(prometheus::close);
            metrics = new StoryreelMetrics(prometheus).bindJvm().watch(database, Duration.ofSeconds(1));
            BlobStore blobs = ConfiguredBlobStore.open(config, env);
            // H2 is locked to this process, so everything in blobs/tmp is a dead process's; with PostgreSQL other
            // processes may share the folder, so only files nobody has written to for a while
            BlobStore.TempSweep leftovers = blobs.sweepTemp("h2".equals(database.vendor()) ? Duration.ZERO : RetentionSweep.TEMP_MAX_AGE);
            if (leftovers.files() > 0) {
                log.info("Removed {} temporary file(s) ({} MB) left in blobs/tmp by an earlier run", leftovers.files(),
                        leftovers.bytes() / (1024 * 1024));
            }
            TinkKeyVault vault = TinkKeyVault.open(database.dataSource(), config, env, clock);
            OkHttpClient http = new OkHttpClient.Builder()
                    .connectTimeout(Duration.ofSeconds(15))
                    .readTimeout(Duration.ofSeconds(60))
                    .writeTimeout(Duration.ofSeconds(60))
                    .build();
            closers.push(() -> {
                http.dispatcher().executorService().shutdown();
                http.connectionPool().evictAll();
            });
            DownloadPolicy downloadRules = config.downloadPolicy();
            ProviderRegistry registry = ProviderRegistry.installed();
            Map<String, VideoProvider> providers = registry.create(config, http,
                    new SafeDownloader(http, downloadRules), clock, Sleeper.SYSTEM);
            String worker = ManagementFactory.getRuntimeMXBean().getName();
            engine = DbSchedulerGenerationEngine.create(database, blobs, providers, vault, new JavacvMerger(), clock,
                    tweaks.engine().apply(EngineSettings.from(config).withWorker("storyreel-" + worker, ENGINE_THREADS)), metrics);
            closers.push(engine::stop);

            OpsSummary summary = new OpsSummary(database.dataSource(), clock);
            ChatPorts ports = new ChatPorts();
            // a lane's thread spends most of its time waiting for its own chat's pace (a call a second in a private
            // chat, Telegram's rule), so with 4 threads four chats' pacing held up every other chat: Confirm → start
            // 6–13 s and progress and films queued behind other chats' edits (bench scale, 60–150 films)
            ExecutorService lanes = Executors.newFixedThreadPool(CHAT_LANE_THREADS, daemon("chat-"));
            closers.push(lanes::shutdownNow);
            // one lane per chat, shared by the adapters and the conversation: an update is queued once
            ChatLanes chatLanes = new ChatLanes(lanes);
            CommandCatalog catalog = CommandCatalog.standard(config.limits().maxScenes(), providers.values().stream()
                    .map(p -> new CommandCatalog.Choice(p.id(), p.capabilities().displayName())).toList());
            StorageHealth diskSpace = StorageHealth.of(config.dataDir(), config.storage().minFreeBytes());
            GenerationEngine guarded = new DiskSpaceGuard(engine, diskSpace);
            // the storyboard page: its sign-in links name the page's address, known once its server has started
            boolean page = inbound && config.web().enabled();
            AtomicReference<String> pageUrl = new AtomicReference<>();
            SignIns signIns = page ? new SignIns(database, clock, pageUrl::get, config.web().linkLifetime(),
                    config.web().sessionLifetime()) : null;
            StorybookRepository storybooks = new StorybookRepository(database, clock);
            SceneRepository scenes = new SceneRepository(database, clock);
            FilmRepository films = new FilmRepository(database);
            conversation = Conversation.builder()
                    .chats(ports)
                    .providers(providers, config.providers().defaultProvider())
                    .keys(vault)
                    .engine(guarded)
                    .storage(storybooks, scenes, films, new ChatUserRepository(database, clock), blobs)
                    .templates(new TemplateRepository(database, clock))
                    .photos(new ImageInspector(ImageInspector.Limits.withMaxBytes(config.limits().maxPhotoBytes())),
                            new OrientationNormaliser(), new StoryboardRenderer())
                    .limits(config.limits())
                    .diskSpace(diskSpace)
                    .clock(clock)
                    .lanes(chatLanes)
                    .operators(config.ops().operators(), summary)
                    .metrics(metrics)
                    .editPace(EditPace.of(config))
                    .web(signIns)
                    .styles(styles)
                    .build();
            // before any worker starts: the engine reports to the conversation (and, with the page, to the page too)
            ProgressTap progress = page ? new ProgressTap(conversation.listener()) : null;
            engine.attach(page ? progress : conversation.listener());

            if (config.telegram().enabled()) {
                TelegramSettings ts = TelegramSettings.of(config.telegram().token(), config.telegram().apiUrl(),
                        config.telegram().fileUrl(), config.telegram().uploadLimitBytes())
                        .withFiles(config.telegram().maxFileBytes(), config.telegram().localFilesDir(), downloadRules);
                if (config.telegram().webhookMode()) {
                    StoryreelConfig.Webhook w = config.telegram().webhook();
                    ts = ts.withWebhook(new TelegramSettings.Webhook(w.publicUrl(), w.bind(), w.port(),
                            WebhookSecret.of(config)));
                }
                ts = tweaks.telegram().apply(ts);
                telegram = new TelegramBot(ts, catalog, metrics);
                closers.push(telegram);
                ports.register(Platform.TELEGRAM, page ? new EchoingChatPort(telegram.chatPort()) : telegram.chatPort());
            } else {
                telegram = null;
            }
            if (config.discord().enabled()) {
                DiscordSettings ds = new DiscordSettings(config.discord().token(), config.discord().apiUrl(),
                        config.discord().gatewayUrl().isBlank() ? null : config.discord().gatewayUrl(),
                        config.discord().uploadLimitBytes(),
                        config.discord().guildId() == null || config.discord().guildId().isBlank() ? null : config.discord().guildId(),
                        config.discord().maxAttachmentBytes(), downloadRules);
                discord = new DiscordBot(ds, catalog, ProviderDirectory.of(providers.values()), conversation::accept,
                        conversation::suggest, clock, metrics);
                closers.push(discord);
                ports.register(Platform.DISCORD, page ? new EchoingChatPort(discord.chatPort()) : discord.chatPort());
            } else {
                discord = null;
            }
            // Closing runs in reverse: first stop taking updates, then let the conversation finish what it was
            // handed (its replies still need the chat ports), then close the adapters, the engine and the database.
            closers.push(() -> {
                lanes.shutdown();
                if (!lanes.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    log.warn("conversation still busy after 10 s; stopping it");
                }
            });
            // the drain (popped first): stop taking updates and interactions, then let the engine take no new step and
            // wait for its running ones (shutdown.grace-seconds), while the chat ports still deliver what they send
            closers.push(engine::stop);
            if (telegram != null) {
                closers.push(telegram::stopReceiving);
            }
            if (discord != null) {
                closers.push(discord::stopReceiving);
            }
            if (works && config.callbacks().enabled()) {
                // up before the first create: MiniMax checks the callback URL while a task is being created
                StoryreelConfig.Callbacks cb = config.callbacks();
                closers.push(StartRefusal.guard(UncheckedIOException.class,
                        e -> StartRefusal.bindSetting(e, "callbacks.port", "callbacks.bind-address"),
                        "cannot listen on " + cb.bindAddress() + ":" + cb.port(),
                        () -> new CallbackServer(cb, registry.callbackReaders(config, http, clock), engine)));
            }
            if (works) {
                StartRefusal.guard(IllegalArgumentException.class, StartRefusal::schedulerSetting, "db-scheduler refused it",
                        () -> {
                            engine.startWorkers();
                            return null;
                        });
                List<RecurringJob> jobs = new ArrayList<>(List.of(new RetentionSweep(database, blobs, config.retention(), clock).job()));
                if (config.backups().enabled()) {
                    jobs.add(new ScheduledBackups(new Backup(database, blobs, config.security(), env, clock), config.backups(), clock).job());
                }
                closers.push(StartRefusal.guard(IllegalArgumentException.class, StartRefusal::schedulerSetting,
                        "db-scheduler refused it", () -> MaintenanceScheduler.start(database, "storyreel-" + worker, jobs,
                                Duration.ofSeconds(10), config.engine().heartbeat(), config.engine().missedHeartbeats())));
            }
            if (page) {
                web = new WebServer(config.web(), config.limits(), new Storyboard(conversation, database, blobs,
                        storybooks, scenes, films, config.limits(), progress), signIns, config.telegram().token(),
                        config.web().publicUrl().startsWith("https:"), List.copyOf(providers.keySet()), clock);
                closers.push(web);
                pageUrl.set(config.web().publicUrl().isBlank()
                        ? "http://" + config.web().bindAddress() + ":" + web.port() : config.web().publicUrl());
                if (telegram != null && config.web().publicUrl().startsWith("https://")) {
                    telegram.offerPage(config.web().publicUrl(), "Open storyboard"); // Telegram opens Mini Apps over https only
                }
            } else {
                web = null;
            }
            if (inbound) {
                if (telegram != null) {
                    telegram.start(conversation.lanes(), conversation::handleNow);
                }
                if (discord != null) {
                    discord.start();
                }
            }
            if (config.ops().enabled()) {
                Map<String, OpsServer.ReadinessCheck> checks = new java.util.LinkedHashMap<>();
                checks.put("draining", () -> {
                    if (draining) {
                        throw new IllegalStateException("shutting down: taking no new work");
                    }
                    return "no";
                });
                checks.putAll(Readiness.checks(config, database, inbound ? telegram : null, inbound ? discord : null));
                // closed last, after the drain: a supervisor sees /healthz while the process finishes its work
                ops = new OpsServer(config.ops().bind(), config.ops().port(), prometheus, checks, summary::read);
            }
            log.info("Storyreel running: role={}, telegram={}, discord={}", role, telegram != null, discord != null);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The configuration with the callback secret filled in: the configured one, else the install's own, made once in
     * the data dir (so every process sharing it gives providers the same URL).
     */
    private static StoryreelConfig withCallbackSecret(StoryreelConfig config) {
        StoryreelConfig.Callbacks c = config.callbacks();
        if (!c.enabled()) {
            return config;
        }
        String secret = c.secret() == null || c.secret().isBlank() ? CallbackSecret.load(config.dataDir()) : c.secret();
        SecretRegistry.register(secret);
        return config.withCallbacks(c.withSecret(secret));
    }

    /** The bundled presets with the operator's file over them; a bad file is one line naming styles.file. */
    private static StylePresets styles(StoryreelConfig.Styles settings) {
        try {
            return StylePresets.load(settings.file());
        } catch (ConfigException e) {
            throw new ConfigException("styles.file: " + e.getMessage());
        }
    }

    public static StoryreelRuntime start(StoryreelConfig config, Map<String, String> env, Clock clock, Tweaks tweaks) {
        return new StoryreelRuntime(config, env, clock, tweaks);
    }

    public Database database() {
        return database;
    }

    public Conversation conversation() {
        return conversation;
    }

    public DbSchedulerGenerationEngine engine() {
        return engine;
    }

    /** The port of the ops endpoint ({@code /metrics}, {@code /healthz}, {@code /readyz}); -1 when it is off. */
    public int opsPort() {
        return ops == null ? -1 : ops.port();
    }

    /** The storyboard page's server, when {@code web.port} is set and this process takes updates. */
    public java.util.Optional<WebServer> web() {
        return java.util.Optional.ofNullable(web);
    }

    /**
     * Drains, then stops: no new updates, interactions or engine steps; running steps get up to
     * {@code shutdown.grace-seconds} to end at a durable point (what is left is taken over by another worker); the
     * conversation finishes what it was handed; then the adapters, the engine, the database and the ops endpoint close.
     */
    @Override
    public void close() {
        draining = true;
        if (!closers.isEmpty()) {
            log.info("Storyreel draining: taking no new work, finishing running steps");
        }
        long started = System.nanoTime();
        while (!closers.isEmpty()) {
            try {
                closers.pop().close();
            } catch (Exception e) {
                log.warn("while shutting down: {}", e.toString());
            }
        }
        if (ops != null) {
            ops.close();
            ops = null;
            log.info("Storyreel stopped after {} ms", (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Daemon threads named {@code <prefix>1}, {@code <prefix>2}, …: none of them keeps the JVM alive. */
    static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
