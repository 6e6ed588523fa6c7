package io.storyreel.core.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlobStoreTest {
    @TempDir
    Path dir;

    @Test
    void sameBytesSameIdAndTheFileHoldsThem() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("blobs"));
        String a = store.put("hello".getBytes(StandardCharsets.UTF_8));
        String b = store.put("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(a).isEqualTo(b).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(Files.readString(store.path(a))).isEqualTo("hello");
        assertThat(store.exists(a)).isTrue();
        assertThat(store.exists("0".repeat(64))).isFalse();
    }

    @Test
    void putFileMovesItInAndLeavesNoTemporaries() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("blobs"));
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
    void refusesPathsThatAreNotBlobIds() {
        BlobStore store = new BlobStore(dir.resolve("blobs"));
        assertThatThrownBy(() -> store.path("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
