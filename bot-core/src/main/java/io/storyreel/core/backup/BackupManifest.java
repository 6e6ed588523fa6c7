package io.storyreel.core.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code manifest.json} of a backup folder. {@code database}: the H2 backup's file name, or null for PostgreSQL (taken
 * with pg_dump beside it). {@code keysDir}: where the keyset files were written, relative to the backup folder when
 * inside it. {@code keysets}: their file names, current first. {@code blobsIncluded}: whether {@code blobs/} holds the
 * blobs listed in {@code blobs.txt}, or only the list was written (for an rsync copy).
 */
public record BackupManifest(int format, String createdAt, String vendor, String database, String keysDir,
                             List<String> keysets, boolean keysetFromEnvironment, int blobs, long blobBytes,
                             boolean blobsIncluded) {
    public static final int FORMAT = 1;
    static final String FILE = "manifest.json";
    static final String DATABASE_ZIP = "database.zip";
    static final String BLOB_LIST = "blobs.txt";
    static final String BLOBS = "blobs";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    void write(Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(this));
    }

    static BackupManifest read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new BackupException(dir + " is not a Storyreel backup (no " + FILE + ")");
        }
        try {
            BackupManifest m = JSON.readValue(f.toFile(), BackupManifest.class);
            if (m.format() != FORMAT) {
                throw new BackupException(f + " has format " + m.format() + "; this version reads format " + FORMAT);
            }
            return m;
        } catch (IOException e) {
            throw new BackupException(f + " is damaged (not the JSON a Storyreel backup writes)");
        }
    }
}
