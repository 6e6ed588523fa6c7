package io.storyreel.core.testing;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A real S3-compatible server in the test's JVM: S3Proxy on its in-memory backend, on a free port of 127.0.0.1, with
 * AWS signature checking and one bucket. {@link #env()} and {@link #settings()} point a bot (a child process or one in
 * this JVM) at it; {@link #client()} lets a test look into the bucket.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "AKIASTORYREELTESTS01";
    public static final String SECRET_KEY = "storyreel-s3-test-secret-0123456789";
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final String bucket;
    private final S3Client client;

    private S3Server(String bucket) throws Exception {
        this.bucket = bucket;
        proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        for (int i = 0; i < 100 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(50);
        }
        client = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(REGION))
                .endpointOverride(URI.create(endpoint())).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
        client.createBucket(CreateBucketRequest.builder().bucket(bucket).build());
    }

    public static S3Server start(String bucket) {
        try {
            return new S3Server(bucket);
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public String bucket() {
        return bucket;
    }

    public S3Client client() {
        return client;
    }

    /** The environment of a bot process that keeps its blobs here. */
    public Map<String, String> env() {
        return Map.of("STORYREEL_STORAGE_BLOBS", "s3", "STORYREEL_STORAGE_S3_ENDPOINT", endpoint(),
                "STORYREEL_STORAGE_S3_BUCKET", bucket, "STORYREEL_STORAGE_S3_REGION", REGION,
                "STORYREEL_STORAGE_S3_PATH_STYLE", "true", "STORYREEL_S3_ACCESS_KEY_ID", ACCESS_KEY,
                "STORYREEL_S3_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    /** The settings (dotted keys) of a bot in this JVM that keeps its blobs here; credentials still come from env(). */
    public Map<String, String> settings() {
        return Map.of("storage.blobs", "s3", "storage.s3.endpoint", endpoint(), "storage.s3.bucket", bucket,
                "storage.s3.region", REGION, "storage.s3.path-style", "true");
    }

    /** Every object key in the bucket. */
    public List<String> keys() {
        return client.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).build()).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
    }
}
