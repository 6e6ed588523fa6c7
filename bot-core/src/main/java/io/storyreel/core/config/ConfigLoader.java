package io.storyreel.core.config;

import static io.storyreel.core.config.SettingValues.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.storyreel.core.provider.CredentialField;
import io.storyreel.core.provider.ProviderDefaults;
import io.storyreel.core.provider.VideoProviderFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads {@link StoryreelConfig}: bundled defaults ({@code storyreel-defaults.yml}, plus each installed provider's
 * section with its {@link ProviderDefaults}), then the YAML file, then {@code STORYREEL_*} environment variables, then
 * explicit overrides (command-line flags). Every setting is a dotted key such as {@code telegram.api-url}; unknown keys
 * in the file are refused so typos do not pass silently.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final long MB = 1024L * 1024;

    private final Map<String, String> env;
    private final List<VideoProviderFactory> providers;

    /** With the providers registered through {@code ServiceLoader}. */
    public ConfigLoader(Map<String, String> env) {
        this(env, VideoProviderFactory.installed());
    }

    public ConfigLoader(Map<String, String> env, List<VideoProviderFactory> providers) {
        this.env = env;
        this.providers = VideoProviderFactory.checked(providers);
    }

    public StoryreelConfig load(Path file, Map<String, String> overrides) {
        Map<String, String> flat = defaults();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("--config: file not found: " + file);
            }
            Map<String, String> fromFile;
            try {
                fromFile = flatten(YAML.readTree(file.toFile()), "");
            } catch (JsonProcessingException e) {
                throw new ConfigException("--config: " + file + " is not valid YAML (line "
                        + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
            } catch (IOException e) {
                throw new ConfigException("--config: cannot read " + file + ": " + e.getMessage());
            }
            for (var en : fromFile.entrySet()) {
                if (!isKnown(flat, en.getKey())) {
                    throw new ConfigException(en.getKey() + ": unknown setting in " + file);
                }
                flat.put(en.getKey(), en.getValue());
            }
        }
        for (String key : new ArrayList<>(flat.keySet())) {
            String v = env.get(envName(key));
            if (v != null) {
                flat.put(key, v);
            }
        }
        // dev-mode provider keys come from the environment: STORYREEL_DEV_<SECTION>_<FIELD>
        for (VideoProviderFactory p : providers) {
            String prefix = "STORYREEL_DEV_" + p.configSection().toUpperCase(Locale.ROOT) + "_";
            for (var en : env.entrySet()) {
                if (en.getKey().startsWith(prefix)) {
                    String field = camel(en.getKey().substring(prefix.length()).toLowerCase(Locale.ROOT));
                    if (!isDevKey(p.configSection() + ".dev-keys." + field)) {
                        throw new ConfigException(en.getKey() + ": " + p.id() + " has no key field '" + field
                                + "' (" + fieldNames(p) + ")");
                    }
                    flat.put(p.configSection() + ".dev-keys." + field, en.getValue());
                }
            }
        }
        for (var en : overrides.entrySet()) {
            if (en.getValue() != null) {
                if (!isKnown(flat, en.getKey())) {
                    throw new ConfigException(en.getKey() + ": unknown setting");
                }
                flat.put(en.getKey(), en.getValue());
            }
        }
        return bind(flat);
    }

    /** Every setting there is, with its default: the bundled ones, then each installed provider's section. */
    private Map<String, String> defaults() {
        Map<String, String> flat = new TreeMap<>(flatten(readDefaults(), ""));
        for (VideoProviderFactory p : providers) {
            String section = p.configSection();
            if (flat.keySet().stream().anyMatch(k -> k.startsWith(section + ".") || k.equals(section))) {
                throw new IllegalStateException("provider '" + p.id() + "' uses the section '" + section
                        + "', which is taken");
            }
            ProviderDefaults d = p.defaults();
            flat.put(section + ".base-url", d.baseUrl());
            flat.put(section + ".max-concurrent-tasks", Integer.toString(d.maxConcurrentTasks()));
            flat.put(section + ".requests-per-minute", Integer.toString(d.requestsPerMinute()));
            flat.put(section + ".min-poll-ms", Long.toString(p.minPollInterval().toMillis()));
            flat.put(section + ".capabilities-file", "");
            d.settings().forEach((name, value) -> flat.put(section + "." + name, value == null ? "" : value));
        }
        return flat;
    }

    /** The name of every setting (dotted), for the check that the example file documents them all. */
    java.util.Set<String> settings() {
        return java.util.Collections.unmodifiableSet(defaults().keySet());
    }

    /** {@code telegram.api-url} → {@code STORYREEL_TELEGRAM_API_URL}. */
    public static String envName(String key) {
        return "STORYREEL_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private boolean isKnown(Map<String, String> defaults, String key) {
        if (defaults.containsKey(key)) {
            return true;
        }
        // list and map settings: security.dev-mode-users[0], kling.dev-keys.accessKey
        String base = key.replaceAll("\\[\\d+]$", "");
        return defaults.containsKey(base) || isDevKey(key);
    }

    /** {@code <section>.dev-keys.<field>} for one of the installed providers' key fields. */
    private boolean isDevKey(String key) {
        return providers.stream().anyMatch(p -> p.credentials().stream()
                .anyMatch(c -> key.equals(p.configSection() + ".dev-keys." + c.name())));
    }

    private static String fieldNames(VideoProviderFactory p) {
        return String.join(", ", p.credentials().stream().map(CredentialField::name).toList());
    }

    private StoryreelConfig bind(Map<String, String> f) {
        Path dataDir = folder(f, "data-dir");
        String role = req(f, "role");
        if (!List.of("all", "chat", "worker").contains(role)) {
            throw new ConfigException("role: must be all, chat or worker, not '" + role + "'");
        }
        String dbUrl = f.getOrDefault("database.url", "");
        if (dbUrl.isBlank()) {
            dbUrl = io.storyreel.core.storage.Database.h2Url(dataDir);
        } else if (!dbUrl.startsWith("jdbc:h2:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("database.url: must start with jdbc:h2: or jdbc:postgresql:, not '" + dbUrl + "'");
        }
        var db = new StoryreelConfig.Database(dbUrl, f.get("database.user"), f.get("database.password"),
                intIn(f, "database.pool-size", 2, 200));
        var webhook = new StoryreelConfig.Webhook(optionalUrl(f, "telegram.webhook.public-url"),
                req(f, "telegram.webhook.bind"), intIn(f, "telegram.webhook.port", 0, 65535),
                f.getOrDefault("telegram.webhook.secret", "").trim());
        String mode = oneOf(f, "telegram.mode", "polling", "webhook");
        if (mode.equals("webhook") && webhook.publicUrl().isBlank()) {
            throw new ConfigException("telegram.webhook.public-url: required with telegram.mode webhook (the https "
                    + "address at which Telegram reaches this bot)");
        }
        if (!webhook.secret().isEmpty() && !webhook.secret().matches("[A-Za-z0-9_-]{1,256}")) {
            throw new ConfigException("telegram.webhook.secret: 1 to 256 characters A-Z, a-z, 0-9, _ and - "
                    + "(Telegram's rule for secret_token), or empty to generate one");
        }
        Path localFiles = optionalFolder(f, "telegram.local-files-dir");
        var tg = new StoryreelConfig.Telegram(PlatformFormats.telegramToken(f.get("telegram.token")),
                url(f, "telegram.api-url"), url(f, "telegram.file-url"), mb(f, "telegram.upload-limit-mb", 0.005, 2000),
                PlatformFormats.botUsername(f.get("telegram.bot-username")), intIn(f, "telegram.max-file-mb", 1, 2000) * MB,
                localFiles, mode, webhook, Duration.ofMillis(intIn(f, "telegram.edit-interval-ms", 0, 60000)),
                Duration.ofMillis(intIn(f, "telegram.group-edit-interval-ms", 0, 60000)));
        var dc = new StoryreelConfig.Discord(PlatformFormats.discordToken(f.get("discord.token")),
                url(f, "discord.api-url"), optionalUrl(f, "discord.gateway-url"),
                mb(f, "discord.upload-limit-mb", 0.005, 4000), PlatformFormats.guildId(f.get("discord.guild-id")),
                intIn(f, "discord.max-attachment-mb", 1, 500) * MB,
                Duration.ofMillis(intIn(f, "discord.edit-interval-ms", 0, 60000)));
        Map<String, StoryreelConfig.Provider> byId = new LinkedHashMap<>();
        for (VideoProviderFactory p : this.providers) {
            byId.put(p.id(), provider(f, p));
        }
        String defaultProvider = req(f, "providers.default");
        if (!byId.containsKey(defaultProvider)) {
            throw new ConfigException("providers.default: unknown provider '" + defaultProvider + "' ("
                    + String.join(", ", byId.keySet()) + ")");
        }
        var providers = new StoryreelConfig.Providers(defaultProvider, byId);
        var limits = new StoryreelConfig.Limits(intIn(f, "limits.max-scenes", 1, 6),
                intIn(f, "limits.running-films-per-user", 1, 100), intIn(f, "limits.daily-films-per-user", 1, 100000),
                intIn(f, "limits.daily-clips-per-user", 1, 100000), dollars(f, "limits.daily-spend-usd-per-user"),
                zone(f, "limits.day-zone"), intIn(f, "limits.max-photo-mb", 1, 50) * 1024 * 1024,
                intIn(f, "limits.max-music-mb", 1, 50) * 1024 * 1024, intIn(f, "limits.max-music-seconds", 10, 3600));
        List<String> devUsers = list(f, "security.dev-mode-users");
        PlatformFormats.userKeys("security.dev-mode-users", devUsers);
        Path keyFile = optionalFile(f, "security.master-key-file");
        var sec = new StoryreelConfig.Security(keyFile == null ? dataDir.resolve("master-keyset.json") : keyFile,
                "STORYREEL_MASTER_KEYSET", List.copyOf(devUsers), bool(f, "security.allow-loose-keyset-permissions"));
        var engine = new StoryreelConfig.Engine(java.time.Duration.ofMillis(intIn(f, "engine.scheduler-polling-ms", 10, 60_000)),
                java.time.Duration.ofMillis(intIn(f, "engine.heartbeat-ms", 100, 600_000)),
                intIn(f, "engine.missed-heartbeats", 4, 100),
                java.time.Duration.ofMillis(intIn(f, "engine.first-poll-ms", 10, 600_000)),
                java.time.Duration.ofMillis(intIn(f, "engine.max-poll-ms", 10, 600_000)),
                java.time.Duration.ofMillis(intIn(f, "engine.delivery-ack-timeout-ms", 100, 86_400_000)),
                "adaptive".equals(oneOf(f, "engine.poll-schedule", "adaptive", "fixed")),
                java.time.Duration.ofMillis(intIn(f, "engine.min-poll-ms", 10, 600_000)));
        var callbacks = new StoryreelConfig.Callbacks(optionalUrl(f, "callbacks.public-url"),
                intIn(f, "callbacks.port", 1, 65535), bindAddress(f), secret(f),
                java.time.Duration.ofMillis(intIn(f, "callbacks.header-timeout-ms", 100, 60_000)),
                java.time.Duration.ofMillis(intIn(f, "callbacks.body-timeout-ms", 100, 60_000)),
                java.time.Duration.ofMillis(intIn(f, "callbacks.poll-debounce-ms", 0, 600_000)));
        var downloads = new StoryreelConfig.Downloads(intIn(f, "downloads.max-clip-mb", 1, 4000) * MB,
                java.time.Duration.ofSeconds(intIn(f, "downloads.timeout-seconds", 1, 3600)),
                intIn(f, "downloads.min-free-mb", 0, 1_000_000) * MB);
        io.storyreel.core.storage.S3Location s3 = null;
        if (oneOf(f, "storage.blobs", "file", "s3").equals("s3")) {
            String bucket = req(f, "storage.s3.bucket");
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new ConfigException("storage.s3.bucket: not an S3 bucket name (3 to 63 characters a-z 0-9 . -): '"
                        + bucket + "'");
            }
            String prefix = f.getOrDefault("storage.s3.prefix", "").trim();
            if (!prefix.isEmpty() && !prefix.matches("[A-Za-z0-9!_.*'()/-]{1,200}")) {
                throw new ConfigException("storage.s3.prefix: letters, digits and ! _ . * ' ( ) / - only, not '" + prefix + "'");
            }
            s3 = new io.storyreel.core.storage.S3Location(optionalUrl(f, "storage.s3.endpoint"), bucket, req(f, "storage.s3.region"),
                    bool(f, "storage.s3.path-style"), prefix);
        }
        var storage = new StoryreelConfig.Storage(intIn(f, "storage.min-free-mb", 0, 1_000_000) * 1024L * 1024L, s3);
        var retention = new StoryreelConfig.Retention(days(f, "retention.photos-days"), days(f, "retention.clips-days"),
                days(f, "retention.films-days"), java.time.Duration.ofMinutes(intIn(f, "retention.sweep-minutes", 1, 10_080)));
        var backups = new StoryreelConfig.Backups(optionalFolder(f, "backup.dir"),
                java.time.Duration.ofHours(intIn(f, "backup.interval-hours", 1, 720)), intIn(f, "backup.keep", 1, 1000));
        var ops = new StoryreelConfig.Ops(bool(f, "ops.enabled"), req(f, "ops.bind"), intIn(f, "ops.port", 0, 65535),
                list(f, "ops.operators"));
        var shutdown = new StoryreelConfig.Shutdown(java.time.Duration.ofSeconds(intIn(f, "shutdown.grace-seconds", 1, 3600)));
        var logging = new StoryreelConfig.Logging(oneOf(f, "logging.format", "text", "json"));
        return new StoryreelConfig(dataDir, role, db, tg, dc, providers, limits, sec, engine, callbacks, downloads,
                storage, retention, backups, ops, shutdown, logging, web(f), styles(f));
    }

    private static StoryreelConfig.Styles styles(Map<String, String> f) {
        Path file = optionalFile(f, "styles.file");
        if (file != null && !Files.isRegularFile(file)) {
            throw new ConfigException("styles.file: file not found: " + file);
        }
        return new StoryreelConfig.Styles(file);
    }

    private static StoryreelConfig.Web web(Map<String, String> f) {
        String port = f.getOrDefault("web.port", "").trim();
        String bind = req(f, "web.bind-address");
        if (!bind.matches("[A-Za-z0-9.:-]+")) {
            throw new ConfigException("web.bind-address: not an IP address or host name: '" + bind + "'");
        }
        return new StoryreelConfig.Web(port.isEmpty() ? null : intIn(f, "web.port", 0, 65535),
                optionalUrl(f, "web.public-url"), bind,
                java.time.Duration.ofMinutes(intIn(f, "web.link-minutes", 1, 60)),
                java.time.Duration.ofHours(intIn(f, "web.session-hours", 1, 720)),
                java.time.Duration.ofSeconds(intIn(f, "web.init-data-max-age-seconds", 10, 86_400)));
    }

    private StoryreelConfig.Provider provider(Map<String, String> f, VideoProviderFactory p) {
        String id = p.configSection();
        Map<String, String> dev = new LinkedHashMap<>();
        String prefix = id + ".dev-keys.";
        f.forEach((k, v) -> {
            if (k.startsWith(prefix) && v != null && !v.isBlank()) {
                dev.put(k.substring(prefix.length()), v);
            }
        });
        String capFile = f.getOrDefault(id + ".capabilities-file", "");
        if (!capFile.isBlank() && !Files.isRegularFile(Path.of(capFile))) {
            throw new ConfigException(id + ".capabilities-file: file not found: " + capFile);
        }
        // the provider's own settings; one named *-url must be a URL (or blank: the provider's fallback)
        Map<String, String> own = new LinkedHashMap<>();
        for (String name : p.defaults().settings().keySet()) {
            String key = id + "." + name;
            own.put(name, name.endsWith("-url") ? optionalUrl(f, key) : f.getOrDefault(key, "").trim());
        }
        return new StoryreelConfig.Provider(url(f, id + ".base-url"), intIn(f, id + ".max-concurrent-tasks", 1, 1000),
                intIn(f, id + ".requests-per-minute", 0, 100000), capFile.isBlank() ? null : Path.of(capFile),
                Map.copyOf(dev), own, java.time.Duration.ofMillis(intIn(f, id + ".min-poll-ms", 0, 600_000)));
    }

    private static JsonNode readDefaults() {
        try (var in = ConfigLoader.class.getResourceAsStream("/storyreel-defaults.yml")) {
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("bundled defaults missing", e);
        }
    }

    static Map<String, String> flatten(JsonNode node, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            if (!prefix.isEmpty()) {
                out.put(prefix, "");
            }
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = ((ObjectNode) node).fields();
            while (it.hasNext()) {
                var en = it.next();
                out.putAll(flatten(en.getValue(), prefix.isEmpty() ? en.getKey() : prefix + "." + en.getKey()));
            }
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.put(prefix, "");
            }
            for (int i = 0; i < node.size(); i++) {
                out.putAll(flatten(node.get(i), prefix + "[" + i + "]"));
            }
        } else {
            out.put(prefix, node.asText());
        }
        return out;
    }

    private static String camel(String snake) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }
}
