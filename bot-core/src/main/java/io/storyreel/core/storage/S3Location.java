package io.storyreel.core.storage;

/**
 * An S3-compatible bucket for the blobs ({@code storage.s3.*}). {@code endpoint} empty means AWS itself (by
 * {@code region}); any other S3-compatible service (MinIO, Ceph, R2, …) is reached at its endpoint, usually with
 * {@code pathStyle}. Objects are named {@code <prefix><sha-256>}. Credentials are not part of it: they come from the
 * environment only.
 */
public record S3Location(String endpoint, String bucket, String region, boolean pathStyle, String prefix) {
}
