package io.storyreel.core.retention;

import io.storyreel.core.config.StoryreelConfig;
import io.storyreel.core.testing.SettableClock;
import io.storyreel.core.storage.BlobStore;
import io.storyreel.core.storage.Database;
import io.storyreel.core.storage.Jdbc;
import io.storyreel.core.storybook.StorybookSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention sweep against a real database and blob store, with a clock the test sets: files of storybooks that
 * finished longer ago than their kind's retention go, rows stay and are stamped, and nothing a live row still names
 * (an open storybook, a younger finished one, music) is deleted.
 */
class RetentionSweepTest {
    private static final Duration PHOTOS = Duration.ofDays(30);
    private static final Duration CLIPS = Duration.ofDays(30);
    private static final Duration FILMS = Duration.ofDays(90);

    @TempDir
    Path dir;
    Database db;
    Jdbc sql;
    BlobStore blobs;
    final SettableClock clock = SettableClock.at("2026-12-14T12:00:00Z");
    int seq;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 2);
        sql = new Jdbc(db.dataSource());
        blobs = BlobStore.files(dir.resolve("blobs"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private RetentionSweep sweep(Duration photos, Duration clips, Duration films) {
        return new RetentionSweep(db, blobs, new StoryreelConfig.Retention(photos, clips, films, Duration.ofMinutes(60)), clock);
    }

    @Test
    void deletesOnlyTheFilesOfFinishedStorybooksPastTheirRetentionAndKeepsEveryRow() throws Exception {
        Book old = book("DONE", 100);           // everything past retention
        Book middle = book("CANCELLED", 40);    // photos and clips past, film not yet
        Book recent = book("FAILED", 10);       // nothing past
        Book open = book("COLLECTING", 200);    // open: never swept, however old
        Book running = book("PAUSED", 200);     // running: never swept
        String sharedWithOpen = old.photo(0);   // the photo was copied into the open storybook
        open.scene(sharedWithOpen);
        String sharedWithRecent = old.clip(1);  // the same clip bytes in a younger finished storybook
        recent.clipRow(sharedWithRecent);
        String music = old.clip(2);             // a younger storybook uses these bytes as its music
        musicFor(recent, music);

        RetentionSweep.Report r = sweep(PHOTOS, CLIPS, FILMS).sweep();

        // old: 3 photos, 3 clips, 1 film stamped; middle: 3 photos, 3 clips stamped
        assertThat(r.photos()).isEqualTo(6);
        assertThat(r.clips()).isEqualTo(6);
        assertThat(r.films()).isEqualTo(1);
        for (String gone : new String[]{old.photo(1), old.photo(2), old.clip(0), old.film(), middle.photo(0),
                middle.photo(1), middle.photo(2), middle.clip(0), middle.clip(1), middle.clip(2)}) {
            assertThat(blobs.exists(gone)).as(gone).isFalse();
        }
        for (String kept : new String[]{sharedWithOpen, sharedWithRecent, music, middle.film(), recent.photo(0),
                recent.clip(0), recent.film(), open.photo(0), running.photo(0), running.clip(0), running.film()}) {
            assertThat(blobs.exists(kept)).as(kept).isTrue();
        }
        assertThat(r.blobsDeleted()).isEqualTo(10);

        // every row is still there; the swept ones say when their file went
        assertThat(count("SELECT COUNT(*) FROM storybook")).isEqualTo(5);
        assertThat(count("SELECT COUNT(*) FROM scene")).isEqualTo(16);
        assertThat(count("SELECT COUNT(*) FROM film")).isEqualTo(5);
        assertThat(count("SELECT COUNT(*) FROM scene WHERE image_deleted_at = " + clock.millis())).isEqualTo(6);
        assertThat(count("SELECT COUNT(*) FROM clip WHERE blob_deleted_at IS NOT NULL")).isEqualTo(6);
        assertThat(count("SELECT COUNT(*) FROM film WHERE blob_deleted_at IS NOT NULL AND storybook_id = '" + old.id + "'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM film WHERE blob_deleted_at IS NOT NULL")).isEqualTo(1);

        // a second sweep at the same time finds nothing more
        assertThat(sweep(PHOTOS, CLIPS, FILMS).sweep()).isEqualTo(new RetentionSweep.Report(0, 0, 0, 0, 0, 0));

        // fifty-one days later the middle film is past 90 days too, the recent storybook's photos and clips past 30
        clock.advance(Duration.ofDays(51));
        RetentionSweep.Report later = sweep(PHOTOS, CLIPS, FILMS).sweep();
        assertThat(later.films()).isEqualTo(1);
        assertThat(blobs.exists(middle.film())).isFalse();
        assertThat(blobs.exists(recent.photo(0))).isFalse();
        // the clip the old storybook shared with the recent one goes now that its last live row is swept
        assertThat(blobs.exists(sharedWithRecent)).isFalse();
        // music and the open storybook's photo stay
        assertThat(blobs.exists(music)).isTrue();
        assertThat(blobs.exists(sharedWithOpen)).isTrue();
        assertThat(blobs.exists(running.film())).isTrue();
    }

    @Test
    void photosFittedToAFilmsShapeGoWithTheirPhotosAndStayWhileTheyStay() throws Exception {
        Book old = book("DONE", 100);
        Book running = book("PAUSED", 200);
        String fittedOld = stored("photo 1 of the old storybook, cropped to 9:16");
        String fittedEnd = stored("photo 2 of the old storybook, cropped to 9:16 (a bridge's last frame)");
        String fittedRunning = stored("photo 1 of the running storybook, padded to 1:1");
        request(old, 0, fittedOld, fittedEnd);
        request(running, 0, fittedRunning, null);
        // the same photo fitted the same way in a regenerated film still being made: the same bytes, one blob
        String shared = stored("a photo copied into the running storybook, cropped to 9:16");
        request(old, 1, shared, null);
        request(running, 1, shared, null);

        sweep(PHOTOS, CLIPS, FILMS).sweep();

        assertThat(blobs.exists(fittedOld)).as("a fitted photo goes with its photo").isFalse();
        assertThat(blobs.exists(fittedEnd)).isFalse();
        assertThat(blobs.exists(fittedRunning)).as("a film still being made keeps its fitted photos").isTrue();
        assertThat(blobs.exists(running.photo(0))).isTrue();
        assertThat(blobs.exists(shared)).as("still named by a live clip's request").isTrue();
    }

    @Test
    void clipsNormalisedOntoTheirFilmsCanvasGoWithTheirClipsAndStayWhileAClipNamesThem() throws Exception {
        Book old = book("DONE", 100);
        Book running = book("PAUSED", 200);
        String normalisedOld = stored("clip 1 of the old storybook on its 1280x720 canvas");
        String normalisedRunning = stored("clip 1 of the running storybook on its 720x1280 canvas");
        String shared = stored("the same clip on the same canvas in both storybooks");
        normalised(old, 0, normalisedOld);
        normalised(running, 0, normalisedRunning);
        normalised(old, 1, shared);
        normalised(running, 1, shared);

        RetentionSweep.Report r = sweep(PHOTOS, CLIPS, FILMS).sweep();

        assertThat(blobs.exists(normalisedOld)).as("a normalised clip goes with its clip").isFalse();
        assertThat(blobs.exists(old.clip(0))).isFalse();
        assertThat(blobs.exists(normalisedRunning)).as("a film still being made keeps its normalised clips").isTrue();
        assertThat(blobs.exists(shared)).as("still named by a live clip").isTrue();
        assertThat(r.clips()).isEqualTo(3);
    }

    private void normalised(Book b, int clip, String blob) {
        sql.update("UPDATE clip SET normalised_blob = ?, canvas = '1280x720@30/1' WHERE storybook_id = ? AND position = ?",
                blob, b.id, clip + 1);
    }

    private void request(Book b, int clip, String image, String endImage) {
        sql.update("UPDATE clip SET request_json = ? WHERE storybook_id = ? AND position = ?",
                "{\"model\":\"kling-v1\",\"imageBlob\":\"" + image + "\",\"imageMime\":\"image/jpeg\""
                        + (endImage == null ? "" : ",\"endImageBlob\":\"" + endImage + "\",\"endImageMime\":\"image/jpeg\"")
                        + "}", b.id, clip + 1);
    }

    @Test
    void zeroDaysKeepsAKindForEver() throws Exception {
        Book old = book("DONE", 1000);

        RetentionSweep.Report r = sweep(null, CLIPS, null).sweep();

        assertThat(r.photos()).isZero();
        assertThat(r.films()).isZero();
        assertThat(r.clips()).isEqualTo(3);
        assertThat(blobs.exists(old.photo(0))).isTrue();
        assertThat(blobs.exists(old.film())).isTrue();
        assertThat(blobs.exists(old.clip(0))).isFalse();
    }

    @Test
    void aBlobStoredAgainDuringTheSweepWindowIsKeptAndSweptOnceItsRowIsStamped() throws Exception {
        Book old = book("DONE", 100);
        // the same photo bytes were just sent again: the row that will name them is not committed yet
        blobs.put(("photo 0 of " + old.id).getBytes());

        sweep(PHOTOS, CLIPS, FILMS).sweep();

        assertThat(blobs.exists(old.photo(0))).isTrue();
        assertThat(count("SELECT COUNT(*) FROM scene WHERE image_deleted_at IS NOT NULL AND storybook_id = '" + old.id + "'")).isEqualTo(3);
    }

    @Test
    void sweepRemovesTemporaryFilesOlderThanAnHour() throws Exception {
        Path crashed = blobs.tempFile(".mp4");
        Files.writeString(crashed, "half a film");
        Files.setLastModifiedTime(crashed, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path writing = blobs.tempFile(".mp4");

        RetentionSweep.Report r = sweep(PHOTOS, CLIPS, FILMS).sweep();

        assertThat(r.tempFiles()).isEqualTo(1);
        assertThat(crashed).doesNotExist();
        assertThat(writing).exists();
    }

    // ——— fixtures: rows as the conversation and the engine write them, blobs written long ago ———

    /** A storybook in {@code state}, last changed {@code daysAgo}, with 3 scenes, 3 downloaded clips and 1 film. */
    private Book book(String state, int daysAgo) throws Exception {
        Book b = new Book("sb-" + (++seq), clock.millis() - Duration.ofDays(daysAgo).toMillis());
        sql.update("INSERT INTO storybook (id, chat_key, platform, chat_id, chat_kind, state, owner_key, created_at, updated_at) "
                + "VALUES (?, 'TELEGRAM:1', 'TELEGRAM', '1', 'PRIVATE', ?, 'TELEGRAM:1', ?, ?)", b.id, state, b.at, b.at);
        for (int i = 0; i < 3; i++) {
            b.scene(stored("photo " + i + " of " + b.id));
            b.clipRow(stored("clip " + i + " of " + b.id));
        }
        String film = stored("film of " + b.id);
        sql.update("INSERT INTO film (id, storybook_id, blob, bytes, duration_ms, clips, created_at) VALUES (?, ?, ?, 10, 3000, 3, ?)",
                "film-" + b.id, b.id, film, b.at);
        return b;
    }

    private String stored(String content) throws Exception {
        String id = blobs.put(content.getBytes());
        Files.setLastModifiedTime(blobs.path(id), FileTime.from(Instant.now().minus(Duration.ofDays(400))));
        return id;
    }

    private void musicFor(Book b, String blob) {
        StorybookSettings s = StorybookSettings.defaults();
        StorybookSettings withMusic = new StorybookSettings(s.model(), s.mode(), s.durationSeconds(), s.resolution(),
                s.negativePrompt(), s.styleSuffix(), s.crossfadeSeconds(), s.captions(), blob, 0.5);
        sql.update("UPDATE storybook SET settings_json = ? WHERE id = ?", withMusic.toJson(), b.id);
    }

    private int count(String q) {
        return sql.one(q, rs -> rs.getInt(1)).orElseThrow();
    }

    private final class Book {
        final String id;
        final long at;
        int scenes;
        int clips;

        Book(String id, long at) {
            this.id = id;
            this.at = at;
        }

        void scene(String blob) {
            sql.update("INSERT INTO scene (id, storybook_id, position, image_blob, image_mime, width, height, contributor_key, created_at) "
                    + "VALUES (?, ?, ?, ?, 'image/jpeg', 640, 480, 'TELEGRAM:1', ?)", id + "-s" + scenes, id, ++scenes, blob, at);
        }

        void clipRow(String blob) {
            sql.update("INSERT INTO clip (id, storybook_id, scene_id, position, provider, model, state, blob, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, 'kling', 'kling-v2', 'DOWNLOADED', ?, ?, ?)", id + "-c" + clips, id, id + "-s" + clips, ++clips, blob, at, at);
        }

        String photo(int i) {
            return blobOf("SELECT image_blob FROM scene WHERE storybook_id = ? AND position = ?", i + 1);
        }

        String clip(int i) {
            return blobOf("SELECT blob FROM clip WHERE storybook_id = ? AND position = ?", i + 1);
        }

        String film() {
            return sql.one("SELECT blob FROM film WHERE storybook_id = ?", rs -> rs.getString(1), id).orElseThrow();
        }

        private String blobOf(String q, int position) {
            return sql.one(q, rs -> rs.getString(1), id, position).orElseThrow();
        }
    }
}
