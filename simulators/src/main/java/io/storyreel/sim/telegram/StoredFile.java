package io.storyreel.sim.telegram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file the fake world keeps: reachable by {@code file_id} through {@code getFile} and by its path for download. Its
 * content is on disk ({@link FileShelf}); {@link #bytes()} reads it when a test asks for it.
 */
final class StoredFile {
    final String fileId;
    final String uniqueId;
    final String path;
    final Path content;
    final long size;
    int width;
    int height;

    StoredFile(String fileId, String uniqueId, String path, Path content, long size) {
        this.fileId = fileId;
        this.uniqueId = uniqueId;
        this.path = path;
        this.content = content;
        this.size = size;
    }

    byte[] bytes() {
        try {
            return Files.readAllBytes(content);
        } catch (IOException e) {
            throw new UncheckedIOException("the fake Telegram lost file " + path, e);
        }
    }
}
