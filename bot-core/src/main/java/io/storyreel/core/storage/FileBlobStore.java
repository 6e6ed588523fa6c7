package io.storyreel.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The blob store on the local file system ({@code storage.blobs: file}, the default). Content-addressed files under
 * {@code <data>/blobs}: the id is the SHA-256 of the bytes, stored at
 * {@code blobs/ab/cdef…}. Writes go to a temporary file first and are moved into place, so a crash never leaves a
 * partial blob under a valid id. Storing the same bytes twice is free, which also means one blob can belong to
 * several rows (a photo copied into a new storybook): {@link #delete} asks whether anything still uses it.
 * Folders are created owner-only (0700) and every blob is 0600.
 *
 * <p>Rows that name blobs: {@code scene.image_blob}, {@code clip.blob}, {@code film.blob} and the music blob in
 * {@code storybook.settings_json}; a new column that stores a blob id must be added to the retention sweep's
 * in-use check ({@code io.storyreel.core.retention.BlobUse}).
 */
public final class FileBlobStore implements BlobStore {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private final Path root;
    private final Path tmp;

    /** {@link #moveIntoPlace} touches an existing blob's file time, so it counts as {@link #FRESH} again. */
    public FileBlobStore(Path root) {
        this.root = root;
        this.tmp = root.resolve("tmp");
        DataDir.createPrivateDirectories(tmp);
    }

    public Path root() {
        return root;
    }

    @Override
    public String put(InputStream in) {
        try {
            Path t = Files.createTempFile(tmp, "in-", ".part");
            MessageDigest sha = sha256();
            // written into the owner-only temporary file itself: Files.copy(…, REPLACE_EXISTING) would recreate it
            // with the umask's permissions
            try (DigestInputStream din = new DigestInputStream(in, sha); OutputStream out = Files.newOutputStream(t)) {
                din.transferTo(out);
            }
            return moveIntoPlace(t, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store a blob", e);
        }
    }

    /** Moves a finished file (e.g. a downloaded clip) into the store; the file is consumed. */
    @Override
    public String putFile(Path file) {
        try {
            MessageDigest sha = sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            Path t = Files.createTempFile(tmp, "mv-", ".part");
            Files.move(file, t, StandardCopyOption.REPLACE_EXISTING);
            return moveIntoPlace(t, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store a blob from " + file.getFileName(), e);
        }
    }

    /** A fresh temporary path inside the store's folder (same file system, so moves are atomic). */
    @Override
    public Path tempFile(String suffix) {
        try {
            return Files.createTempFile(tmp, "w-", suffix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Path path(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Not a blob id: " + id);
        }
        return root.resolve(id.substring(0, 2)).resolve(id.substring(2));
    }

    @Override
    public boolean exists(String id) {
        return id != null && ID.matcher(id).matches() && Files.isRegularFile(path(id));
    }

    /** Every stored blob id (the temporary files are not blobs), sorted. */
    @Override
    public java.util.List<String> ids() {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String prefix = d.getFileName().toString();
                if (prefix.length() != 2 || !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(d)) {
                    files.map(f -> prefix + f.getFileName()).filter(id -> ID.matcher(id).matches()).forEach(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the blobs in " + root, e);
        }
        java.util.Collections.sort(out);
        return out;
    }

    /**
     * Deletes the blob unless {@code inUse} says a row still names it or its file was written within {@link #FRESH}.
     * Returns the bytes freed (0 when kept or already gone). File times are wall-clock times, so this compares them
     * with the wall clock, whatever clock the caller's rows use.
     */
    @Override
    public long delete(String id, Predicate<String> inUse) {
        Instant now = Instant.now();
        if (id == null || !ID.matcher(id).matches()) {
            return 0;
        }
        Path p = path(id);
        try {
            if (!Files.isRegularFile(p)) {
                return 0;
            }
            if (Files.getLastModifiedTime(p).toInstant().isAfter(now.minus(FRESH)) || inUse.test(id)) {
                return 0;
            }
            long size = Files.size(p);
            return Files.deleteIfExists(p) ? size : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete blob " + id, e);
        }
    }

    /**
     * Deletes what writers left in {@code blobs/tmp} (a crash mid-download, mid-merge or mid-store) and has not been
     * written to for {@code olderThan} (wall clock). Files still being written are younger than that and stay.
     */
    @Override
    public TempSweep sweepTemp(Duration olderThan) {
        int files = 0;
        long bytes = 0;
        Instant cutoff = Instant.now().minus(olderThan);
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            && !Files.getLastModifiedTime(p).toInstant().isAfter(cutoff)) {
                        long size = Files.size(p);
                        if (Files.deleteIfExists(p)) {
                            files++;
                            bytes += size;
                        }
                    }
                } catch (NoSuchFileException finishedMeanwhile) {
                    // its writer moved it into place while we looked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean " + tmp, e);
        }
        return new TempSweep(files, bytes);
    }

    /** Removes a blob's file at once, whatever its age (a cache copy of a blob that is gone elsewhere). */
    void evict(String id) {
        try {
            Files.deleteIfExists(path(id));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete blob " + id, e);
        }
    }

    /** Whether the blob's file was last written before {@code cutoff} (false when there is none). */
    boolean olderThan(String id, Instant cutoff) {
        try {
            return Files.getLastModifiedTime(path(id)).toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false;
        }
    }

    String moveIntoPlace(Path t, String id) throws IOException {
        Path target = path(id);
        if (Files.exists(target)) {
            Files.deleteIfExists(t);
            try {
                // stored again: a sweep deciding right now must see it as fresh
                Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
            } catch (IOException cannotTouch) {
                // the bytes are stored; only the sweep's grace period is lost for this blob
            }
            return id;
        }
        DataDir.createPrivateDirectories(target.getParent());
        DataDir.ownerOnly(t);
        try {
            Files.move(t, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(t, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return id;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
