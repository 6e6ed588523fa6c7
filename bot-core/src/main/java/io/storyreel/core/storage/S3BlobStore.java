package io.storyreel.core.storage;

import io.storyreel.core.logging.SecretRegistry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Blobs as objects {@code <prefix><sha-256>} in an S3-compatible bucket ({@code storage.blobs: s3}), so chat and
 * worker processes on different machines share nothing but the database and the bucket. A blob is hashed locally
 * before it is uploaded (one PUT, atomic: a partial upload is never visible under its id); one already in the bucket
 * is not uploaded again, only its time refreshed (a copy onto itself) so the retention sweep sees it as fresh.
 *
 * <p>What this process works on is kept in a local copy, itself content-addressed ({@link FileBlobStore} under
 * {@code <data>/blobs}): a blob just stored or just read is a local file for the merger and the chat uploads, and a
 * blob fetched from the bucket is checked against its id before it is used. Local copies not touched for a day are
 * dropped by {@link #sweepTemp}; the bucket stays the truth.
 */
public final class S3BlobStore implements BlobStore {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    /** Local copies older than this are dropped by the sweep: the bucket has them. */
    static final Duration LOCAL_COPY_TTL = Duration.ofDays(1);

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final FileBlobStore local;

    public S3BlobStore(S3Client s3, String bucket, String prefix, Path localDir) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
        this.local = new FileBlobStore(localDir);
    }

    /**
     * The store for the bucket {@code at}, with a client on the JDK's HTTP connection; credentials {@code keyId} and
     * {@code secret}, or (both null) AWS's default chain (its environment variables, profile, or the machine's role).
     * Checksums are sent and checked only where S3 requires them, which every S3-compatible service understands.
     */
    public static S3BlobStore open(S3Location settings, String keyId, String secret, Path localDir) {
        AwsCredentialsProvider credentials;
        if (keyId == null || keyId.isBlank()) {
            credentials = DefaultCredentialsProvider.builder().build();
        } else {
            SecretRegistry.register(secret);
            credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret));
        }
        var b = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)).build())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (!settings.endpoint().isBlank()) {
            b.endpointOverride(URI.create(settings.endpoint()));
        }
        return new S3BlobStore(b.build(), settings.bucket(), settings.prefix(), localDir);
    }

    @Override
    public String put(InputStream in) {
        return upload(local.put(in));
    }

    @Override
    public String putFile(Path file) {
        return upload(local.putFile(file));
    }

    private String upload(String id) {
        String key = key(id);
        try {
            if (head(key) != null) {
                // stored again: the sweep deciding right now must see it as fresh
                s3.copyObject(CopyObjectRequest.builder().sourceBucket(bucket).sourceKey(key).destinationBucket(bucket)
                        .destinationKey(key).metadataDirective(MetadataDirective.REPLACE)
                        .metadata(Map.of("stored", Instant.now().toString())).build());
                return id;
            }
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/octet-stream")
                    .build(), RequestBody.fromFile(local.path(id)));
            return id;
        } catch (SdkException e) {
            throw new UncheckedIOException(new IOException("Cannot store blob " + id + " in bucket " + bucket + ": "
                    + e.getMessage(), e));
        }
    }

    @Override
    public Path tempFile(String suffix) {
        return local.tempFile(suffix);
    }

    /** The local copy, fetched from the bucket (and checked against its id) when this process has none. */
    @Override
    public Path path(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Not a blob id: " + id);
        }
        if (local.exists(id)) {
            return local.path(id);
        }
        Path tmp = local.tempFile(".get");
        try {
            MessageDigest sha = FileBlobStore.sha256();
            try (InputStream in = new DigestInputStream(s3.getObject(GetObjectRequest.builder().bucket(bucket)
                    .key(key(id)).build()), sha); OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            String got = HexFormat.of().formatHex(sha.digest());
            if (!got.equals(id)) {
                throw new IOException("blob " + id + " in bucket " + bucket + " holds other bytes (" + got + ")");
            }
            local.moveIntoPlace(tmp, id);
            return local.path(id);
        } catch (NoSuchKeyException e) {
            throw new UncheckedIOException(new IOException("Blob " + id + " is not in bucket " + bucket, e));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot fetch blob " + id + " from bucket " + bucket + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new UncheckedIOException(new IOException("Cannot fetch blob " + id + " from bucket " + bucket + ": "
                    + e.getMessage(), e));
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stray temporary file; the sweep removes it
            }
        }
    }

    @Override
    public boolean exists(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return false;
        }
        try {
            return head(key(id)) != null;
        } catch (SdkException e) {
            throw new UncheckedIOException(new IOException("Cannot ask bucket " + bucket + " for blob " + id, e));
        }
    }

    @Override
    public List<String> ids() {
        List<String> out = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
                .contents()) {
            String id = o.key().substring(prefix.length());
            if (ID.matcher(id).matches()) {
                out.add(id);
            }
        }
        Collections.sort(out);
        return out;
    }

    /** Object times are the bucket's, compared with this machine's wall clock (keep the clocks in sync, as for NTP). */
    @Override
    public long delete(String id, Predicate<String> inUse) {
        return deleteAsOf(id, inUse, Instant.now());
    }

    long deleteAsOf(String id, Predicate<String> inUse, Instant now) {
        if (id == null || !ID.matcher(id).matches()) {
            return 0;
        }
        String key = key(id);
        HeadObjectResponse h = head(key);
        if (h == null) {
            local.evict(id);
            return 0;
        }
        if (h.lastModified().isAfter(now.minus(FRESH)) || inUse.test(id)) {
            return 0;
        }
        s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
        local.evict(id);
        return h.contentLength();
    }

    /** The local temporary files, and local copies not used for {@link #LOCAL_COPY_TTL} (the bucket keeps them). */
    @Override
    public TempSweep sweepTemp(Duration olderThan) {
        TempSweep temp = local.sweepTemp(olderThan);
        Instant cutoff = Instant.now().minus(LOCAL_COPY_TTL);
        for (String id : local.ids()) {
            if (local.olderThan(id, cutoff)) {
                local.evict(id);
            }
        }
        return temp;
    }

    private HeadObjectResponse head(String key) {
        try {
            return s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build());
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private String key(String id) {
        return prefix + id;
    }
}
