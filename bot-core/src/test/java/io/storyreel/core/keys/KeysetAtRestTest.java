package io.storyreel.core.keys;

import io.storyreel.core.config.ConfigException;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.core.storage.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keyset file on disk: loose permissions refused, rotation keeps the keyset it replaced, crash leftovers go. */
class KeysetAtRestTest {
    @TempDir
    Path dir;
    Database db;
    final SettableClock clock = SettableClock.at("2026-12-14T10:15:30Z");

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private TinkKeyVault vault(MasterKeyset m) {
        return new TinkKeyVault(db.dataSource(), m, Map.of(), Set.of(), clock);
    }

    @Test
    void aKeysetOthersCanReadIsRefusedInOneLineUnlessAllowed() throws Exception {
        Path file = dir.resolve("keys/master-keyset.json");
        MasterKeyset.load(file, "STORYREEL_MASTER_KEYSET", null);
        assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        for (String loose : List.of("rw-r--r--", "rw-r-----", "rw-----w-")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(loose));
            assertThatThrownBy(() -> MasterKeyset.load(file, "STORYREEL_MASTER_KEYSET", null))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("security.master-key-file: " + file)
                    .hasMessageContaining(loose).hasMessageContaining("chmod 600")
                    .hasMessageContaining("security.allow-loose-keyset-permissions")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThat(MasterKeyset.load(file, "STORYREEL_MASTER_KEYSET", null, true)).isNotNull();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(MasterKeyset.load(file, "STORYREEL_MASTER_KEYSET", null)).isNotNull();
        // owner-only modes that are not exactly 0600 are not "loose"
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertThat(MasterKeyset.load(file, "STORYREEL_MASTER_KEYSET", null)).isNotNull();
    }

    @Test
    void rotationKeepsTheReplacedKeysetSoABackupTakenBeforeItStaysReadable() throws Exception {
        Path file = dir.resolve("master-keyset.json");
        TinkKeyVault v = vault(MasterKeyset.load(file, "STORYREEL_MASTER_KEYSET", null));
        v.store("TELEGRAM:7", "kling", Credentials.of("accessKey", "ak-before-rotation", "secretKey", "sk-before-rotation"));
        String keysetBefore = Files.readString(file);
        List<String[]> backupOfTheTable = credentialRows();

        v.rotate();

        Path retired = dir.resolve("master-keyset.json.retired-20261214T101530Z");
        assertThat(retired).exists();
        assertThat(Files.readString(retired)).isEqualTo(keysetBefore);
        assertThat(Files.getPosixFilePermissions(retired)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(MasterKeyset.fileAndRetired(file)).containsExactly(file, retired);

        // the table as it was before the rotation (an older backup) opens with the retired keyset, not the new one
        try (Database old = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2)) {
            try (Connection c = old.dataSource().getConnection()) {
                for (String[] r : backupOfTheTable) {
                    c.createStatement().executeUpdate("INSERT INTO credential (user_key, provider, ciphertext, updated_at) VALUES ('"
                            + r[0] + "', '" + r[1] + "', '" + r[2] + "', 0)");
                }
            }
            TinkKeyVault withRetired = new TinkKeyVault(old.dataSource(), MasterKeyset.load(retired, "X", null), Map.of(), Set.of(), clock);
            assertThat(withRetired.load("TELEGRAM:7", "kling")).get().extracting(c -> c.get("secretKey")).isEqualTo("sk-before-rotation");
            assertThat(withRetired.check().undecryptable()).isEmpty();
            TinkKeyVault withCurrent = new TinkKeyVault(old.dataSource(), MasterKeyset.load(file, "X", null), Map.of(), Set.of(), clock);
            assertThat(withCurrent.check()).isEqualTo(new TinkKeyVault.Check(1, List.of("TELEGRAM:7/kling")));
        }
    }

    @Test
    void aKeysetTemporaryLeftByACrashIsRemovedAtTheNextLoad() throws Exception {
        Path file = dir.resolve("master-keyset.json");
        MasterKeyset.load(file, "STORYREEL_MASTER_KEYSET", null);
        Path stale = Files.writeString(dir.resolve(".keyset-123.tmp"), "half a keyset");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path writing = Files.writeString(dir.resolve(".keyset-456.tmp"), "being written now");

        MasterKeyset.load(file, "STORYREEL_MASTER_KEYSET", null);

        assertThat(stale).doesNotExist();
        assertThat(writing).exists();
    }

    private List<String[]> credentialRows() throws Exception {
        List<String[]> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT user_key, provider, ciphertext FROM credential")) {
            while (rs.next()) {
                out.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        return out;
    }
}
