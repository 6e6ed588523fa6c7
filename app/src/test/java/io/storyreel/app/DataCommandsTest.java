package io.storyreel.app;

import io.storyreel.core.keys.MasterKeyset;
import io.storyreel.core.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static io.storyreel.app.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to the data commands (and a loose keyset under any command) is one line and exit code 2. */
class DataCommandsTest {
    @TempDir
    Path dir;

    @Test
    void aKeysetOtherAccountsCanReadStopsTheBotAndKeysRotateUnlessAllowed() throws Exception {
        Path data = dir.resolve("data");
        Path keyset = dir.resolve("elsewhere/master-keyset.json");
        try (Database ignored = Database.open(Database.h2Url(data), "", "", 2)) {
            MasterKeyset.load(keyset, "STORYREEL_MASTER_KEYSET", null);
        }
        Files.setPosixFilePermissions(keyset, PosixFilePermissions.fromString("rw-r--r--"));
        Path cfg = dir.resolve("bot.yml");
        Files.writeString(cfg, "telegram:\n  token: \"123:not-a-real-token\"\n  api-url: http://127.0.0.1:9\n");

        run("run", "--config", cfg.toString(), "--data-dir", data.toString(), "--master-key-file", keyset.toString())
                .refused("storyreel: security.master-key-file: " + keyset + " can be read or changed by other accounts (rw-r--r--)");
        run("keys", "rotate", "--data-dir", data.toString(), "--master-key-file", keyset.toString())
                .refused("storyreel: security.master-key-file: " + keyset);
        // a backup only copies the keyset, and its copy is owner-only
        assertThat(run("backup", "--out", dir.resolve("b").toString(), "--data-dir", data.toString(), "--master-key-file",
                keyset.toString()).code()).isZero();
        assertThat(Files.getPosixFilePermissions(dir.resolve("b/keys/master-keyset.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Files.writeString(cfg, "security:\n  allow-loose-keyset-permissions: true\n");
        CommandRun allowed = run("keys", "rotate", "--config", cfg.toString(), "--data-dir", data.toString(),
                "--master-key-file", keyset.toString());
        assertThat(allowed.code()).as(allowed.err()).isZero();
        Files.writeString(cfg, "security:\n  allow-loose-keyset-permissions: perhaps\n");
        run("keys", "rotate", "--config", cfg.toString(), "--data-dir", data.toString())
                .refused("storyreel: security.allow-loose-keyset-permissions: must be true or false, not 'perhaps'");
    }

    @Test
    void backupAndRestoreRefuseBadFoldersInOneLine() throws Exception {
        Path data = dir.resolve("data");
        run("backup", "--out", dir.resolve("b0").toString(), "--data-dir", data.toString())
                .refused("storyreel: backup: there is no database at jdbc:h2:file:" + data.toAbsolutePath().resolve("storyreel"));
        assertThat(data.resolve("storyreel.mv.db")).doesNotExist();

        try (Database ignored = Database.open(Database.h2Url(data), "", "", 2)) {
            MasterKeyset.load(data.resolve("master-keyset.json"), "STORYREEL_MASTER_KEYSET", null);
        }
        Path busy = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(busy.resolve("notes.txt"), "x");
        run("backup", "--out", busy.toString(), "--data-dir", data.toString())
                .refused("storyreel: backup: --out " + busy + " is not empty");
        run("backup", "--data-dir", data.toString()).usage("storyreel: Missing required option: '--out=DIR'");

        CommandRun ok = run("backup", "--out", dir.resolve("b1").toString(), "--data-dir", data.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("Backup written to").contains("database: database.zip").contains("keysets:  1 file(s) in keys");

        run("restore", "--from", data.toString(), "--data-dir", dir.resolve("r").toString())
                .refused("storyreel: restore: " + data + " is not a Storyreel backup (no manifest.json)");
        run("restore", "--from", dir.resolve("b1").toString(), "--data-dir", busy.toString())
                .refused("storyreel: restore: --data-dir " + busy + " is not empty");
        run("restore", "--from", dir.resolve("b1").toString()).usage("storyreel: Missing required option: '--data-dir=NEW'");

        CommandRun restored = run("restore", "--from", dir.resolve("b1").toString(), "--data-dir", dir.resolve("r").toString());
        assertThat(restored.code()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("0 storybook(s), 0 film(s); 0 stored key(s), all decrypt");
    }
}
