package io.storyreel.core.generation;

import io.storyreel.core.storage.Jdbc;
import io.storyreel.core.storybook.DeliveryState;
import io.storyreel.core.storybook.Film;
import io.storyreel.core.storybook.FilmRepository;
import io.storyreel.core.storybook.InList;
import io.storyreel.core.storybook.Scene;
import io.storyreel.core.storybook.SceneRepository;
import io.storyreel.core.storybook.Storybook;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookState;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static io.storyreel.core.storybook.InList.bind;

/**
 * The engine's writes of {@code storybook} (from GENERATING on), {@code clip} and {@code provider_account} (a
 * film's row and its delivery: {@link FilmDeliveryRows}), and its reads (storybooks, scenes and films through the storybook repositories' row
 * readers, so each table has one record). Every state change is a conditional UPDATE (… WHERE state = expected), so
 * two workers or a worker and a user's cancel never both win. States are bound as parameters, never SQL literals.
 */
final class GenerationStore {
    private static final InList GENERATING = InList.of(EnumSet.of(StorybookState.GENERATING, StorybookState.PAUSED));
    private static final InList UNDELIVERED = InList.of(EnumSet.of(StorybookState.CANCELLED, StorybookState.FAILED));
    private static final InList ENDED = InList.of(EnumSet.of(StorybookState.DONE, StorybookState.CANCELLED,
            StorybookState.FAILED));
    /** A film of a storybook in one of these may be sent: its first delivery, or again when a member chose so. */
    static final InList DELIVERABLE = InList.of(EnumSet.of(StorybookState.DELIVERING, StorybookState.DONE,
            StorybookState.FAILED));
    private static final InList CHOOSING = InList.of(EnumSet.of(DeliveryState.UNSURE, DeliveryState.GAVE_UP,
            DeliveryState.DELIVERED));

    final Jdbc sql;

    GenerationStore(DataSource dataSource) {
        this.sql = new Jdbc(dataSource);
    }

    // ---------------------------------------------------------------- reads

    Optional<Storybook> book(String id) {
        return sql.inConnection(c -> StorybookRepository.find(c, id));
    }

    static Optional<Storybook> lockBook(Connection c, String id) throws SQLException {
        return StorybookRepository.lock(c, id);
    }

    List<Scene> scenes(String bookId) {
        return sql.inConnection(c -> SceneRepository.list(c, bookId));
    }

    Optional<Clip> clip(String id) {
        return sql.one("SELECT * FROM clip WHERE id = ?", Clip::read, id);
    }

    /** The clips that make the film: one per position (older attempts are replaced). */
    List<Clip> currentClips(String bookId) {
        return sql.inConnection(c -> currentClips(c, bookId));
    }

    static List<Clip> currentClips(Connection c, String bookId) throws SQLException {
        return Jdbc.query(c, "SELECT * FROM clip WHERE storybook_id = ? AND replaced_by IS NULL ORDER BY position",
                Clip::read, bookId);
    }

    /** The attempt that counts at {@code position}, if the storybook has one. */
    Optional<Clip> currentClip(String bookId, int position) {
        return sql.one("SELECT * FROM clip WHERE storybook_id = ? AND position = ? AND replaced_by IS NULL",
                Clip::read, bookId, position);
    }

    static List<Clip> allClips(Connection c, String bookId) throws SQLException {
        return Jdbc.query(c, "SELECT * FROM clip WHERE storybook_id = ? ORDER BY position, created_at", Clip::read, bookId);
    }

    List<Clip> allClips(String bookId) {
        return sql.inConnection(c -> allClips(c, bookId));
    }

    Optional<Film> film(String id) {
        return sql.inConnection(c -> FilmRepository.find(c, id));
    }

    /** How many PENDING clips of this account were created before this one: its place in our own queue. */
    int queueAhead(Clip clip) {
        return sql.one("SELECT COUNT(*) FROM clip c JOIN storybook b ON b.id = c.storybook_id WHERE c.account_key = ? "
                        + "AND c.state = ? AND b.state IN " + GENERATING.sql() + " AND (c.created_at < ? "
                        + "OR (c.created_at = ? AND c.id < ?))", rs -> rs.getInt(1),
                bind(clip.accountKey(), ClipState.PENDING, GENERATING, clip.createdAt(), clip.createdAt(), clip.id()))
                .orElse(0);
    }

