package io.storyreel.core.backup;

import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.retention.RecurringJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The running bot's own backups ({@code backup.dir}): H2 allows one process per database file, so an online backup
 * of a running bot can only be taken inside it. Each run writes {@code <dir>/storyreel-<UTC time>} without the blobs
 * (their list only: pair it with an rsync of {@code data-dir/blobs}) and then removes the oldest such folders beyond
 * {@code backup.keep}. Only folders with this name and a manifest are ever removed.
 */
public final class ScheduledBackups {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledBackups.class);
    public static final String JOB = "storyreel-backup";
    private static final String PREFIX = "storyreel-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Backup backup;
    private final StoryreelConfig.Backups settings;
    private final Clock clock;

    public ScheduledBackups(Backup backup, StoryreelConfig.Backups settings, Clock clock) {
        this.backup = backup;
        this.settings = settings;
        this.clock = clock;
    }

    public RecurringJob job() {
        return new RecurringJob(JOB, settings.interval(), this::runOnce);
    }

    /** Writes one backup and prunes the old ones; returns the new folder. */
    public Path runOnce() {
        Path out = settings.dir().resolve(PREFIX + STAMP.format(clock.instant()));
        Backup.Result r = backup.write(out, null, false);
        LOG.info("Backup written to {}: database {}, {} keyset file(s), {} blob(s) listed", out,
                r.manifest().database() == null ? "not included (PostgreSQL: pg_dump)" : r.manifest().database(),
                r.manifest().keysets().size(), r.manifest().blobs());
        prune();
        return out;
    }

    private void prune() {
        try (Stream<Path> s = Files.list(settings.dir())) {
            List<Path> ours = s.filter(p -> p.getFileName().toString().startsWith(PREFIX)
                            && Files.isRegularFile(p.resolve(BackupManifest.FILE)))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .toList();
            for (Path old : ours.subList(Math.min(settings.keep(), ours.size()), ours.size())) {
                deleteTree(old);
                LOG.info("Removed the old backup {} (backup.keep is {})", old, settings.keep());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prune old backups in " + settings.dir(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
