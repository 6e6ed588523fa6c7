package io.storyreel.sim.telegram;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the fake Telegram keeps the content of its files: on disk, in a temporary folder of its own made on the first
 * file and removed when the server closes, as the real service keeps them on its servers and not in the bot's memory.
 * A test or a bench that sends large files then measures the bot's heap, not the fake's.
 */
final class FileShelf {
    private Path dir;

    /** The content as stored, and {@link java.util.Arrays#hashCode(byte[])} of it (what file ids are made of). */
    record Shelved(Path file, long size, int contentHash) {
    }

    synchronized Shelved put(byte[] bytes) {
        try {
            Path file = next();
            Files.write(file, bytes);
            return new Shelved(file, bytes.length, java.util.Arrays.hashCode(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("the fake Telegram could not store a file", e);
        }
    }

    /** Copies {@code source} in a stream, never holding it whole. */
    synchronized Shelved put(Path source) {
        try (InputStream in = Files.newInputStream(source)) {
            Path file = next();
            int hash = 1;
            long size = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    for (int i = 0; i < n; i++) {
                        hash = 31 * hash + buffer[i];
                    }
                    out.write(buffer, 0, n);
                    size += n;
                }
            }
            return new Shelved(file, size, hash);
        } catch (IOException e) {
            throw new UncheckedIOException("the fake Telegram could not store " + source.getFileName(), e);
        }
    }

    private Path next() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("storyreel-fake-telegram-");
        }
        return Files.createTempFile(dir, "file-", ".bin");
    }

    synchronized void close() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; the system cleans it up
        }
        dir = null;
    }
}
