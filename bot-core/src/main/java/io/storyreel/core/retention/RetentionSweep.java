package io.storyreel.core.retention;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Deletes the photos, clips and films of storybooks that finished (done, cancelled or failed) longer ago than their
 * retention, and what crashed writers left in {@code blobs/tmp}. The storybook, scene, clip and film rows stay, so
 * {@code /history} and the accounts keep working; each row whose file went is stamped ({@code image_deleted_at},
 * {@code blob_deleted_at}). A blob is deleted only when no live row still names it ({@link BlobUse}): anything an open
 * storybook or a younger finished one uses stays.
 *
 * <p>Each batch stamps its rows and deletes their files in one transaction, files first and commit last: a crash in
 * between leaves rows unstamped whose files are gone, which the next sweep stamps again (deleting a missing file is a
 * no-op), never a stamped row whose file stays for ever.
 */
public final class RetentionSweep {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String JOB = "storyreel-retention";
    /** Temporary files untouched this long belong to no live writer (downloads and merges finish well within it). */
    public static final Duration TEMP_MAX_AGE = Duration.ofHours(1);
    private static final String FINISHED = "('DONE', 'CANCELLED', 'FAILED')";
    private static final int BATCH = 200;

    private final Jdbc sql;
    private final BlobStore blobs;
    private final StoryreelConfig.Retention policy;
    private final Clock clock;

    public RetentionSweep(Database db, BlobStore blobs, StoryreelConfig.Retention policy, Clock clock) {
        this.sql = new Jdbc(db.dataSource());
        this.blobs = blobs;
        this.policy = policy;
        this.clock = clock;
    }

    /** What one sweep did: rows stamped per kind, blob files deleted, bytes freed, temporary files removed. */
    public record Report(int photos, int clips, int films, int blobsDeleted, long bytesFreed, int tempFiles) {
    }

    /** The sweep as a job for a {@link MaintenanceScheduler}, every {@code retention.sweep-minutes}. */
    public RecurringJob job() {
        return new RecurringJob(JOB, policy.sweepInterval(), this::sweep);
    }

    public Report sweep() {
        Instant now = clock.instant();
        Counter photos = kind(Kind.PHOTO, policy.photos(), now);
        Counter clips = kind(Kind.CLIP, policy.clips(), now);
        Counter films = kind(Kind.FILM, policy.films(), now);
        BlobStore.TempSweep temp = blobs.sweepTemp(TEMP_MAX_AGE);
        Report r = new Report(photos.rows, clips.rows, films.rows, photos.blobs + clips.blobs + films.blobs,
                photos.bytes + clips.bytes + films.bytes + temp.bytes(), temp.files());
        if (r.photos() + r.clips() + r.films() + r.tempFiles() > 0) {
            LOG.info("Retention sweep: files of {} photo(s), {} clip(s), {} film(s) past their retention; {} blob(s) "
                            + "deleted, {} temporary file(s) removed, {} MB freed", r.photos(), r.clips(), r.films(),
                    r.blobsDeleted(), r.tempFiles(), r.bytesFreed() / (1024 * 1024));
        }
        return r;
    }

    /** One kind of file: the rows that name it, the column with the blob id, the column the sweep stamps. */
    private enum Kind {
        PHOTO("scene", "image_blob", "image_deleted_at"),
        CLIP("clip", "blob", "blob_deleted_at"),
        FILM("film", "blob", "blob_deleted_at");

        final String table;
        final String blob;
        final String stamp;

        Kind(String table, String blob, String stamp) {
            this.table = table;
            this.blob = blob;
            this.stamp = stamp;
        }
    }

    private static final class Counter {
        int selected;
        int rows;
        int blobs;
        long bytes;
    }