    /** The clip that follows this provider task, while it is waiting on the provider. */
    Optional<String> clipFollowing(String provider, String providerTaskId) {
        return sql.one("SELECT id FROM clip WHERE provider = ? AND provider_task_id = ? AND state IN "
                + ClipState.AT_PROVIDER.sql(), rs -> rs.getString(1), bind(provider, providerTaskId, ClipState.AT_PROVIDER));
    }

    /** The clip of this account that has waited longest for a slot (PENDING in a storybook still generating). */
    Optional<String> nextWaiting(String accountKey) {
        return sql.one("SELECT c.id FROM clip c JOIN storybook b ON b.id = c.storybook_id WHERE c.account_key = ? "
                        + "AND c.state = ? AND c.replaced_by IS NULL AND b.state = ? ORDER BY c.created_at, c.position LIMIT 1",
                rs -> rs.getString(1), bind(accountKey, ClipState.PENDING, StorybookState.GENERATING));
    }

    /** Clips whose work must have a scheduled task (the reconciler re-schedules what a crash lost). */
    List<Clip> unfinishedClips() {
        return sql.query("SELECT c.* FROM clip c JOIN storybook b ON b.id = c.storybook_id WHERE c.replaced_by IS NULL "
                + "AND c.state IN " + ClipState.UNFINISHED.sql() + " AND b.state IN " + GENERATING.sql(), Clip::read,
                bind(ClipState.UNFINISHED, GENERATING));
    }

    List<String> booksIn(StorybookState state) {
        return sql.query("SELECT id FROM storybook WHERE state = ?", rs -> rs.getString(1), bind(state));
    }

    /** Films on their way (not delivered, not waiting for a member's choice), of storybooks not cancelled. */
    List<String> undeliveredFilms() {
        return sql.query("SELECT f.id FROM film f JOIN storybook b ON b.id = f.storybook_id WHERE b.state IN "
                        + DELIVERABLE.sql() + " AND f.delivered_at IS NULL AND f.delivery_state NOT IN " + CHOOSING.sql(),
                rs -> rs.getString(1), bind(DELIVERABLE, CHOOSING));
    }

    // ---------------------------------------------------------------- the storybook, from GENERATING on

    /** The engine takes the storybook: GENERATING, started now, fitted to the chat's upload limit. */
    static void startBook(Connection c, String bookId, long uploadLimitBytes, long now) throws SQLException {
        Jdbc.update(c, "UPDATE storybook SET state = ?, started_at = ?, pause_reason = NULL, upload_limit_bytes = ?, "
                + "updated_at = ? WHERE id = ?", bind(StorybookState.GENERATING, now, uploadLimitBytes, now, bookId));
    }

    /** Back to GENERATING after a pause (retry, merge without) or a finished film (redo). */
    static void resumeBook(Connection c, String bookId, long now) throws SQLException {
        Jdbc.update(c, "UPDATE storybook SET state = ?, pause_reason = NULL, updated_at = ? WHERE id = ?",
                bind(StorybookState.GENERATING, now, bookId));
    }

    /**
     * Under the storybook's row lock (the caller holds it): GENERATING/PAUSED → PAUSED for {@code reason}. True only
     * when this is news — the storybook was generating, or was paused for another clip — so that a failure reported
     * by two paths at once (the failing clip and a clip finishing beside it) reaches the user once.
     */
    static boolean pauseLocked(Connection c, Storybook b, String reason, long now) throws SQLException {
        if (!b.state().generating() || (b.state() == StorybookState.PAUSED && reason.equals(b.pauseReason()))) {
            return false;
        }
        Jdbc.update(c, "UPDATE storybook SET state = ?, pause_reason = ?, updated_at = ? WHERE id = ?",
                bind(StorybookState.PAUSED, reason, now, b.id()));
        return true;
    }

    static boolean moveBook(Connection c, String bookId, StorybookState from, StorybookState to, long now)
            throws SQLException {
        return Jdbc.update(c, "UPDATE storybook SET state = ?, updated_at = ? WHERE id = ? AND state = ?",
                bind(to, now, bookId, from)) == 1;
    }

