package io.storyreel.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Content-addressed files under {@code <data>/blobs}: the id is the SHA-256 of the bytes, stored at
 * {@code blobs/ab/cdef…}. Writes go to a temporary file first and are moved into place, so a crash never leaves a
 * partial blob under a valid id. Storing the same bytes twice is free.
 */
public final class BlobStore {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private final Path root;
    private final Path tmp;

    public BlobStore(Path root) {
        this.root = root;
        this.tmp = root.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create blob folder " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    public String put(byte[] bytes) {
        return put(new java.io.ByteArrayInputStream(bytes));
    }

    public String put(InputStream in) {
        try {
            Path t = Files.createTempFile(tmp, "in-", ".part");
            MessageDigest sha = sha256();
            try (DigestInputStream din = new DigestInputStream(in, sha)) {
                Files.copy(din, t, StandardCopyOption.REPLACE_EXISTING);
            }
            return moveIntoPlace(t, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store a blob", e);
        }
    }

    /** Moves a finished file (e.g. a downloaded clip) into the store; the file is consumed. */
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
    public Path tempFile(String suffix) {
        try {
            return Files.createTempFile(tmp, "w-", suffix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Not a blob id: " + id);
        }
        return root.resolve(id.substring(0, 2)).resolve(id.substring(2));
    }

    public boolean exists(String id) {
        return id != null && ID.matcher(id).matches() && Files.isRegularFile(path(id));
    }

    public byte[] read(String id) {
        try {
            return Files.readAllBytes(path(id));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read blob " + id, e);
        }
    }

    private String moveIntoPlace(Path t, String id) throws IOException {
        Path target = path(id);
        if (Files.exists(target)) {
            Files.deleteIfExists(t);
            return id;
        }
        Files.createDirectories(target.getParent());
        try {
            Files.move(t, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(t, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return id;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
