package io.storyreel.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.storyreel.core.provider.CredentialField;
import io.storyreel.core.provider.ProviderDefaults;
import io.storyreel.core.provider.VideoProviderFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
            flat.put(section + ".capabilities-file", "");
            d.settings().forEach((name, value) -> flat.put(section + "." + name, value == null ? "" : value));
        }
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
        Path dataDir = Path.of(req(f, "data-dir"));
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
                intIn(f, "database.pool-size", 1, 200));
        String localFiles = f.getOrDefault("telegram.local-files-dir", "").trim();
        var tg = new StoryreelConfig.Telegram(f.get("telegram.token"), url(f, "telegram.api-url"),
                url(f, "telegram.file-url"), mb(f, "telegram.upload-limit-mb"), f.get("telegram.bot-username"),
                intIn(f, "telegram.max-file-mb", 1, 2000) * MB, localFiles.isEmpty() ? null : Path.of(localFiles));
        var dc = new StoryreelConfig.Discord(f.get("discord.token"), url(f, "discord.api-url"),
                optionalUrl(f, "discord.gateway-url"), mb(f, "discord.upload-limit-mb"), f.get("discord.guild-id"),
                intIn(f, "discord.max-attachment-mb", 1, 500) * MB);
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
                zone(f, "limits.day-zone"), intIn(f, "limits.max-photo-mb", 1, 50) * 1024 * 1024);
        List<String> devUsers = new ArrayList<>();
        for (int i = 0; f.containsKey("security.dev-mode-users[" + i + "]"); i++) {
            devUsers.add(f.get("security.dev-mode-users[" + i + "]"));
        }
        String devCsv = f.getOrDefault("security.dev-mode-users", "");
        for (String s : devCsv.split(",")) {
            if (!s.isBlank()) {
                devUsers.add(s.trim());
            }
        }
        String keyFile = f.getOrDefault("security.master-key-file", "");
        var sec = new StoryreelConfig.Security(keyFile.isBlank() ? dataDir.resolve("master-keyset.json") : Path.of(keyFile),
                "STORYREEL_MASTER_KEYSET", List.copyOf(devUsers), bool(f, "security.allow-loose-keyset-permissions"));
        var engine = new StoryreelConfig.Engine(java.time.Duration.ofMillis(intIn(f, "engine.scheduler-polling-ms", 10, 60_000)),
                java.time.Duration.ofMillis(intIn(f, "engine.heartbeat-ms", 100, 600_000)),
                intIn(f, "engine.missed-heartbeats", 2, 100),
                java.time.Duration.ofMillis(intIn(f, "engine.first-poll-ms", 10, 600_000)),
                java.time.Duration.ofMillis(intIn(f, "engine.max-poll-ms", 10, 600_000)),
                java.time.Duration.ofMillis(intIn(f, "engine.delivery-ack-timeout-ms", 100, 86_400_000)));
        var callbacks = new StoryreelConfig.Callbacks(optionalUrl(f, "callbacks.public-url"),
                intIn(f, "callbacks.port", 1, 65535), bindAddress(f), secret(f),
                java.time.Duration.ofMillis(intIn(f, "callbacks.header-timeout-ms", 100, 60_000)),
                java.time.Duration.ofMillis(intIn(f, "callbacks.body-timeout-ms", 100, 60_000)),
                java.time.Duration.ofMillis(intIn(f, "callbacks.poll-debounce-ms", 0, 600_000)));
        var downloads = new StoryreelConfig.Downloads(intIn(f, "downloads.max-clip-mb", 1, 4000) * MB,
                java.time.Duration.ofSeconds(intIn(f, "downloads.timeout-seconds", 1, 3600)),
                intIn(f, "downloads.min-free-mb", 0, 1_000_000) * MB);
        var storage = new StoryreelConfig.Storage(intIn(f, "storage.min-free-mb", 0, 1_000_000) * 1024L * 1024L);
        var retention = new StoryreelConfig.Retention(days(f, "retention.photos-days"), days(f, "retention.clips-days"),
                days(f, "retention.films-days"), java.time.Duration.ofMinutes(intIn(f, "retention.sweep-minutes", 1, 10_080)));
        String backupDir = f.getOrDefault("backup.dir", "").trim();
        var backups = new StoryreelConfig.Backups(backupDir.isEmpty() ? null : Path.of(backupDir),
                java.time.Duration.ofHours(intIn(f, "backup.interval-hours", 1, 720)), intIn(f, "backup.keep", 1, 1000));
        return new StoryreelConfig(dataDir, role, db, tg, dc, providers, limits, sec, engine, callbacks, downloads,
                storage, retention, backups, web(f));
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

    private static String bindAddress(Map<String, String> f) {
        String v = req(f, "callbacks.bind-address");
        boolean ipv4 = v.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = v.matches("[0-9A-Fa-f:.]+") && v.contains(":");
        if (!ipv4 && !ipv6 && !v.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
            throw new ConfigException("callbacks.bind-address: not an IP address or host name: '" + v + "'");
        }
        return v;
    }

    private static String secret(Map<String, String> f) {
        String v = f.getOrDefault("callbacks.secret", "").trim();
        if (!v.isEmpty() && !v.matches("[A-Za-z0-9_-]{16,128}")) {
            throw new ConfigException("callbacks.secret: 16 to 128 letters, digits, '-' or '_' (or empty to let the "
                    + "bot make one)");
        }
        return v;
    }

    /** 0 (no cap), or 0.01 to 100000 dollars. */
    private static double dollars(Map<String, String> f, String key) {
        String v = req(f, key);
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d) || d < 0 || d > 100_000 || (d > 0 && d < 0.01)) {
                throw new ConfigException(key + ": must be 0 (no cap) or between 0.01 and 100000 dollars, not " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": must be a number of dollars, not '" + v + "'");
        }
    }

    private static java.time.ZoneId zone(Map<String, String> f, String key) {
        String v = req(f, key);
        try {
            return java.time.ZoneId.of(v);
        } catch (java.time.DateTimeException e) {
            throw new ConfigException(key + ": not a time zone id (such as UTC or Europe/Berlin): '" + v + "'");
        }
    }

    /** 0 = keep for ever (null), else 1 to 36500 days. */
    private static java.time.Duration days(Map<String, String> f, String key) {
        int d = intIn(f, key, 0, 36_500);
        return d == 0 ? null : java.time.Duration.ofDays(d);
    }

    private static boolean bool(Map<String, String> f, String key) {
        String v = req(f, key).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(key + ": must be true or false, not '" + v + "'");
        };
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
                Map.copyOf(dev), own);
    }

    private static String req(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null || v.isBlank()) {
            throw new ConfigException(key + ": missing (set it in the config file or " + envName(key) + ")");
        }
        return v.trim();
    }

    private static String url(Map<String, String> f, String key) {
        String v = req(f, key);
        return checkUrl(key, v);
    }

    private static String optionalUrl(Map<String, String> f, String key) {
        String v = f.getOrDefault(key, "");
        return v.isBlank() ? "" : checkUrl(key, v.trim());
    }

    private static String checkUrl(String key, String v) {
        try {
            URI u = new URI(v);
            if (u.getScheme() == null || u.getHost() == null
                    || !List.of("http", "https", "ws", "wss").contains(u.getScheme())) {
                throw new ConfigException(key + ": not an http(s) URL: '" + v + "'");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(key + ": not a valid URL: '" + v + "'");
        }
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    private static int intIn(Map<String, String> f, String key, int min, int max) {
        String v = req(f, key);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw new ConfigException(key + ": must be between " + min + " and " + max + ", not " + i);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": must be a whole number, not '" + v + "'");
        }
    }

    private static long mb(Map<String, String> f, String key) {
        String v = req(f, key);
        try {
            double d = Double.parseDouble(v);
            if (d <= 0 || d > 4000) {
                throw new ConfigException(key + ": must be between 0 and 4000 MB, not " + v);
            }
            return (long) (d * 1024 * 1024);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": must be a number of megabytes, not '" + v + "'");
        }
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
