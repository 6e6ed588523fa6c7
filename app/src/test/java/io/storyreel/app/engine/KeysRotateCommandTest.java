package io.storyreel.app.engine;

import io.storyreel.app.Main;
import io.storyreel.core.keys.MasterKeyset;
import io.storyreel.core.keys.TinkKeyVault;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KeysRotateCommandTest {
    @TempDir
    Path dataDir;

    @Test
    void rotateReencryptsTheStoredKeysUnderTheDataDirsKeyset() throws Exception {
        Path keyset = dataDir.resolve("master-keyset.json");
        String before;
        try (Database db = Database.open(Database.h2Url(dataDir), "", "", 2)) {
            TinkKeyVault v = new TinkKeyVault(db.dataSource(), MasterKeyset.load(keyset, "STORYREEL_MASTER_KEYSET", null),
                    Map.of(), Set.of(), Clock.systemUTC());
            v.store("TELEGRAM:1", "kling", Credentials.of("accessKey", "ak-rotate-test", "secretKey", "sk-rotate-test"));
            before = cipher(db);
        }
        String keysetBefore = Files.readString(keyset);

        int code = Main.execute("keys", "rotate", "--data-dir", dataDir.toString());

        assertThat(code).isZero();
        assertThat(Files.readString(keyset)).isNotEqualTo(keysetBefore);
        try (Database db = Database.open(Database.h2Url(dataDir), "", "", 2)) {
            assertThat(cipher(db)).isNotEqualTo(before);
            TinkKeyVault v = new TinkKeyVault(db.dataSource(), MasterKeyset.load(keyset, "STORYREEL_MASTER_KEYSET", null),
                    Map.of(), Set.of(), Clock.systemUTC());
            assertThat(v.load("TELEGRAM:1", "kling")).get().extracting(c -> c.get("secretKey")).isEqualTo("sk-rotate-test");
        }
    }

    private static String cipher(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT ciphertext FROM credential")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
