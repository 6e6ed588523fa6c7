package io.storyreel.core.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Free space under the data folder against the configured floor ({@code storage.min-free-mb}). Below the floor no new
 * film may start, so the clips, merges and the embedded database of films already running still have room to finish:
 * H2 closes itself when a write fails, which would stop every chat at once.
 */
public final class StorageHealth {
    private static final Logger LOG = LoggerFactory.getLogger(StorageHealth.class);
    private final LongSupplier freeBytes;
    private final long minFreeBytes;

    public StorageHealth(LongSupplier freeBytes, long minFreeBytes) {
        this.freeBytes = freeBytes;
        this.minFreeBytes = minFreeBytes;
    }

    /** Free space as the file system holding {@code dataDir} reports it to this process. */
    public static StorageHealth of(Path dataDir, long minFreeBytes) {
        return new StorageHealth(() -> {
            try {
                return Files.getFileStore(dataDir).getUsableSpace();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the free space of " + dataDir, e);
            }
        }, minFreeBytes);
    }

    /** No floor: every film may start (a bot wired without a data folder of its own, e.g. in tests). */
    public static StorageHealth noFloor() {
        return new StorageHealth(() -> Long.MAX_VALUE, 0);
    }

    public long freeBytes() {
        return freeBytes.getAsLong();
    }

    /** Empty when a new film may start; otherwise the sentence to show the user. */
    public Optional<String> refusal() {
        if (minFreeBytes <= 0) {
            return Optional.empty();
        }
        long free = freeBytes();
        if (free >= minFreeBytes) {
            return Optional.empty();
        }
        LOG.warn("Refusing a new film: {} MB free under the data folder, storage.min-free-mb is {}",
                free / (1024 * 1024), minFreeBytes / (1024 * 1024));
        return Optional.of("The bot's storage is nearly full, so no new film can start right now. "
                + "Films already being made will finish. Please try again later.");
    }
}
