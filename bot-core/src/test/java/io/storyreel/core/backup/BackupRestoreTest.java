package io.storyreel.core.backup;

import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.keys.MasterKeyset;
import io.storyreel.core.keys.TinkKeyVault;
import io.storyreel.core.provider.Credentials;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.DataDir;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.Jdbc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A backup of a real H2 data folder restored into a fresh one: keys decrypt, rows and blobs are the same. */
class BackupRestoreTest {
    @TempDir
    Path tmp;
    final SettableClock clock = SettableClock.at("2026-12-14T10:00:00Z");

    private record Installation(Path data, Path keyset, String photo, String film) {
        Installation withBlobs(String photo, String film) {
            return new Installation(data, keyset, photo, film);
        }
    }

    /** A data folder with one user's keys, one finished storybook with a photo and a film, and its keyset outside. */
    private Installation install() throws Exception {
        Path data = tmp.resolve("data");
        Path keyset = tmp.resolve("etc/master-keyset.json");
        DataDir.createPrivateDirectories(data);
        try (Database db = Database.open(Database.h2Url(data), "", "", 2)) {
            TinkKeyVault vault = new TinkKeyVault(db.dataSource(), MasterKeyset.load(keyset, "STORYREEL_MASTER_KEYSET", null),
                    Map.of(), Set.of(), clock);
            vault.store("TELEGRAM:42", "kling", Credentials.of("accessKey", "ak-backed-up", "secretKey", "sk-backed-up"));
            vault.rotate(); // leaves a retired keyset next to the current one
            vault.store("TELEGRAM:43", "minimax", Credentials.of("apiKey", "mm-backed-up"));
            BlobStore blobs = BlobStore.files(data.resolve("blobs"));
            String photo = blobs.put("a photo".getBytes());
            String film = blobs.put("a film".getBytes());
            Jdbc sql = new Jdbc(db.dataSource());
            sql.update("INSERT INTO storybook (id, chat_key, platform, chat_id, chat_kind, title, state, owner_key, created_at, updated_at) "
                    + "VALUES ('sb-1', 'TELEGRAM:42', 'TELEGRAM', '42', 'PRIVATE', 'Fox in the snow', 'DONE', 'TELEGRAM:42', 1, 2)");
            sql.update("INSERT INTO scene (id, storybook_id, position, image_blob, image_mime, width, height, prompt, contributor_key, created_at) "
                    + "VALUES ('s-1', 'sb-1', 1, ?, 'image/jpeg', 640, 480, 'a fox jumps', 'TELEGRAM:42', 1)", photo);
            sql.update("INSERT INTO film (id, storybook_id, blob, bytes, duration_ms, clips, caption, created_at) "
                    + "VALUES ('f-1', 'sb-1', ?, 6, 5000, 1, 'Fox in the snow', 3)", film);
        }
        return new Installation(data, keyset, null, null).withBlobs(photo(data), film(data));
    }

