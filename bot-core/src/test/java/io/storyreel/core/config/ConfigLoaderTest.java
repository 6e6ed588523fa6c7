package io.storyreel.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(c.discord().uploadLimitBytes()).isEqualTo(10L * 1024 * 1024);
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
    void devKeysComeOnlyFromTheEnvironmentAndAreHiddenInToString() {
        StoryreelConfig c = new ConfigLoader(Map.of("STORYREEL_DEV_KLING_ACCESS_KEY", "AKdev123456",
                "STORYREEL_DEV_KLING_SECRET_KEY", "SKdev123456", "STORYREEL_SECURITY_DEV_MODE_USERS", "TELEGRAM:1, TELEGRAM:2"))
                .load(null, Map.of());
        assertThat(c.providers().get("kling").devKeys()).containsEntry("accessKey", "AKdev123456").containsEntry("secretKey", "SKdev123456");
        assertThat(c.providers().get("kling").toString()).doesNotContain("AKdev123456");
        assertThat(c.security().devModeUsers()).containsExactly("TELEGRAM:1", "TELEGRAM:2");
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
        assertThat(c.providers().byId().keySet()).containsExactly("kling", "minimax");
        assertThat(c.providers().get("kling").baseUrl()).isEqualTo("https://api-singapore.klingai.com");
        assertThat(c.providers().get("minimax").requestsPerMinute()).isEqualTo(5);
        assertThat(c.providers().get("minimax").maxConcurrentTasks()).isEqualTo(5);
    }

    @Test
    void providerSettingsAndChoicesAreCheckedAgainstTheInstalledProviders() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of("providers.default", "luma")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("providers.default: unknown provider 'luma' (kling, minimax)");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of("luma.base-url", "http://x")))
                .hasMessage("luma.base-url: unknown setting");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("STORYREEL_DEV_KLING_ACESS_KEY", "AKdev123456"))
                .load(null, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("STORYREEL_DEV_KLING_ACESS_KEY: kling has no key field 'acessKey' (accessKey, secretKey)");
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
