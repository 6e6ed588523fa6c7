package io.storyreel.core.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Content-addressed storage of photos, clips and films: a blob's id is the SHA-256 of its bytes, so storing the same
 * bytes twice is free and a crash never leaves a partial blob under a valid id. Two kinds: {@link FileBlobStore}
 * (files under {@code <data>/blobs}, the default) and {@link S3BlobStore} (objects in an S3-compatible bucket, with a
 * local copy of what this process works on), chosen by {@code storage.blobs} where the app wires the bot. Either way the merger and the chats
 * read a blob as a local file: {@link #path}.
 *
 * <p>Rows that name blobs: {@code scene.image_blob}, {@code clip.blob}, {@code film.blob} and the music blob in
 * {@code storybook.settings_json}; a new column that stores a blob id must be added to the retention sweep's
 * in-use check ({@code io.storyreel.core.retention.BlobUse}).
 */
public interface BlobStore {
    /**
     * A blob stored (or stored again) this recently is never deleted: the row that will name it may not be committed
     * yet. Storing bytes that are already there refreshes their time for the same reason.
     */
    Duration FRESH = Duration.ofMinutes(10);

    /** Files under {@code root} (the default store, and what tests use). */
    static BlobStore files(Path root) {
        return new FileBlobStore(root);
    }

    default String put(byte[] bytes) {
        return put(new ByteArrayInputStream(bytes));
    }

    String put(InputStream in);

    /** Moves a finished file (e.g. a downloaded clip) into the store; the file is consumed. */
    String putFile(Path file);

    /** A fresh temporary local file next to the store's own (moves from it into the store are cheap). */
    Path tempFile(String suffix);

    /**
     * Removes a temporary file (one of {@link #tempFile}, or made beside it), if it is still there; a file that cannot
     * be removed is left: a stray file in the store's tmp does no harm, and the sweep removes it after an hour.
     */
    static void deleteTemp(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // left for the sweep
        }
    }

    /** A local file holding the blob's bytes (for the bucket: fetched into the local copy first). */
    Path path(String id);

    boolean exists(String id);

    /** Every stored blob id, sorted. */
    List<String> ids();

    /** The blob's bytes, from its local file. */
    default byte[] read(String id) {
        try {
            return Files.readAllBytes(path(id));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read blob " + id, e);
        }
    }

    /**
     * Deletes the blob unless {@code inUse} says a row still names it or it was stored within {@link #FRESH}. Returns
     * the bytes freed (0 when kept or already gone).
     */
    long delete(String id, Predicate<String> inUse);

    /**
     * Deletes what writers left among the temporary files (a crash mid-download, mid-merge or mid-store) and has not
     * been written to for {@code olderThan}.
     */
    TempSweep sweepTemp(Duration olderThan);

    /** What {@link #sweepTemp} removed. */
    record TempSweep(int files, long bytes) {
    }
}
