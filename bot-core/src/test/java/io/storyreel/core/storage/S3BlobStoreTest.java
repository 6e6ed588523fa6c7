package io.storyreel.core.storage;

import io.storyreel.core.config.ConfigLoader;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.testing.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Blobs in a bucket of a real S3-compatible server (S3Proxy in this JVM), through the configuration the bot reads:
 * content-addressed as on disk, shared between two stores with separate local folders (two machines), checked
 * against their id when fetched, kept while fresh or in use, and refused with one clear line when misconfigured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3BlobStoreTest {
    private S3Server s3;

    @TempDir
    Path dir;

    @BeforeAll
    void startS3() {
        s3 = S3Server.start("storyreel-blobs");
    }

    @AfterAll
    void stopS3() throws Exception {
        s3.close();
    }

    private BlobStore store(Path dataDir, String prefix) {
        Map<String, String> settings = new HashMap<>(s3.settings());
        settings.put("data-dir", dataDir.toString());
        settings.put("storage.s3.prefix", prefix);
        StoryreelConfig config = new ConfigLoader(s3.env()).load(null, settings);
        return S3BlobStore.open(config.storage().s3(), S3Server.ACCESS_KEY, S3Server.SECRET_KEY,
                config.dataDir().resolve("blobs"));
    }

    @Test
    void blobsAreContentAddressedObjectsThatAnotherMachineReads() throws Exception {
        String prefix = "t1-" + UUID.randomUUID() + "/";
        BlobStore chat = store(dir.resolve("chat"), prefix);
        BlobStore worker = store(dir.resolve("worker"), prefix);
        assertThat(chat).isInstanceOf(S3BlobStore.class);

        String a = chat.put("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(a).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(chat.put("hello".getBytes(StandardCharsets.UTF_8))).isEqualTo(a);
        assertThat(s3.keys()).contains(prefix + a);
        assertThat(s3.keys().stream().filter(k -> k.startsWith(prefix))).hasSize(1);

        Path clip = worker.tempFile(".mp4");
        Files.writeString(clip, "clip bytes");
        String c = worker.putFile(clip);
        assertThat(clip).doesNotExist();

        // the other machine has no local copy: it fetches from the bucket
        assertThat(dir.resolve("worker").resolve("blobs").resolve(a.substring(0, 2))).doesNotExist();
        assertThat(Files.readString(worker.path(a))).isEqualTo("hello");
        assertThat(chat.read(c)).isEqualTo("clip bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(chat.exists(c)).isTrue();
        assertThat(chat.exists("0".repeat(64))).isFalse();
        assertThat(worker.ids()).containsExactlyInAnyOrder(a, c);
    }

    @Test
    void anObjectWhoseBytesDoNotMatchItsIdIsRefused() {
        String prefix = "t2-" + UUID.randomUUID() + "/";
        BlobStore store = store(dir.resolve("a"), prefix);
        String forged = "ab".repeat(32);
        s3.client().putObject(PutObjectRequest.builder().bucket(s3.bucket()).key(prefix + forged).build(),
                RequestBody.fromString("not what the id says"));
        assertThatThrownBy(() -> store.path(forged)).hasMessageContaining("holds other bytes");
        assertThat(dir.resolve("a").resolve("blobs").resolve("ab")).doesNotExist();
    }

    @Test
    void deleteKeepsFreshAndUsedBlobsAndRemovesTheRest() throws Exception {
        String prefix = "t3-" + UUID.randomUUID() + "/";
        BlobStore store = store(dir.resolve("d"), prefix);
        String used = store.put("used".getBytes(StandardCharsets.UTF_8));
        String fresh = store.put("fresh".getBytes(StandardCharsets.UTF_8));
        assertThat(store.delete(fresh, id -> false)).as("stored moments ago").isZero();
        assertThat(store.delete(used, id -> true)).isZero();
        // a store whose clock is FRESH later than the bucket's: both are old now
        S3BlobStore later = (S3BlobStore) store;
        assertThat(later.deleteAsOf(fresh, id -> false, java.time.Instant.now().plus(BlobStore.FRESH).plusSeconds(5)))
                .isEqualTo(5);
        assertThat(store.exists(fresh)).isFalse();
        assertThat(s3.keys()).doesNotContain(prefix + fresh).contains(prefix + used);
        assertThat(store.sweepTemp(Duration.ZERO).files()).isZero();
    }

    @Test
    void misconfiguredS3IsOneClearLine() {
        Map<String, String> settings = new HashMap<>(s3.settings());
        settings.put("storage.s3.bucket", "Not_A_Bucket");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, settings))
                .hasMessageStartingWith("storage.s3.bucket: not an S3 bucket name");
        assertThat(new ConfigLoader(Map.of()).load(null, Map.of()).storage().s3()).as("file blobs by default").isNull();
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of("storage.blobs", "ftp")))
                .hasMessage("storage.blobs: must be file or s3, not 'ftp'");
    }
}
