package io.storyreel.app.runtime;

import io.storyreel.core.config.ConfigException;
import io.storyreel.core.config.ConfigLoader;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.storage.FileBlobStore;
import io.storyreel.core.storage.S3BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** storage.blobs picks the store; the bucket's credentials come from the environment, both or neither. */
class ConfiguredBlobStoreTest {
    @TempDir
    Path dir;

    @Test
    void filesByDefaultTheBucketWhenAskedAndHalfCredentialsAreRefused() {
        StoryreelConfig files = new ConfigLoader(Map.of()).load(null, Map.of("data-dir", dir.toString()));
        assertThat(ConfiguredBlobStore.open(files, Map.of())).isInstanceOf(FileBlobStore.class);

        Map<String, String> s3 = Map.of("data-dir", dir.toString(), "storage.blobs", "s3",
                "storage.s3.bucket", "storyreel-films", "storage.s3.endpoint", "http://127.0.0.1:9",
                "storage.s3.path-style", "true");
        StoryreelConfig bucket = new ConfigLoader(Map.of()).load(null, s3);
        assertThat(ConfiguredBlobStore.open(bucket, Map.of("STORYREEL_S3_ACCESS_KEY_ID", "AK1234567",
                "STORYREEL_S3_SECRET_ACCESS_KEY", "SK1234567890"))).isInstanceOf(S3BlobStore.class);
        assertThatThrownBy(() -> ConfiguredBlobStore.open(bucket, Map.of("STORYREEL_S3_ACCESS_KEY_ID", "AK1234567")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("set both or neither");
    }
}
