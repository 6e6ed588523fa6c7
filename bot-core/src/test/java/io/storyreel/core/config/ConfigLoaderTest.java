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
        assertThat(c.providers().kling().baseUrl()).isEqualTo("http://127.0.0.1:3333");
        assertThat(c.providers().kling().maxConcurrentTasks()).isEqualTo(3);
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
        assertThat(c.providers().kling().devKeys()).containsEntry("accessKey", "AKdev123456").containsEntry("secretKey", "SKdev123456");
        assertThat(c.providers().kling().toString()).doesNotContain("AKdev123456");
        assertThat(c.security().devModeUsers()).containsExactly("TELEGRAM:1", "TELEGRAM:2");
    }

    @Test
    void theExampleConfigFileLoadsAndNamesOnlyKnownSettings() {
        Path example = Path.of("..", "config", "storyreel.example.yml");
        assertThat(example).exists();
        StoryreelConfig c = new ConfigLoader(Map.of()).load(example, Map.of());
        assertThat(c.limits().maxScenes()).isEqualTo(6);
    }
}
