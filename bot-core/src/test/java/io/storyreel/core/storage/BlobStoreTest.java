package io.storyreel.core.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlobStoreTest {
    @TempDir
    Path dir;

    @Test
    void sameBytesSameIdAndTheFileHoldsThem() throws Exception {
        BlobStore store = BlobStore.files(dir.resolve("blobs"));
        String a = store.put("hello".getBytes(StandardCharsets.UTF_8));
        String b = store.put("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(a).isEqualTo(b).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(Files.readString(store.path(a))).isEqualTo("hello");
        assertThat(store.exists(a)).isTrue();
        assertThat(store.exists("0".repeat(64))).isFalse();
    }

    @Test
    void putFileMovesItInAndLeavesNoTemporaries() throws Exception {
        BlobStore store = BlobStore.files(dir.resolve("blobs"));
        Path f = store.tempFile(".mp4");
        Files.writeString(f, "clip");
        String id = store.putFile(f);
        assertThat(f).doesNotExist();
        assertThat(store.read(id)).isEqualTo("clip".getBytes(StandardCharsets.UTF_8));
        try (var s = Files.list(dir.resolve("blobs").resolve("tmp"))) {
            assertThat(s.count()).isZero();
        }
    }

    @Test
    void deleteKeepsABlobARowStillUsesOrThatWasJustStored() throws Exception {
        BlobStore store = BlobStore.files(dir.resolve("blobs"));
        String shared = store.put("shared".getBytes(StandardCharsets.UTF_8));
        String alone = store.put("alone".getBytes(StandardCharsets.UTF_8));
        String fresh = store.put("fresh".getBytes(StandardCharsets.UTF_8));
        age(store.path(shared), Duration.ofDays(2));
        age(store.path(alone), Duration.ofDays(2));

        assertThat(store.delete(shared, id -> id.equals(shared))).isZero();
        assertThat(store.delete(fresh, id -> false)).isZero();
        assertThat(store.delete(alone, id -> false)).isEqualTo(5);
        assertThat(store.exists(shared)).isTrue();
        assertThat(store.exists(fresh)).isTrue();
        assertThat(store.exists(alone)).isFalse();
        assertThat(store.delete(alone, id -> false)).isZero();
        assertThat(store.delete("../../etc/passwd", id -> false)).isZero();
    }

    @Test
    void storingBytesAgainMakesTheirOldBlobFreshSoAConcurrentSweepKeepsIt() throws Exception {
        BlobStore store = BlobStore.files(dir.resolve("blobs"));
        String id = store.put("photo".getBytes(StandardCharsets.UTF_8));
        age(store.path(id), Duration.ofDays(40));

        store.put("photo".getBytes(StandardCharsets.UTF_8)); // a new scene stores the same photo

        assertThat(store.delete(id, x -> false)).isZero();
        assertThat(store.exists(id)).isTrue();
    }

    @Test
    void sweepTempRemovesOnlyFilesNobodyHasWrittenToForAWhile() throws Exception {
        BlobStore store = BlobStore.files(dir.resolve("blobs"));
        Path crashed = store.tempFile(".mp4");
        Files.writeString(crashed, "half a film");
        age(crashed, Duration.ofHours(3));
        Path download = dir.resolve("blobs/tmp/.download-1.part");
        Files.writeString(download, "half a clip");
        age(download, Duration.ofHours(2));
        Path writing = store.tempFile(".mp4");
        String kept = store.put("a blob".getBytes(StandardCharsets.UTF_8));
        age(store.path(kept), Duration.ofDays(5));

        BlobStore.TempSweep swept = store.sweepTemp(Duration.ofHours(1));

        assertThat(swept).isEqualTo(new BlobStore.TempSweep(2, 22));
        assertThat(crashed).doesNotExist();
        assertThat(download).doesNotExist();
        assertThat(writing).exists();
        assertThat(store.exists(kept)).isTrue();
        assertThat(store.sweepTemp(Duration.ZERO).files()).isEqualTo(1);
        assertThat(store.ids()).containsExactly(kept);
    }

    @Test
    void deleteTempRemovesATemporaryFileAndIsQuietWhenItCannot() throws Exception {
        BlobStore store = BlobStore.files(dir);
        Path tmp = store.tempFile(".mp4");
        Files.writeString(tmp, "half a film");
        BlobStore.deleteTemp(tmp);
        assertThat(tmp).doesNotExist();
        BlobStore.deleteTemp(tmp); // gone already: nothing to do

        Path stuck = Files.createDirectories(tmp.resolveSibling("stuck.d"));
        Files.writeString(stuck.resolve("inside"), "x");
        BlobStore.deleteTemp(stuck); // cannot be removed (not empty): left, no exception
        assertThat(stuck).exists();
    }

    private static void age(Path p, Duration d) throws Exception {
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(d)));
    }

    @Test
    void refusesPathsThatAreNotBlobIds() {
        BlobStore store = BlobStore.files(dir.resolve("blobs"));
        assertThatThrownBy(() -> store.path("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