    @Test
    void backupThenRestoreIntoAFreshDataFolderKeepsKeysHistoryAndBlobs() throws Exception {
        Installation inst = install();
        Path out = tmp.resolve("backups/b1");

        Backup.Result written = backup(inst, out, null, true);

        BackupManifest m = written.manifest();
        assertThat(m.database()).isEqualTo("database.zip");
        assertThat(m.keysets()).hasSize(2).first().isEqualTo("master-keyset.json");
        assertThat(m.keysets().get(1)).startsWith("master-keyset.json.retired-2026");
        assertThat(m.blobs()).isEqualTo(2);
        assertThat(m.keysDir()).isEqualTo("keys");
        assertThat(Files.readAllLines(out.resolve("blobs.txt"))).containsExactlyInAnyOrder(inst.photo() + " 7", inst.film() + " 6");
        assertOwnerOnly(out);

        Path restored = tmp.resolve("restored/data");
        Restore.Result r = new Restore(Map.of(), clock).run(out, restored, null, null, null);

        assertThat(r.keys()).isEqualTo(new TinkKeyVault.Check(2, List.of()));
        assertThat(r.storybooks()).isEqualTo(1);
        assertThat(r.films()).isEqualTo(1);
        assertThat(r.blobs()).isEqualTo(2);
        assertThat(r.keyset()).isEqualTo(restored.resolve("master-keyset.json"));
        assertThat(restored.resolve("master-keyset.json")).hasSameTextualContentAs(inst.keyset());
        try (Stream<Path> s = Files.list(restored)) {
            assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("master-keyset.json.retired-"));
        }
        assertOwnerOnly(restored);
        try (Database db = Database.open(Database.h2Url(restored), "", "", 2)) {
            TinkKeyVault vault = new TinkKeyVault(db.dataSource(), MasterKeyset.load(r.keyset(), "STORYREEL_MASTER_KEYSET", null),
                    Map.of(), Set.of(), Clock.systemUTC());
            assertThat(vault.load("TELEGRAM:42", "kling")).get().extracting(c -> c.get("secretKey")).isEqualTo("sk-backed-up");
            assertThat(vault.load("TELEGRAM:43", "minimax")).get().extracting(c -> c.get("apiKey")).isEqualTo("mm-backed-up");
            Jdbc sql = new Jdbc(db.dataSource());
            assertThat(sql.one("SELECT s.title || '|' || s.state || '|' || f.caption || '|' || f.blob || '|' || sc.prompt "
                    + "FROM storybook s JOIN film f ON f.storybook_id = s.id JOIN scene sc ON sc.storybook_id = s.id", rs -> rs.getString(1)))
                    .contains("Fox in the snow|DONE|Fox in the snow|" + inst.film() + "|a fox jumps");
        }
        BlobStore blobs = BlobStore.files(restored.resolve("blobs"));
        assertThat(blobs.read(inst.photo())).isEqualTo("a photo".getBytes());
        assertThat(blobs.read(inst.film())).isEqualTo("a film".getBytes());
    }

    @Test
    void aBackupWithoutBlobsRestoresFromAnRsyncCopyAndKeysKeptApart() throws Exception {
        Installation inst = install();
        Path out = tmp.resolve("b2");
        Path keys = tmp.resolve("vault/keys-b2");
        backup(inst, out, keys, false);
        assertThat(out.resolve("blobs")).doesNotExist();
        assertThat(out.resolve("keys")).doesNotExist();
        assertThat(keys.resolve("master-keyset.json")).exists();

        assertThat(BackupManifest.read(out).keysDir()).isEqualTo(keys.toAbsolutePath().normalize().toString());
        // the manifest names where the keysets went; moved from there, the restore cannot work and says so before
        // writing anything, and they are given with --keys-from
        Path target = tmp.resolve("r2");
        Path moved = Files.move(keys, tmp.resolve("moved-keys"));
        assertThatThrownBy(() -> new Restore(Map.of(), clock).run(out, target, null, null, tmp.resolve("data/blobs")))
                .isInstanceOf(BackupException.class).hasMessageContaining("--keys-from");
        assertThat(target).doesNotExist();

        Path elsewhere = tmp.resolve("etc2/master-keyset.json");
        Restore.Result r = new Restore(Map.of(), clock).run(out, target, elsewhere, moved, tmp.resolve("data/blobs"));

        assertThat(r.keys().undecryptable()).isEmpty();
        assertThat(r.blobs()).isEqualTo(2);
        assertThat(elsewhere).exists();
        assertThat(target.resolve("master-keyset.json")).doesNotExist();

        // without blobs and without an rsync copy, the database and keys are restored and the blobs reported
        Restore.Result noBlobs = new Restore(Map.of(), clock).run(out, tmp.resolve("r3"), null, moved, null);
        assertThat(noBlobs.blobs()).isZero();
        assertThat(noBlobs.blobsLeftOut()).isEqualTo(2);
    }

    @Test
    void badInputIsRefusedInOneLineBeforeAnythingIsWritten() throws Exception {
        Installation inst = install();
        Path out = tmp.resolve("b");
        backup(inst, out, null, true);

        Path notEmpty = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(notEmpty.resolve("x"), "x");
        assertRefused(() -> new Restore(Map.of(), clock).run(out, notEmpty, null, null, null), "--data-dir " + notEmpty + " is not empty");
        assertRefused(() -> backup(inst, notEmpty, null, true), "--out " + notEmpty + " is not empty");
        assertRefused(() -> new Restore(Map.of(), clock).run(tmp.resolve("data"), tmp.resolve("n1"), null, null, null),
                "is not a Storyreel backup");

        // a blob whose bytes no longer match its name
        Path damaged = tmp.resolve("damaged");
        copyTree(out, damaged);
        Path photo = damaged.resolve("blobs").resolve(inst.photo().substring(0, 2)).resolve(inst.photo().substring(2));
        Files.writeString(photo, "tampered");
        assertRefused(() -> new Restore(Map.of(), clock).run(damaged, tmp.resolve("n2"), null, null, null), "is damaged");

        // a keyset that is not the one the database was written with
        Path wrongKeys = tmp.resolve("wrong");
        copyTree(out, wrongKeys);
        Files.delete(wrongKeys.resolve("keys/master-keyset.json"));
        MasterKeyset.load(wrongKeys.resolve("keys/master-keyset.json"), "X", null);
        assertRefused(() -> new Restore(Map.of(), clock).run(wrongKeys, tmp.resolve("n3"), null, null, null),
                "2 of 2 stored key(s) do not decrypt");

        Files.writeString(out.resolve("manifest.json"), "{\"format\": 99}");
        assertRefused(() -> new Restore(Map.of(), clock).run(out, tmp.resolve("n4"), null, null, null), "format 99");
    }

    @Test
    void scheduledBackupsWriteTimestampedFoldersAndKeepTheNewest() throws Exception {
        Installation inst = install();
        Path dir = tmp.resolve("auto");
        Files.createDirectories(dir.resolve("storyreel-not-a-backup"));
        try (Database db = Database.open(Database.h2Url(inst.data()), "", "", 2)) {
            Backup backup = new Backup(db, BlobStore.files(inst.data().resolve("blobs")), security(inst), Map.of(), clock);
            ScheduledBackups auto = new ScheduledBackups(backup, new StoryreelConfig.Backups(dir, Duration.ofHours(1), 2), clock);
            Path first = auto.runOnce();
            clock.advance(Duration.ofHours(1));
            auto.runOnce();
            clock.advance(Duration.ofHours(1));
            Path third = auto.runOnce();

            assertThat(first.getFileName().toString()).isEqualTo("storyreel-20261214T100000Z");
            assertThat(third.getFileName().toString()).isEqualTo("storyreel-20261214T120000Z");
            try (Stream<Path> s = Files.list(dir)) {
                assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                        "storyreel-20261214T110000Z", "storyreel-20261214T120000Z", "storyreel-not-a-backup");
            }
            assertThat(new Restore(Map.of(), clock).run(third, tmp.resolve("from-auto"), null, null, inst.data().resolve("blobs"))
                    .keys().undecryptable()).isEmpty();
        }
    }

    // ——— helpers ———

    private Backup.Result backup(Installation inst, Path out, Path keysOut, boolean withBlobs) {
        try (Database db = Database.open(Database.h2Url(inst.data()), "", "", 2)) {
            return new Backup(db, BlobStore.files(inst.data().resolve("blobs")), security(inst), Map.of(), clock)
                    .write(out, keysOut, withBlobs);
        }
    }

    private static StoryreelConfig.Security security(Installation inst) {
        return new StoryreelConfig.Security(inst.keyset(), "STORYREEL_MASTER_KEYSET", List.of(), false);
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String fragment) {
        assertThatThrownBy(call).isInstanceOf(BackupException.class).hasMessageContaining(fragment)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static void assertOwnerOnly(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
                        .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    private static String photo(Path data) {
        return blob(data, "SELECT image_blob FROM scene");
    }

    private static String film(Path data) {
        return blob(data, "SELECT blob FROM film");
    }

    private static String blob(Path data, String q) {
        try (Database db = Database.open(Database.h2Url(data), "", "", 2)) {
            return new Jdbc(db.dataSource()).one(q, rs -> rs.getString(1)).orElseThrow();
        }
    }
}
