package io.storyreel.app.runtime;

import io.storyreel.core.config.ConfigException;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.S3BlobStore;

import java.nio.file.Path;
import java.util.Map;

/**
 * The blob store {@code storage.blobs} names: files under {@code <data-dir>/blobs}, or the configured bucket with its
 * local copies there. The bucket's credentials come from the environment only: {@code STORYREEL_S3_ACCESS_KEY_ID}
 * and {@code STORYREEL_S3_SECRET_ACCESS_KEY} together, or neither (AWS's own chain).
 */
public final class ConfiguredBlobStore {
    private ConfiguredBlobStore() {
    }

    public static BlobStore open(StoryreelConfig config, Map<String, String> env) {
        Path local = config.dataDir().resolve("blobs");
        if (config.storage().s3() == null) {
            return BlobStore.files(local);
        }
        String keyId = env.getOrDefault("STORYREEL_S3_ACCESS_KEY_ID", "");
        String secret = env.getOrDefault("STORYREEL_S3_SECRET_ACCESS_KEY", "");
        if (keyId.isBlank() != secret.isBlank()) {
            throw new ConfigException("STORYREEL_S3_ACCESS_KEY_ID and STORYREEL_S3_SECRET_ACCESS_KEY: set both or neither");
        }
        return S3BlobStore.open(config.storage().s3(), keyId.isBlank() ? null : keyId, secret.isBlank() ? null : secret,
                local);
    }
}
