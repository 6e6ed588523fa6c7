package io.storyreel.core.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keyset, storage, retention and backup settings: defaults, 0 meaning "for ever", and their ranges. */
class DataSettingsTest {
    private static StoryreelConfig load(Map<String, String> env, Map<String, String> flags) {
        return new ConfigLoader(env).load(null, flags);
    }

    @Test
    void defaultsKeepFilesForAWhileRefuseFilmsUnderAGigabyteAndWriteNoBackups() {
        StoryreelConfig c = load(Map.of(), Map.of());
        assertThat(c.retention()).isEqualTo(new StoryreelConfig.Retention(Duration.ofDays(30), Duration.ofDays(30),
                Duration.ofDays(90), Duration.ofMinutes(60)));
        assertThat(c.storage().minFreeBytes()).isEqualTo(1024L * 1024 * 1024);
        assertThat(c.backups().enabled()).isFalse();
        assertThat(c.security().allowLooseKeysetPermissions()).isFalse();
        assertThat(c.security().masterKeyFile()).isEqualTo(Path.of("data").resolve("master-keyset.json"));
    }

    @Test
    void theKeysetCanLiveOutsideTheDataFolderAndZeroDaysKeepsForEver() {
        StoryreelConfig c = load(Map.of("STORYREEL_SECURITY_MASTER_KEY_FILE", "/etc/storyreel/keyset.json",
                        "STORYREEL_SECURITY_ALLOW_LOOSE_KEYSET_PERMISSIONS", "true", "STORYREEL_RETENTION_FILMS_DAYS", "0"),
                Map.of("backup.dir", "/var/backups/storyreel", "retention.photos-days", "0", "storage.min-free-mb", "0"));
        assertThat(c.security().masterKeyFile()).isEqualTo(Path.of("/etc/storyreel/keyset.json"));
        assertThat(c.security().allowLooseKeysetPermissions()).isTrue();
        assertThat(c.retention().photos()).isNull();
        assertThat(c.retention().films()).isNull();
        assertThat(c.retention().clips()).isEqualTo(Duration.ofDays(30));
        assertThat(c.storage().minFreeBytes()).isZero();
        assertThat(c.backups()).isEqualTo(new StoryreelConfig.Backups(Path.of("/var/backups/storyreel"), Duration.ofHours(24), 7));
    }

    @Test
    void outOfRangeValuesNameTheSettingAndItsRange() {
        for (var bad : Map.of(
                "retention.photos-days", "-1 → must be between 0 and 36500, not -1",
                "retention.clips-days", "36501 → must be between 0 and 36500, not 36501",
                "retention.sweep-minutes", "0 → must be between 1 and 10080, not 0",
                "storage.min-free-mb", "1000001 → must be between 0 and 1000000, not 1000001",
                "backup.interval-hours", "721 → must be between 1 and 720, not 721",
                "backup.keep", "0 → must be between 1 and 1000, not 0").entrySet()) {
            String[] v = bad.getValue().split(" → ");
            assertThatThrownBy(() -> load(Map.of(), Map.of(bad.getKey(), v[0])))
                    .isInstanceOf(ConfigException.class).hasMessage(bad.getKey() + ": " + v[1]);
        }
    }
}
