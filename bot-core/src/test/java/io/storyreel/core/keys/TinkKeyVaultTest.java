package io.storyreel.core.keys;

import io.storyreel.core.provider.Credentials;
import io.storyreel.core.storage.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TinkKeyVaultTest {
    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 4);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private TinkKeyVault vault(MasterKeyset master) {
        return new TinkKeyVault(db.dataSource(), master, Map.of(), Set.of(), Clock.systemUTC());
    }

    @Test
    void storesCiphertextOnlyAndDecryptsForTheSameUserAndProvider() throws Exception {
        TinkKeyVault v = vault(MasterKeyset.inMemory());
        v.store("TELEGRAM:1", "kling", Credentials.of("accessKey", "AKplain-access-1234", "secretKey", "SKplain-secret-5678"));

        assertThat(v.load("TELEGRAM:1", "kling")).get()
                .extracting(c -> c.get("secretKey")).isEqualTo("SKplain-secret-5678");
        assertThat(v.load("TELEGRAM:1", "minimax")).isEmpty();
        assertThat(v.providers("TELEGRAM:1")).containsExactly("kling");
        List<String> cells = allCells();
        assertThat(String.join("\n", cells)).doesNotContain("AKplain-access-1234").doesNotContain("SKplain-secret-5678");
    }

    @Test
    void aCiphertextMovedToAnotherUserOrProviderDoesNotDecrypt() throws Exception {
        TinkKeyVault v = vault(MasterKeyset.inMemory());
        v.store("TELEGRAM:1", "kling", Credentials.of("apiKey", "victim-key-abcdef"));
        v.store("TELEGRAM:2", "kling", Credentials.of("apiKey", "attacker-key-xyz"));
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE credential SET ciphertext = "
                     + "(SELECT ciphertext FROM credential WHERE user_key = 'TELEGRAM:1') WHERE user_key = 'TELEGRAM:2'")) {
            ps.executeUpdate();
            c.createStatement().executeUpdate("INSERT INTO credential (user_key, provider, ciphertext, updated_at) "
                    + "SELECT user_key, 'minimax', ciphertext, updated_at FROM credential WHERE user_key = 'TELEGRAM:1'");
        }
        assertThatThrownBy(() -> v.load("TELEGRAM:2", "kling")).isInstanceOf(KeyVaultException.class)
                .hasMessageNotContaining("victim-key-abcdef");
        assertThatThrownBy(() -> v.load("TELEGRAM:1", "minimax")).isInstanceOf(KeyVaultException.class);
        assertThat(v.load("TELEGRAM:1", "kling")).get().extracting(c -> c.get("apiKey")).isEqualTo("victim-key-abcdef");
    }

    @Test
    void firstStartCreatesAnOwnerOnlyKeysetFileAndLaterStartsReadIt() throws Exception {
        Path file = dir.resolve("data/master-keyset.json");
        MasterKeyset first = MasterKeyset.load(file, "STORYREEL_MASTER_KEYSET", null);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        vault(first).store("DISCORD:9", "minimax", Credentials.of("apiKey", "mm-secret-value-1"));

        MasterKeyset again = MasterKeyset.load(file, "STORYREEL_MASTER_KEYSET", "");
        assertThat(vault(again).load("DISCORD:9", "minimax")).get().extracting(c -> c.get("apiKey")).isEqualTo("mm-secret-value-1");

        MasterKeyset fromEnv = MasterKeyset.load(dir.resolve("unused.json"), "STORYREEL_MASTER_KEYSET", Files.readString(file));
        assertThat(vault(fromEnv).load("DISCORD:9", "minimax")).isPresent();
        assertThat(dir.resolve("unused.json")).doesNotExist();
        assertThatThrownBy(() -> vault(fromEnv).rotate()).hasMessageContaining("STORYREEL_MASTER_KEYSET");
        assertThatThrownBy(() -> MasterKeyset.load(file, "STORYREEL_MASTER_KEYSET", "{not a keyset"))
                .hasMessageContaining("STORYREEL_MASTER_KEYSET").hasMessageNotContaining("{not");
    }

    @Test
    void rotateReencryptsEverythingUnderANewKeyAndDropsTheOldOne() throws Exception {
        Path file = dir.resolve("master-keyset.json");
        String before = null;
        TinkKeyVault v = vault(MasterKeyset.load(file, "STORYREEL_MASTER_KEYSET", null));
        for (int i = 0; i < 3; i++) {
            v.store("TELEGRAM:" + i, "kling", Credentials.of("accessKey", "ak-" + i + "-0000", "secretKey", "sk-" + i + "-0000"));
        }
        before = Files.readString(file);
        List<String> oldCipher = column("ciphertext");
        List<String> oldKeyIds = column("key_id");

        assertThat(v.rotate()).isEqualTo(3);

        assertThat(column("ciphertext")).doesNotContainAnyElementsOf(oldCipher);
        assertThat(column("key_id")).doesNotContainAnyElementsOf(oldKeyIds).containsOnly(column("key_id").get(0));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        // a fresh process with the rotated file reads everything; the old keyset no longer can
        TinkKeyVault fresh = vault(MasterKeyset.load(file, "STORYREEL_MASTER_KEYSET", null));
        for (int i = 0; i < 3; i++) {
            assertThat(fresh.load("TELEGRAM:" + i, "kling")).get().extracting(c -> c.get("secretKey")).isEqualTo("sk-" + i + "-0000");
        }
        TinkKeyVault old = vault(MasterKeyset.load(dir.resolve("x.json"), "ENV", before));
        assertThatThrownBy(() -> old.load("TELEGRAM:0", "kling")).isInstanceOf(KeyVaultException.class);
    }

    @Test
    void aKeyFingerprintNamesTheAccountStablyAndNeverTheKey() throws Exception {
        Path file = dir.resolve("fp-keyset.json");
        TinkKeyVault v = vault(MasterKeyset.load(file, "STORYREEL_MASTER_KEYSET", null));
        Credentials alice = Credentials.of("accessKey", "AKalice-access-1234", "secretKey", "SKalice-secret-5678");
        String fp = v.fingerprint("kling", alice);

        assertThat(fp).matches("[0-9a-f]{32}").doesNotContain("alice");
        assertThat(v.fingerprint("kling", Credentials.of("secretKey", "SKalice-secret-5678", "accessKey", "AKalice-access-1234")))
                .as("the same keys, in any order").isEqualTo(fp);
        assertThat(v.fingerprint("kling", Credentials.of("accessKey", "AKalice-access-1234", "secretKey", "SKother")))
                .isNotEqualTo(fp);
        assertThat(v.fingerprint("minimax", alice)).as("another provider").isNotEqualTo(fp);
        // another process of the same installation, and the same one after the master key was rotated, agree
        assertThat(vault(MasterKeyset.load(file, "STORYREEL_MASTER_KEYSET", null)).fingerprint("kling", alice)).isEqualTo(fp);
        v.store("TELEGRAM:1", "kling", alice);
        v.rotate();
        assertThat(vault(MasterKeyset.load(file, "STORYREEL_MASTER_KEYSET", null)).fingerprint("kling", alice)).isEqualTo(fp);
        // the HMAC key is stored encrypted: another installation (another secret) names the same keys differently
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT ciphertext FROM vault_secret")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isNotBlank();
        }
        Database elsewhere = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2);
        try {
            String there = new TinkKeyVault(elsewhere.dataSource(), MasterKeyset.inMemory(), Map.of(), Set.of(),
                    Clock.systemUTC()).fingerprint("kling", alice);
            assertThat(there).isNotEqualTo(fp);
        } finally {
            elsewhere.close();
        }
    }

    @Test
    void devKeysAreServedOnlyToAllowListedUsersAndOwnKeysWin() {
        TinkKeyVault v = new TinkKeyVault(db.dataSource(), MasterKeyset.inMemory(),
                Map.of("kling", Credentials.of("accessKey", "operator-ak-1", "secretKey", "operator-sk-1")),
                Set.of("TELEGRAM:42"), Clock.systemUTC());
        assertThat(v.load("TELEGRAM:42", "kling")).get().extracting(c -> c.get("accessKey")).isEqualTo("operator-ak-1");
        assertThat(v.providers("TELEGRAM:42")).containsExactly("kling");
        assertThat(v.load("TELEGRAM:43", "kling")).isEmpty();
        assertThat(v.providers("TELEGRAM:43")).isEmpty();
        assertThat(v.load("TELEGRAM:42", "minimax")).isEmpty();

        v.store("TELEGRAM:42", "kling", Credentials.of("accessKey", "own-ak-1", "secretKey", "own-sk-1"));
        assertThat(v.load("TELEGRAM:42", "kling")).get().extracting(c -> c.get("accessKey")).isEqualTo("own-ak-1");
        assertThat(v.forget("TELEGRAM:42", "kling")).isTrue();
        assertThat(v.forget("TELEGRAM:42", "kling")).isFalse();
    }

    private List<String> allCells() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT * FROM credential")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    out.add(String.valueOf(rs.getObject(i)));
                }
            }
        }
        return out;
    }

    private List<String> column(String name) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT " + name + " FROM credential ORDER BY user_key")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
