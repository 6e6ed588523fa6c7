package io.storyreel.core.config;

import io.storyreel.core.provider.CredentialField;
import io.storyreel.core.provider.ProviderContext;
import io.storyreel.core.provider.ProviderDefaults;
import io.storyreel.core.provider.VideoProvider;
import io.storyreel.core.provider.VideoProviderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAloneGiveAWorkingEmbeddedSetup() {
        StoryreelConfig c = new ConfigLoader(Map.of()).load(null, Map.of());
        assertThat(c.database().url()).startsWith("jdbc:h2:file:").contains("storyreel");
        assertThat(c.telegram().apiUrl()).isEqualTo("https://api.telegram.org");
        assertThat(c.discord().uploadLimitBytes()).as("Discord's limit for bots since 2026-09").isEqualTo(20L * 1024 * 1024);
        assertThat(c.telegram().uploadLimitBytes()).isEqualTo(50L * 1024 * 1024);
        assertThat(c.providers().defaultProvider()).isEqualTo("kling");
        assertThat(c.role()).isEqualTo("all");
        assertThat(c.telegram().enabled()).isFalse();
    }

    @Test
    void fileThenEnvironmentThenFlagsWin() throws Exception {
        Path f = dir.resolve("c.yml");
        Files.writeString(f, """
                telegram:
                  api-url: http://127.0.0.1:1111
                kling:
                  base-url: http://127.0.0.1:2222
                  max-concurrent-tasks: 3
                """);
        Map<String, String> env = Map.of("STORYREEL_KLING_BASE_URL", "http://127.0.0.1:3333",
                "STORYREEL_TELEGRAM_TOKEN", "123:abc");
        StoryreelConfig c = new ConfigLoader(env).load(f, Map.of("telegram.api-url", "http://127.0.0.1:4444/"));
        assertThat(c.telegram().apiUrl()).isEqualTo("http://127.0.0.1:4444");
        assertThat(c.providers().get("kling").baseUrl()).isEqualTo("http://127.0.0.1:3333");
        assertThat(c.providers().get("kling").maxConcurrentTasks()).isEqualTo(3);
        assertThat(c.telegram().token()).isEqualTo("123:abc");
        assertThat(c.telegram().toString()).doesNotContain("123:abc");
    }

    @Test
    void badSettingsNameTheSettingInOneLine() throws Exception {
        Path f = dir.resolve("bad.yml");
        Files.writeString(f, "kling:\n  max-concurrent-tasks: lots\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(f, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("kling.max-concurrent-tasks: must be a whole number, not 'lots'");

        Files.writeString(f, "telegram:\n  api-ur1: http://x\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(f, Map.of()))
                .hasMessageStartingWith("telegram.api-ur1: unknown setting");

        assertThatThrownBy(() -> new ConfigLoader(Map.of("STORYREEL_DISCORD_API_URL", "not a url")).load(null, Map.of()))
                .hasMessageStartingWith("discord.api-url:");

        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(dir.resolve("missing.yml"), Map.of()))
                .hasMessageContaining("file not found");

        Files.writeString(f, "role: [\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(f, Map.of()))
                .hasMessageContaining("not valid YAML");

        assertThatThrownBy(() -> new ConfigLoader(Map.of("STORYREEL_ROLE", "boss")).load(null, Map.of()))
                .hasMessage("role: must be all, chat or worker, not 'boss'");
    }

    @Test
    void thePayerLimitsHaveDefaultsRangesAndAZone() {
        StoryreelConfig d = new ConfigLoader(Map.of()).load(null, Map.of());
        assertThat(d.limits().dailyClipsPerUser()).isEqualTo(60);
        assertThat(d.limits().dailySpendUsdPerUser()).isEqualTo(20.0);
        assertThat(d.limits().dayZone()).isEqualTo(java.time.ZoneId.of("UTC"));
        StoryreelConfig c = new ConfigLoader(Map.of("STORYREEL_LIMITS_DAY_ZONE", "Europe/Berlin")).load(null,
                Map.of("limits.daily-spend-usd-per-user", "0", "limits.daily-clips-per-user", "12"));
        assertThat(c.limits().dayZone()).isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
        assertThat(c.limits().dailySpendUsdPerUser()).isZero();
        assertThat(io.storyreel.core.generation.PayerLimits.from(c.limits()).clipsPerDay()).isEqualTo(12);

        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of("limits.day-zone", "Mars/Olympus")))
                .hasMessage("limits.day-zone: not a time zone id (such as UTC or Europe/Berlin): 'Mars/Olympus'");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of("limits.daily-spend-usd-per-user", "-1")))
                .hasMessage("limits.daily-spend-usd-per-user: must be 0 (no cap) or between 0.01 and 100000 dollars, not -1");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of("limits.daily-spend-usd-per-user", "lots")))
                .hasMessage("limits.daily-spend-usd-per-user: must be a number of dollars, not 'lots'");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of("limits.daily-clips-per-user", "0")))
                .hasMessage("limits.daily-clips-per-user: must be between 1 and 100000, not 0");
    }

    @Test
    void devKeysComeOnlyFromTheEnvironmentAndAreHiddenInToString() {
        StoryreelConfig c = new ConfigLoader(Map.of("STORYREEL_DEV_KLING_ACCESS_KEY", "AKdev123456",
                "STORYREEL_DEV_KLING_SECRET_KEY", "SKdev123456", "STORYREEL_SECURITY_DEV_MODE_USERS", "TELEGRAM:1, TELEGRAM:2"))
                .load(null, Map.of());
        assertThat(c.providers().get("kling").devKeys()).containsEntry("accessKey", "AKdev123456").containsEntry("secretKey", "SKdev123456");
        assertThat(c.providers().get("kling").toString()).doesNotContain("AKdev123456");
        assertThat(c.security().devModeUsers()).containsExactly("TELEGRAM:1", "TELEGRAM:2");
    }

    @Test
    void operationsSettingsHaveSafeDefaultsAndCheckedRanges() {
        StoryreelConfig c = new ConfigLoader(Map.of()).load(null, Map.of());
        assertThat(c.ops().enabled()).isTrue();
        assertThat(c.ops().bind()).isEqualTo("127.0.0.1");
        assertThat(c.ops().port()).isEqualTo(9464);
        assertThat(c.ops().operators()).isEmpty();
        assertThat(c.telegram().mode()).isEqualTo("polling");
        assertThat(c.logging().format()).isEqualTo("text");
        assertThat(c.shutdown().grace()).hasSeconds(30);

        StoryreelConfig e = new ConfigLoader(Map.of("STORYREEL_OPS_OPERATORS", "TELEGRAM:7,DISCORD:8",
                "STORYREEL_TELEGRAM_MODE", "webhook", "STORYREEL_TELEGRAM_WEBHOOK_PUBLIC_URL", "https://bot.example.com/tg",
                "STORYREEL_LOGGING_FORMAT", "JSON")).load(null, Map.of("ops.port", "0"));
        assertThat(e.ops().operators()).containsExactly("TELEGRAM:7", "DISCORD:8");
        assertThat(e.ops().port()).isZero();
        assertThat(e.telegram().webhookMode()).isTrue();
        assertThat(e.telegram().webhook().publicUrl()).isEqualTo("https://bot.example.com/tg");
        assertThat(e.logging().format()).isEqualTo("json");

        assertThatThrownBy(() -> new ConfigLoader(Map.of("STORYREEL_TELEGRAM_MODE", "webhook")).load(null, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("telegram.webhook.public-url: required");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("STORYREEL_TELEGRAM_MODE", "push")).load(null, Map.of()))
                .hasMessage("telegram.mode: must be polling or webhook, not 'push'");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("STORYREEL_TELEGRAM_WEBHOOK_SECRET", "has space")).load(null, Map.of()))
                .hasMessageStartingWith("telegram.webhook.secret:");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("STORYREEL_OPS_PORT", "70000")).load(null, Map.of()))
                .hasMessage("ops.port: must be between 0 and 65535, not 70000");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("STORYREEL_OPS_ENABLED", "maybe")).load(null, Map.of()))
                .hasMessage("ops.enabled: must be true or false, not 'maybe'");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("STORYREEL_LOGGING_FORMAT", "xml")).load(null, Map.of()))
                .hasMessage("logging.format: must be text or json, not 'xml'");
    }

    @Test
    void theExampleConfigFileLoadsAndNamesOnlyKnownSettings() {
        Path example = Path.of("..", "config", "storyreel.example.yml");
        assertThat(example).exists();
        StoryreelConfig c = new ConfigLoader(Map.of()).load(example, Map.of());
        assertThat(c.limits().maxScenes()).isEqualTo(6);
    }

    /** The example is where each setting's range is written, so every setting there is must be in it. */
    @Test
    void theExampleConfigFileDocumentsEverySetting() throws Exception {
        Path example = Path.of("..", "config", "storyreel.example.yml");
        var documented = ConfigLoader.flatten(new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(example.toFile()), "").keySet();
        assertThat(new ConfigLoader(Map.of()).settings()).hasSizeGreaterThan(40)
                .allSatisfy(key -> assertThat(documented).as("settings in %s", example).contains(key));
    }

    @Test
    void chatPlatformIdentitiesAreCheckedAsTheirLibrariesReadThem() {
        for (var bad : Map.of(
                "telegram.token", "telegram.token: not a Telegram bot token",
                "discord.token", "discord.token: not a Discord bot token",
                "telegram.bot-username", "telegram.bot-username: not a Telegram username",
                "discord.guild-id", "discord.guild-id: not a Discord server id",
                "security.dev-mode-users", "security.dev-mode-users: 'alice' is not PLATFORM:id").entrySet()) {
            String value = bad.getKey().equals("security.dev-mode-users") ? "TELEGRAM:1, alice"
                    : bad.getKey().endsWith("token") ? "client-secret with spaces" : "4 bad";
            assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of(bad.getKey(), value)))
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith(bad.getValue())
                    .message().doesNotContain("client-secret");
        }
        // Discord4J reads the bot's id from the token's first part (base64 digits): an application secret has none
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of("discord.token", "abc.def.ghi")))
                .hasMessageStartingWith("discord.token: not a Discord bot token");
        StoryreelConfig ok = new ConfigLoader(Map.of()).load(null, Map.of("telegram.token", "7000001:AAF_x-y",
                "discord.token", "MTE4MDAwMDAwMDAwMDAwMDAwMQ.ZmFrZQ.storyreel-fake", "telegram.bot-username", "@storyreel_bot",
                "discord.guild-id", "81234567890123456"));
        assertThat(ok.telegram().botUsername()).isEqualTo("storyreel_bot");
        assertThat(ok.discord().guildId()).isEqualTo("81234567890123456");
    }

    @Test
    void pathsThatCannotBeWhatTheyNameAreRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of("data-dir", file.toString())))
                .isInstanceOf(ConfigException.class).hasMessage("data-dir: " + file + " is a file, not a folder");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of("backup.dir", file.toString())))
                .hasMessage("backup.dir: " + file + " is a file, not a folder");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of("telegram.local-files-dir", file.toString())))
                .hasMessage("telegram.local-files-dir: " + file + " is a file, not a folder");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of("security.master-key-file", dir.toString())))
                .hasMessage("security.master-key-file: " + dir + " is a folder, not a file");
    }

    @Test
    void everyInstalledProviderHasItsSectionWithTheDefaultsItDeclares() {
        StoryreelConfig c = new ConfigLoader(Map.of()).load(null, Map.of());
        assertThat(c.providers().byId().keySet()).containsExactly("fal", "google", "kling", "minimax", "runway");
        assertThat(c.providers().get("kling").baseUrl()).isEqualTo("https://api-singapore.klingai.com");
        assertThat(c.providers().get("minimax").requestsPerMinute()).isEqualTo(5);
        assertThat(c.providers().get("minimax").maxConcurrentTasks()).isEqualTo(5);
        assertThat(c.providers().get("runway").baseUrl()).isEqualTo("https://api.dev.runwayml.com");
        assertThat(c.providers().get("runway").requestsPerMinute()).isZero();
        StoryreelConfig fromEnv = new ConfigLoader(Map.of("STORYREEL_RUNWAY_BASE_URL", "http://127.0.0.1:8705"))
                .load(null, Map.of());
        assertThat(fromEnv.providers().get("runway").baseUrl()).isEqualTo("http://127.0.0.1:8705");
        assertThat(c.providers().get("google").baseUrl()).isEqualTo("https://generativelanguage.googleapis.com");
        assertThat(c.providers().get("google").requestsPerMinute()).isEqualTo(10);
    }

    @Test
    void eachProvidersMinimumPollGapComesFromItsDocumentationAndCanBeSet() {
        StoryreelConfig c = new ConfigLoader(Map.of()).load(null, Map.of());
        assertThat(c.providers().get("kling").minPollInterval()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(c.providers().get("minimax").minPollInterval()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(c.providers().get("google").minPollInterval()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(c.providers().get("fal").minPollInterval()).isEqualTo(java.time.Duration.ofSeconds(5));
        StoryreelConfig set = new ConfigLoader(Map.of("STORYREEL_MINIMAX_MIN_POLL_MS", "12000"))
                .load(null, Map.of("kling.min-poll-ms", "7000"));
        assertThat(set.providers().get("minimax").minPollInterval()).isEqualTo(java.time.Duration.ofSeconds(12));
        assertThat(set.providers().get("kling").minPollInterval()).isEqualTo(java.time.Duration.ofSeconds(7));
        // the engine polls each provider's tasks no sooner than its gap
        var engine = io.storyreel.core.generation.EngineSettings.from(set);
        assertThat(engine.pollSchedule("minimax").min()).isEqualTo(java.time.Duration.ofSeconds(12));
        assertThat(engine.pollSchedule("kling").min()).isEqualTo(java.time.Duration.ofSeconds(7));
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of("kling.min-poll-ms", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("kling.min-poll-ms");
    }

    @Test
    void providerSettingsAndChoicesAreCheckedAgainstTheInstalledProviders() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of("providers.default", "luma")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("providers.default: unknown provider 'luma' (fal, google, kling, minimax, runway)");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of("luma.base-url", "http://x")))
                .hasMessage("luma.base-url: unknown setting");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("STORYREEL_DEV_KLING_ACESS_KEY", "AKdev123456"))
                .load(null, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("STORYREEL_DEV_KLING_ACESS_KEY: kling has no key field 'acessKey' (accessKey, secretKey)");
    }

    /** A provider's own settings have its defaults and are set like any other: file, environment, flags. */
    @Test
    void aProvidersOwnSettingsComeWithItsDefaultsAndAreSetLikeAnyOther() throws Exception {
        VideoProviderFactory withSettings = new VideoProviderFactory() {
            @Override
            public String id() {
                return "zeta";
            }

            @Override
            public String displayName() {
                return "Zeta";
            }

            @Override
            public List<CredentialField> credentials() {
                return List.of(CredentialField.named("apiKey"));
            }

            @Override
            public ProviderDefaults defaults() {
                return new ProviderDefaults("https://api.zeta.example", 2, 0,
                        Map.of("webhook-jwks-url", "https://keys.zeta.example/jwks.json", "flavour", "plain"));
            }

            @Override
            public VideoProvider create(ProviderContext context) {
                throw new UnsupportedOperationException();
            }
        };
        StoryreelConfig defaults = new ConfigLoader(Map.of(), List.of(withSettings))
                .load(null, Map.of("providers.default", "zeta"));
        assertThat(defaults.providers().get("zeta").settings())
                .containsExactlyInAnyOrderEntriesOf(Map.of("webhook-jwks-url", "https://keys.zeta.example/jwks.json",
                        "flavour", "plain"));

        Path f = dir.resolve("zeta.yml");
        Files.writeString(f, "providers:\n  default: zeta\nzeta:\n  flavour: spicy\n");
        StoryreelConfig set = new ConfigLoader(Map.of("STORYREEL_ZETA_WEBHOOK_JWKS_URL", "http://127.0.0.1:9/jwks/"),
                List.of(withSettings)).load(f, Map.of());
        assertThat(set.providers().get("zeta").settings()).containsEntry("flavour", "spicy")
                .containsEntry("webhook-jwks-url", "http://127.0.0.1:9/jwks");

        assertThatThrownBy(() -> new ConfigLoader(Map.of(), List.of(withSettings))
                .load(null, Map.of("providers.default", "zeta", "zeta.webhook-jwks-url", "jwks.json")))
                .isInstanceOf(ConfigException.class).hasMessage("zeta.webhook-jwks-url: not an http(s) URL: 'jwks.json'");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), List.of(withSettings))
                .load(null, Map.of("providers.default", "zeta", "zeta.colour", "red")))
                .hasMessage("zeta.colour: unknown setting");
    }

    @Test
    void downloadAndCallbackSettingsHaveSafeDefaultsAndRanges() {
        StoryreelConfig c = new ConfigLoader(Map.of()).load(null, Map.of("kling.base-url", "http://127.0.0.1:7001"));
        assertThat(c.callbacks().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(c.callbacks().secret()).isEmpty();
        assertThat(c.callbacks().headerTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(c.callbacks().pollDebounce()).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(c.downloads().maxClipBytes()).isEqualTo(300L * 1024 * 1024);
        assertThat(c.downloads().timeout()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(c.telegram().maxFileBytes()).isEqualTo(20L * 1024 * 1024);
        assertThat(c.telegram().localFilesDir()).isNull();
        assertThat(c.discord().maxAttachmentBytes()).isEqualTo(25L * 1024 * 1024);
        assertThat(c.downloadPolicy().trusted()).extracting(io.storyreel.core.download.DownloadPolicy.Origin::host)
                .contains("127.0.0.1", "api.minimax.io", "api.telegram.org", "discord.com");

        for (var bad : Map.of(
                "downloads.max-clip-mb", "downloads.max-clip-mb: must be between 1 and 4000, not 0",
                "downloads.timeout-seconds", "downloads.timeout-seconds: must be between 1 and 3600, not 0",
                "telegram.max-file-mb", "telegram.max-file-mb: must be between 1 and 2000, not 0",
                "discord.max-attachment-mb", "discord.max-attachment-mb: must be between 1 and 500, not 0",
                "callbacks.header-timeout-ms", "callbacks.header-timeout-ms: must be between 100 and 60000, not 0")
                .entrySet()) {
            assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of(bad.getKey(), "0")))
                    .isInstanceOf(ConfigException.class).hasMessage(bad.getValue());
        }
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of("callbacks.secret", "short")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("callbacks.secret: 16 to 128");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of("callbacks.bind-address", "a b")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("callbacks.bind-address:");
        StoryreelConfig withSecret = new ConfigLoader(Map.of("STORYREEL_CALLBACKS_SECRET", "0123456789abcdefXYZ"))
                .load(null, Map.of("callbacks.public-url", "https://bot.example.com/hooks/"));
        assertThat(withSecret.callbacks().urlFor("kling"))
                .isEqualTo("https://bot.example.com/hooks/0123456789abcdefXYZ/kling");
        assertThat(withSecret.callbacks().toString()).doesNotContain("0123456789abcdefXYZ");
    }
}
