package io.storyreel.core.config;

import io.storyreel.core.download.DownloadPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * All settings, after defaults, the YAML file, environment variables ({@code STORYREEL_<KEY>} where KEY is the
 * dotted setting upper-cased with dots and dashes as underscores, e.g. {@code STORYREEL_TELEGRAM_API_URL}) and
 * command-line flags have been applied, in that order. See {@code config/storyreel.example.yml}.
 */
public record StoryreelConfig(
        Path dataDir,
        String role,
        Database database,
        Telegram telegram,
        Discord discord,
        Providers providers,
        Limits limits,
        Security security,
        Engine engine,
        Callbacks callbacks,
        Downloads downloads,
        Storage storage,
        Retention retention,
        Backups backups,
        Ops ops,
        Shutdown shutdown,
        Logging logging,
        Web web,
        Styles styles) {

    /**
     * The rules every download follows: trusted are the origins of the services configured here (provider APIs, the
     * Telegram API and file server, the Discord API), which may be plain http on a local address; every other link
     * must be https to a public address.
     */
    public DownloadPolicy downloadPolicy() {
        List<String> services = new ArrayList<>();
        providers.byId().values().forEach(p -> services.add(p.baseUrl()));
        services.addAll(List.of(telegram.apiUrl(), telegram.fileUrl(), discord.apiUrl()));
        return DownloadPolicy.trusting(services, downloads.timeout(), downloads.minFreeBytes());
    }

    public record Database(String url, String user, String password, int poolSize) {
    }

    /**
     * {@code maxFileBytes} caps each file downloaded from Telegram; {@code localFilesDir} (null: none) is where a local
     * Bot API server keeps files, the only place an absolute {@code file_path} may point to. {@code mode}:
     * {@code polling} (getUpdates, the default) or {@code webhook} (Telegram POSTs to {@code webhook}).
     * {@code editInterval} / {@code groupEditInterval}: the least time between two progress edits of one message in a
     * private chat / a group.
     */
    public record Telegram(String token, String apiUrl, String fileUrl, long uploadLimitBytes, String botUsername,
                           long maxFileBytes, Path localFilesDir, String mode, Webhook webhook, Duration editInterval,
                           Duration groupEditInterval) {
        public boolean enabled() {
            return token != null && !token.isBlank();
        }

        public boolean webhookMode() {
            return "webhook".equals(mode);
        }

        @Override
        public String toString() {
            return "Telegram[apiUrl=" + apiUrl + ", fileUrl=" + fileUrl + ", mode=" + mode + ", token="
                    + (enabled() ? "***" : "unset") + "]";
        }
    }

    /**
     * Telegram webhook mode: Telegram POSTs each update to {@code publicUrl}, which a reverse proxy forwards to
     * {@code bind}:{@code port} here. {@code secret} is the {@code secret_token} every update must carry in
     * {@code X-Telegram-Bot-Api-Secret-Token}; empty means one generated per install and kept in the data folder.
     */
    public record Webhook(String publicUrl, String bind, int port, String secret) {
        @Override
        public String toString() {
            return "Webhook[publicUrl=" + publicUrl + ", bind=" + bind + ", port=" + port + ", secret="
                    + (secret == null || secret.isBlank() ? "generated" : "***") + "]";
        }
    }

    /**
     * {@code maxAttachmentBytes} caps each attachment downloaded from Discord; {@code editInterval} is the least time
     * between two progress edits of one message.
     */
    public record Discord(String token, String apiUrl, String gatewayUrl, long uploadLimitBytes, String guildId,
                          long maxAttachmentBytes, Duration editInterval) {
        public boolean enabled() {
            return token != null && !token.isBlank();
        }

        @Override
        public String toString() {
            return "Discord[apiUrl=" + apiUrl + ", gatewayUrl=" + gatewayUrl + ", token=" + (enabled() ? "***" : "unset") + "]";
        }
    }

    /**
     * Per-provider settings; {@code capabilitiesFile} overrides the bundled models and prices when set; {@code settings}
     * are the provider's own (see {@code ProviderDefaults.settings}), by name within its section.
     */
    public record Provider(String baseUrl, int maxConcurrentTasks, int requestsPerMinute, Path capabilitiesFile,
                           Map<String, String> devKeys, Map<String, String> settings,
                           java.time.Duration minPollInterval) {
        /** When a provider's section does not say: no gap of its own beyond the engine's. */
        static final java.time.Duration NO_GAP = java.time.Duration.ZERO;

        public Provider {
            settings = settings == null ? Map.of() : Map.copyOf(settings);
            minPollInterval = minPollInterval == null ? NO_GAP : minPollInterval;
        }

        public Provider(String baseUrl, int maxConcurrentTasks, int requestsPerMinute, Path capabilitiesFile,
                        Map<String, String> devKeys, Map<String, String> settings) {
            this(baseUrl, maxConcurrentTasks, requestsPerMinute, capabilitiesFile, devKeys, settings, NO_GAP);
        }

        public Provider(String baseUrl, int maxConcurrentTasks, int requestsPerMinute, Path capabilitiesFile,
                        Map<String, String> devKeys) {
            this(baseUrl, maxConcurrentTasks, requestsPerMinute, capabilitiesFile, devKeys, Map.of());
        }

        @Override
        public String toString() {
            return "Provider[baseUrl=" + baseUrl + ", maxConcurrentTasks=" + maxConcurrentTasks
                    + ", requestsPerMinute=" + requestsPerMinute + ", minPollInterval=" + minPollInterval
                    + ", devKeys=" + devKeys.keySet()
                    + ", settings=" + settings + "]";
        }
    }

    /** Every installed provider's settings, keyed by provider id in menu order, and the one new storybooks use. */
    public record Providers(String defaultProvider, Map<String, Provider> byId) {
        public Providers {
            byId = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byId));
        }

        /** @throws ConfigException for an id no installed provider has */
        public Provider get(String id) {
            Provider p = byId.get(id);
            if (p == null) {
                throw new ConfigException("unknown provider '" + id + "' (" + String.join(", ", byId.keySet()) + ")");
            }
            return p;
        }
    }

    /**
     * {@code dailySpendUsdPerUser} 0 means no cap; {@code dayZone} is where the days of the daily limits begin and
     * end (see {@code io.storyreel.core.generation.PayerLimits}); a music file may weigh {@code maxMusicBytes} and
     * play {@code maxMusicSeconds}.
     */
    public record Limits(int maxScenes, int runningFilmsPerUser, int dailyFilmsPerUser, int dailyClipsPerUser,
                         double dailySpendUsdPerUser, java.time.ZoneId dayZone, int maxPhotoBytes, int maxMusicBytes,
                         int maxMusicSeconds) {
        public static final int DEFAULT_MUSIC_BYTES = 20 * 1024 * 1024;
        public static final int DEFAULT_MUSIC_SECONDS = 600;

        /** The limits with the default music limits. */
        public Limits(int maxScenes, int runningFilmsPerUser, int dailyFilmsPerUser, int dailyClipsPerUser,
                      double dailySpendUsdPerUser, java.time.ZoneId dayZone, int maxPhotoBytes) {
            this(maxScenes, runningFilmsPerUser, dailyFilmsPerUser, dailyClipsPerUser, dailySpendUsdPerUser, dayZone,
                    maxPhotoBytes, DEFAULT_MUSIC_BYTES, DEFAULT_MUSIC_SECONDS);
        }
    }

    /**
     * The generation engine's timings. {@code heartbeat} × {@code missedHeartbeats} is how long a dead worker's
     * tasks wait before another worker (or the restarted process) takes them over; {@code schedulerPolling} is how
     * often a worker looks for due tasks; without {@code adaptivePolling} the engine polls a provider task {@code firstPoll} after its
     * submit and then slower up to {@code maxPollInterval}, with it where that model's clips usually finish (learned
     * from this bot's clips), at most every {@code minPollInterval} and at least every {@code maxPollInterval} once a
     * clip could be done; a film whose upload got no answer within {@code deliveryAckTimeout} is offered again
     * rather than sent again.
     */
    public record Engine(java.time.Duration schedulerPolling, java.time.Duration heartbeat, int missedHeartbeats,
                         java.time.Duration firstPoll, java.time.Duration maxPollInterval,
                         java.time.Duration deliveryAckTimeout, boolean adaptivePolling,
                         java.time.Duration minPollInterval) {
    }

    /**
     * Provider task callbacks (webhooks): with a {@code publicUrl}, each provider that sends callbacks is asked to POST
     * its tasks' status changes to {@code <publicUrl>/<secret>/<provider id>}, which this process serves on
     * {@code bindAddress}:{@code port}. {@code secret} is a path segment only this install knows (blank until the
     * runtime loads or creates it in the data dir). A request must send its headers within {@code headerTimeout} and
     * its body within {@code bodyTimeout}; callbacks for one task make the engine poll it early at most once per
     * {@code pollDebounce}. A callback only makes the engine poll that task sooner; polling still confirms every state.
     */
    public record Callbacks(String publicUrl, int port, String bindAddress, String secret, Duration headerTimeout,
                            Duration bodyTimeout, Duration pollDebounce) {
        public boolean enabled() {
            return publicUrl != null && !publicUrl.isBlank();
        }

        /** The URL a provider is given: {@code <publicUrl>/<secret>/<provider>}. */
        public String urlFor(String provider) {
            if (!enabled()) {
                return null;
            }
            String base = publicUrl.replaceAll("/+$", "");
            return (secret == null || secret.isBlank() ? base : base + "/" + secret) + "/" + provider;
        }

        public Callbacks withSecret(String s) {
            return new Callbacks(publicUrl, port, bindAddress, s, headerTimeout, bodyTimeout, pollDebounce);
        }

        @Override
        public String toString() {
            return "Callbacks[publicUrl=" + publicUrl + ", port=" + port + ", bindAddress=" + bindAddress
                    + ", secret=" + (secret == null || secret.isBlank() ? "unset" : "***") + "]";
        }
    }

    /**
     * Limits of every download from a link: a finished clip is at most {@code maxClipBytes}; one download, redirects
     * included, takes at most {@code timeout}; a download must leave {@code minFreeBytes} free on the disk.
     */
    public record Downloads(long maxClipBytes, Duration timeout, long minFreeBytes) {
    }

    /** The same settings with other callback settings (the runtime adds the secret it loaded or created). */
    public StoryreelConfig withCallbacks(Callbacks c) {
        return new StoryreelConfig(dataDir, role, database, telegram, discord, providers, limits, security, engine, c,
                downloads, storage, retention, backups, ops, shutdown, logging, web, styles);
    }

    /**
     * {@code devModeUsers}: user keys (PLATFORM:id) that may use the operator's keys from the environment.
     * {@code allowLooseKeysetPermissions}: start even when the keyset file can be read by other accounts.
     */
    public record Security(Path masterKeyFile, String masterKeyEnv, List<String> devModeUsers,
                           boolean allowLooseKeysetPermissions) {
    }

    /**
     * {@code minFreeBytes}: below this much free space under {@code data-dir} no new film starts (0 = never refuse).
     * {@code s3}: where blobs live with {@code storage.blobs: s3}; null with {@code file} (under {@code data-dir}).
     */
    public record Storage(long minFreeBytes, io.storyreel.core.storage.S3Location s3) {
    }


    /**
     * How long the photos, clips and films of a finished storybook (done, cancelled or failed) are kept, counted from
     * when it finished; {@code null} keeps them for ever. The rows stay (history); only the files go.
     * {@code sweepInterval}: how often the sweep runs.
     */
    public record Retention(java.time.Duration photos, java.time.Duration clips, java.time.Duration films,
                            java.time.Duration sweepInterval) {
    }

    /**
     * Backups the running bot writes itself (the H2 database can only be backed up online by the process that has it
     * open): every {@code interval} a new {@code storyreel-<time>} folder in {@code dir} with the database, the
     * keysets and the blob list; the newest {@code keep} are kept. {@code dir} null: off.
     */
    public record Backups(Path dir, java.time.Duration interval, int keep) {
        public boolean enabled() {
            return dir != null;
        }
    }

    /**
     * The operator's endpoint: {@code /metrics} (Prometheus), {@code /healthz} and {@code /readyz} on
     * {@code bind}:{@code port} (port 0: any free port, logged at start); {@code operators} (PLATFORM:id) may ask
     * for {@code /ops} in a private chat. {@code /readyz}'s disk floor is {@link Storage#minFreeBytes()}.
     */
    public record Ops(boolean enabled, String bind, int port, List<String> operators) {
    }

    /**
     * What a process does on SIGTERM: stop taking new work at once, give running steps up to {@code grace} to reach
     * a durable point, then exit (unfinished work is taken over by another worker, or by this one after a restart).
     */
    public record Shutdown(java.time.Duration grace) {
    }

    /** {@code format}: {@code text} (one line per event, the default) or {@code json} (one JSON object per line). */
    public record Logging(String format) {
    }

    /**
     * The storyboard page: served on {@code bindAddress}:{@code port} when a port is set (null: off; 0: any free
     * port), linked to as {@code publicUrl} (blank: {@code http://<bind address>:<port>}, for a page on this machine
     * only). A one-time sign-in link lives {@code linkLifetime}, a session {@code sessionLifetime}; Telegram Mini App
     * sign-in data older than {@code initDataMaxAge} is refused.
     */
    public record Web(Integer port, String publicUrl, String bindAddress, Duration linkLifetime,
                      Duration sessionLifetime, Duration initDataMaxAge) {
        public boolean enabled() {
            return port != null;
        }
    }

    /**
     * {@code file}: the operator's style presets (null: the bundled ones only), read at start over the bundled
     * {@code styles.yml}: a preset of the same name replaces the bundled one, others are added.
     */
    public record Styles(Path file) {
    }
}