    private Counter kind(Kind k, Duration keep, Instant now) {
        Counter total = new Counter();
        if (keep == null) {
            return total;
        }
        long cutoff = now.minus(keep).toEpochMilli();
        String due = "SELECT t.id, t." + k.blob + " FROM " + k.table + " t JOIN storybook b ON b.id = t.storybook_id "
                + "WHERE b.state IN " + FINISHED + " AND b.updated_at < ? AND t." + k.stamp + " IS NULL "
                + "AND t." + k.blob + " IS NOT NULL ORDER BY t.id";
        while (true) {
            Counter batch = sql.inTransaction(c -> batch(c, k, due, cutoff, now));
            total.rows += batch.rows;
            total.blobs += batch.blobs;
            total.bytes += batch.bytes;
            if (batch.selected < BATCH) {
                return total;
            }
        }
    }

    private Counter batch(Connection c, Kind k, String due, long cutoff, Instant now) throws SQLException {
        List<String[]> rows = Jdbc.query(c, due + " LIMIT " + BATCH, rs -> new String[]{rs.getString(1), rs.getString(2)}, cutoff);
        Counter out = new Counter();
        out.selected = rows.size();
        if (rows.isEmpty()) {
            return out;
        }
        List<Object> args = new ArrayList<>();
        args.add(now.toEpochMilli());
        Set<String> candidates = new LinkedHashSet<>();
        for (String[] r : rows) {
            args.add(r[0]);
            candidates.add(r[1]);
        }
        args.add(cutoff);
        // the storybook is checked again: one reopened since the select (a redo) keeps its rows live, and so its blobs
        out.rows = Jdbc.update(c, "UPDATE " + k.table + " SET " + k.stamp + " = ? WHERE id IN ("
                + String.join(", ", Collections.nCopies(rows.size(), "?")) + ") AND " + k.stamp + " IS NULL "
                + "AND storybook_id IN (SELECT id FROM storybook WHERE state IN " + FINISHED + " AND updated_at < ?)", args.toArray());
        if (k == Kind.PHOTO) {
            // the copies of these photos fitted to a film's shape go with them
            candidates.addAll(fittedPhotos(c, rows));
        } else if (k == Kind.CLIP) {
            // and the clips' files normalised onto their film's canvas with the clips
            candidates.addAll(normalisedClips(c, rows));
        }
        BlobUse use = BlobUse.on(c);
        for (String blob : candidates) {
            long freed = blobs.delete(blob, use::inUse);
            if (freed > 0) {
                out.blobs++;
                out.bytes += freed;
            }
        }
        return out;
    }

    /** The files of these clips normalised onto their film's canvas. */
    private static Set<String> normalisedClips(Connection c, List<String[]> clips) throws SQLException {
        List<Object> ids = new ArrayList<>();
        for (String[] r : clips) {
            ids.add(r[0]);
        }
        return new LinkedHashSet<>(Jdbc.query(c, "SELECT normalised_blob FROM clip WHERE normalised_blob IS NOT NULL "
                + "AND id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")", rs -> rs.getString(1),
                ids.toArray()));
    }

    /** The photos named in the requests of the clips made from these scenes (fitted copies; the originals too). */
    private static Set<String> fittedPhotos(Connection c, List<String[]> scenes) throws SQLException {
        List<Object> ids = new ArrayList<>();
        for (String[] r : scenes) {
            ids.add(r[0]);
        }
        Set<String> out = new LinkedHashSet<>();
        for (String json : Jdbc.query(c, "SELECT request_json FROM clip WHERE request_json IS NOT NULL AND scene_id IN ("
                + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")", rs -> rs.getString(1), ids.toArray())) {
            try {
                JsonNode n = JSON.readTree(json);
                for (String field : new String[]{"imageBlob", "endImageBlob"}) {
                    if (n.hasNonNull(field)) {
                        out.add(n.get(field).asText());
                    }
                }
            } catch (JsonProcessingException e) {
                LOG.warn("A clip request could not be read while sweeping photos: {}", e.getOriginalMessage());
            }
        }
        return out;
    }
}