    boolean moveBook(String bookId, StorybookState from, StorybookState to, long now) {
        return sql.inConnection(c -> moveBook(c, bookId, from, to, now));
    }

    /** Cancels the storybook and its unfinished clips, unless it has already ended. */
    static void cancelBook(Connection c, String bookId, long now) throws SQLException {
        Jdbc.update(c, "UPDATE clip SET state = ?, updated_at = ? WHERE storybook_id = ? AND state IN "
                + ClipState.UNFINISHED.sql(), bind(ClipState.CANCELLED, now, bookId, ClipState.UNFINISHED));
        Jdbc.update(c, "UPDATE storybook SET state = ?, updated_at = ? WHERE id = ? AND state NOT IN " + ENDED.sql(),
                bind(StorybookState.CANCELLED, now, bookId, ENDED));
    }

    // ---------------------------------------------------------------- clips

    static void insertClip(Connection c, Clip k, long now) throws SQLException {
        Jdbc.update(c, "INSERT INTO clip (id, storybook_id, scene_id, position, provider, model, request_json, state, "
                        + "attempts, progress, estimated_units, estimated_usd, account_key, payer_key, request_fp, "
                        + "reused_from, blob, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                bind(k.id(), k.storybookId(), k.sceneId(), k.position(), k.provider(), k.model(), k.requestJson(), k.state(),
                        k.progress(), k.estimatedUnits(), k.estimatedUsd(), k.accountKey(), k.payerKey(), k.requestFp(),
                        k.reusedFrom(), k.blob(), k.createdAt(), now));
    }

    /**
     * The newest clip the chat of storybook {@code forBookId} already paid for and has, made from the same request ({@code requestFp}) for a film
     * that was cancelled or failed (a delivered film's clips are not reused: making it again is what Regenerate is
     * for): DOWNLOADED, made (not itself reused, so credits name who paid), its file not swept by retention.
     */
    static Optional<Clip> reusable(Connection c, String forBookId, String requestFp) throws SQLException {
        return Jdbc.one(c, "SELECT k.* FROM clip k JOIN storybook b ON b.id = k.storybook_id WHERE b.chat_key = "
                        + "(SELECT o.chat_key FROM storybook o WHERE o.id = ?) "
                        + "AND b.state IN " + UNDELIVERED.sql() + " AND k.request_fp = ? AND k.state = ? "
                        + "AND k.blob IS NOT NULL AND k.blob_deleted_at IS NULL AND k.reused_from IS NULL "
                        + "ORDER BY k.updated_at DESC, k.id LIMIT 1", Clip::read,
                bind(forBookId, UNDELIVERED, requestFp, ClipState.DOWNLOADED));
    }

    /**
     * What the provider charged for a clip attempt, in its units (null: not reported) and dollars: kept beside the
     * estimate, so every figure of the film adds the same numbers.
     */
    void charged(String clipId, Double units, double usd, long now) {
        sql.update("UPDATE clip SET actual_units = ?, charged_usd = ?, updated_at = ? WHERE id = ?",
                bind(units, usd, now, clipId));
    }

    Optional<String> displayName(String userKey) {
        return sql.one("SELECT display_name FROM chat_user WHERE user_key = ?", rs -> rs.getString(1), userKey)
                .filter(n -> n != null && !n.isBlank());
    }

    /** A retry replaces the old attempt; it stays for the record (and for what was paid). */
    static void replace(Connection c, String oldId, String newId, long now) throws SQLException {
        Jdbc.update(c, "UPDATE clip SET replaced_by = ?, updated_at = ? WHERE id = ?", newId, now, oldId);
    }

    /** The clip was made (and paid) but its download failed: fetch it again, no new submit. */
    static void downloadAgain(Connection c, String clipId, long now) throws SQLException {
        Jdbc.update(c, "UPDATE clip SET state = ?, step_failures = 0, error_kind = NULL, error_message = NULL, "
                + "failure = NULL, updated_at = ? WHERE id = ?", bind(ClipState.SUCCEEDED, now, clipId));
    }

    /** Merge without: the failed clips of the storybook are left out of the film. */
    static void skipFailed(Connection c, String bookId, long now) throws SQLException {
        Jdbc.update(c, "UPDATE clip SET state = ?, updated_at = ? WHERE storybook_id = ? AND replaced_by IS NULL "
                + "AND state = ?", bind(ClipState.SKIPPED, now, bookId, ClipState.FAILED));
    }

    /** Make sure the account's lock row exists (its own statement: a duplicate must not abort a transaction). */
    void ensureAccount(String accountKey, long now) {
        if (sql.one("SELECT 1 FROM provider_account WHERE account_key = ?", rs -> 1, accountKey).isPresent()) {
            return;
        }
        try {
            sql.update("INSERT INTO provider_account (account_key, created_at) VALUES (?, ?)", accountKey, now);
        } catch (Jdbc.StorageException e) {
            if (!e.isDuplicateKey()) {
                throw e;
            }
            // another worker inserted it first: fine
        }
    }

    /**
     * Take one of the account's {@code limit} slots for this clip: under the account's row lock, count its in-flight
     * clips and, if there is room, move the clip PENDING → SUBMITTING (committed before the paid create call).
     */
    boolean takeSlot(Clip clip, int limit, long now) {
        return sql.inTransaction(c -> {
            Jdbc.one(c, "SELECT account_key FROM provider_account WHERE account_key = ? FOR UPDATE", rs -> 1, clip.accountKey());
            int inFlight = Jdbc.one(c, "SELECT COUNT(*) FROM clip WHERE account_key = ? AND state IN " + ClipState.IN_FLIGHT.sql(),
                    rs -> rs.getInt(1), bind(clip.accountKey(), ClipState.IN_FLIGHT)).orElse(0);
            if (inFlight >= limit) {
                return false;
            }
            return Jdbc.update(c, "UPDATE clip SET state = ?, attempts = attempts + 1, updated_at = ? "
                    + "WHERE id = ? AND state = ? AND replaced_by IS NULL AND EXISTS (SELECT 1 FROM storybook b "
                    + "WHERE b.id = clip.storybook_id AND b.state IN " + GENERATING.sql() + ")",
                    bind(ClipState.SUBMITTING, now, clip.id(), ClipState.PENDING, GENERATING)) == 1;
        });
    }

    /** The provider accepted the task: keep its id even if the clip was cancelled meanwhile (it is paid). */
    void submitted(String clipId, String taskId, long now) {
        sql.update("UPDATE clip SET provider_task_id = ?, submitted_at = ?, updated_at = ?, step_failures = 0, "
                        + "state = CASE WHEN state = ? THEN ? ELSE state END WHERE id = ?",
                bind(taskId, now, now, ClipState.SUBMITTING, ClipState.SUBMITTED, clipId));
    }

    /** The provider proved no task was created: the clip may be submitted again. */
    void backToPending(String clipId, int stepFailures, long now) {
        sql.update("UPDATE clip SET state = ?, step_failures = ?, updated_at = ? WHERE id = ? AND state = ?",
                bind(ClipState.PENDING, stepFailures, now, clipId, ClipState.SUBMITTING));
    }

    void stepFailed(String clipId, int stepFailures, long now) {
        sql.update("UPDATE clip SET step_failures = ?, updated_at = ? WHERE id = ?", stepFailures, now, clipId);
    }

    /** A poll answered QUEUED or RUNNING; returns whether what the user sees changed. */
    boolean polled(Clip clip, ClipState state, int percent, long now) {
        int p = Math.max(percent, -1);
        sql.update("UPDATE clip SET state = ?, progress = ?, poll_count = poll_count + 1, step_failures = 0, updated_at = ? "
                + "WHERE id = ? AND state IN " + ClipState.AT_PROVIDER.sql(), bind(state, p, now, clip.id(), ClipState.AT_PROVIDER));
        return state != clip.state() || p != clip.progress();
    }

    boolean succeeded(String clipId, String resultRef, double actualUnits, long now) {
        return sql.update("UPDATE clip SET state = ?, progress = 100, result_ref = ?, actual_units = ?, "
                        + "step_failures = 0, updated_at = ?, generated_at = ? WHERE id = ? AND state IN "
                        + ClipState.AT_PROVIDER.sql(),
                bind(ClipState.SUCCEEDED, resultRef, actualUnits >= 0 ? actualUnits : null, now, now, clipId,
                        ClipState.AT_PROVIDER)) == 1;
    }

    boolean downloaded(String clipId, String blob, long now) {
        return sql.update("UPDATE clip SET state = ?, blob = ?, step_failures = 0, error_kind = NULL, "
                        + "error_message = NULL, failure = NULL, updated_at = ? WHERE id = ? AND state = ?",
                bind(ClipState.DOWNLOADED, blob, now, clipId, ClipState.SUCCEEDED)) == 1;
    }

    /**
     * The clip's file is in the blob store but not yet normalised: recorded so that a crash before the normalisation
     * resumes it from this file, without downloading (or anything else) again. The clip stays SUCCEEDED (unfinished).
     */
    boolean fetched(String clipId, String blob, long now) {
        return sql.update("UPDATE clip SET blob = ?, updated_at = ? WHERE id = ? AND state = ?",
                bind(blob, now, clipId, ClipState.SUCCEEDED)) == 1;
    }

    /** Downloaded and normalised onto {@code canvas} ({@code normalisedBlob} null: not normalised, merged as it came). */
    boolean downloaded(String clipId, String blob, String normalisedBlob, String canvas, long now) {
        return sql.update("UPDATE clip SET state = ?, blob = ?, normalised_blob = ?, canvas = ?, step_failures = 0, "
                        + "error_kind = NULL, error_message = NULL, failure = NULL, updated_at = ? WHERE id = ? AND state = ?",
                bind(ClipState.DOWNLOADED, blob, normalisedBlob, normalisedBlob == null ? null : canvas, now, clipId,
                        ClipState.SUCCEEDED)) == 1;
    }

    /**
     * A clip normalised again at the merge (its text or the film's canvas changed since it landed): recorded on the
     * clip so that the next merge of it (a redo of another clip) is a copy; false when the clip's file changed
     * meanwhile.
     */
    boolean renormalised(String clipId, String blob, String normalisedBlob, String canvas, long now) {
        return sql.update("UPDATE clip SET normalised_blob = ?, canvas = ?, updated_at = ? WHERE id = ? AND blob = ?",
                normalisedBlob, canvas, now, clipId, blob) == 1;
    }

    /** A clip's file normalised onto a film's canvas ({@link io.storyreel.core.video.Canvas#key}). */
    record Normalised(String blob, String canvas) {
    }

    /**
     * The clip's normalised file: its own, or, for a clip taken from an earlier film, that clip's (made for the same
     * request, so for the same canvas when the storybook's shape and model are the same; the canvas says).
     */
    Optional<Normalised> normalised(String clipId) {
        return sql.one("SELECT k.normalised_blob, k.canvas, e.normalised_blob, e.canvas FROM clip k "
                + "LEFT JOIN clip e ON e.id = k.reused_from WHERE k.id = ?", rs -> rs.getString(1) != null
                ? new Normalised(rs.getString(1), rs.getString(2))
                : rs.getString(3) != null ? new Normalised(rs.getString(3), rs.getString(4)) : null, clipId);
    }

    /** Whether any clip still names {@code blob} as its file or its normalised file. */
    boolean clipNames(String blob) {
        return sql.one("SELECT 1 FROM clip WHERE blob = ? OR normalised_blob = ?", rs -> true, blob, blob).isPresent();
    }

    /** {@code kind}: what went wrong, for support (the provider's error kind, TIMEOUT, DOWNLOAD…). */
    boolean failed(String clipId, String kind, EngineReason reason, long now) {
        String message = reason.detail() != null ? reason.detail() : reason.kind().name();
        return sql.update("UPDATE clip SET state = ?, error_kind = ?, error_message = ?, failure = ?, updated_at = ? "
                        + "WHERE id = ? AND state IN " + ClipState.UNFINISHED.sql(),
                bind(ClipState.FAILED, kind, message, reason.toJson(), now, clipId, ClipState.UNFINISHED)) == 1;
    }
}
