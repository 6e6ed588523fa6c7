package io.storyreel.core.generation;

import io.storyreel.core.storage.Jdbc;

import io.storyreel.core.storybook.StorybookSettings;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The engine's reads and writes of {@code storybook}, {@code scene}, {@code clip}, {@code film} and
 * {@code provider_account}. Every state change is a conditional UPDATE (… WHERE state = expected), so two workers
 * or a worker and a user's cancel never both win.
 */
final class GenerationStore {
    static final String IN_FLIGHT = "'SUBMITTING','SUBMITTED','QUEUED','RUNNING'";
    static final String UNFINISHED = "'PENDING','SUBMITTING','SUBMITTED','QUEUED','RUNNING','SUCCEEDED'";

    final Jdbc sql;

    GenerationStore(DataSource dataSource) {
        this.sql = new Jdbc(dataSource);
    }

    record Book(String id, String state, String payerKey, String provider, StorybookSettings settings,
                Long startedAt, String pauseReason) {
    }

    record Scene(String id, int position, String imageBlob, String imageMime, String prompt, String contributorKey,
                 String contributor) {
    }

    record Clip(String id, String storybookId, String sceneId, int position, String provider, String model,
                String requestJson, String providerTaskId, String state, int attempts, int progress,
                Double estimatedUnits, Double estimatedUsd, Double actualUnits, String resultRef, String blob,
                String errorKind, String errorMessage, long createdAt, Long submittedAt, String accountKey,
                int stepFailures, int pollCount, String replacedBy) {
        boolean current() {
            return replacedBy == null;
        }

        boolean unfinished() {
            return UNFINISHED.contains("'" + state + "'");
        }

        /** Holding one of its account's slots (a provider task being created or running). */
        boolean inFlight() {
            return IN_FLIGHT.contains("'" + state + "'");
        }

        /** The provider has (or may have) charged for this clip. */
        boolean paid() {
            return providerTaskId != null || "SUBMITTING".equals(state) || "AMBIGUOUS_SUBMIT".equals(errorKind);
        }
    }

    record Film(String id, String storybookId, String blob, long bytes, long durationMs, int clips, String provider,
                String model, double costUsd, Long deliveredAt, int deliveryAttempts) {
    }

    private static Book book(ResultSet rs) throws SQLException {
        return new Book(rs.getString("id"), rs.getString("state"), rs.getString("payer_key"), rs.getString("provider"),
                StorybookSettings.fromJson(rs.getString("settings_json")), Jdbc.longOrNull(rs, "started_at"),
                rs.getString("pause_reason"));
    }

    private static Scene scene(ResultSet rs) throws SQLException {
        return new Scene(rs.getString("id"), rs.getInt("position"), rs.getString("image_blob"),
                rs.getString("image_mime"), rs.getString("prompt"), rs.getString("contributor_key"),
                rs.getString("contributor"));
    }

    static Clip clip(ResultSet rs) throws SQLException {
        return new Clip(rs.getString("id"), rs.getString("storybook_id"), rs.getString("scene_id"), rs.getInt("position"),
                rs.getString("provider"), rs.getString("model"), rs.getString("request_json"),
                rs.getString("provider_task_id"), rs.getString("state"), rs.getInt("attempts"), rs.getInt("progress"),
                Jdbc.doubleOrNull(rs, "estimated_units"), Jdbc.doubleOrNull(rs, "estimated_usd"),
                Jdbc.doubleOrNull(rs, "actual_units"), rs.getString("result_ref"), rs.getString("blob"),
                rs.getString("error_kind"), rs.getString("error_message"), rs.getLong("created_at"),
                Jdbc.longOrNull(rs, "submitted_at"), rs.getString("account_key"), rs.getInt("step_failures"),
                rs.getInt("poll_count"), rs.getString("replaced_by"));
    }

    private static Film film(ResultSet rs) throws SQLException {
        return new Film(rs.getString("id"), rs.getString("storybook_id"), rs.getString("blob"), rs.getLong("bytes"),
                rs.getLong("duration_ms"), rs.getInt("clips"), rs.getString("provider"), rs.getString("model"),
                rs.getDouble("cost_usd"), Jdbc.longOrNull(rs, "delivered_at"), rs.getInt("delivery_attempts"));
    }

    Optional<Book> book(String id) {
        return sql.one("SELECT * FROM storybook WHERE id = ?", GenerationStore::book, id);
    }

    static Optional<Book> lockBook(Connection c, String id) throws SQLException {
        return Jdbc.one(c, "SELECT * FROM storybook WHERE id = ? FOR UPDATE", GenerationStore::book, id);
    }

    static List<Scene> scenes(Connection c, String bookId) throws SQLException {
        return Jdbc.query(c, "SELECT * FROM scene WHERE storybook_id = ? ORDER BY position", GenerationStore::scene, bookId);
    }

    List<Scene> scenes(String bookId) {
        return sql.inConnection(c -> scenes(c, bookId));
    }

    Optional<Clip> clip(String id) {
        return sql.one("SELECT * FROM clip WHERE id = ?", GenerationStore::clip, id);
    }

    /** The clips that make the film: one per position (older attempts are replaced). */
    List<Clip> currentClips(String bookId) {
        return sql.inConnection(c -> currentClips(c, bookId));
    }

    static List<Clip> currentClips(Connection c, String bookId) throws SQLException {
        return Jdbc.query(c, "SELECT * FROM clip WHERE storybook_id = ? AND replaced_by IS NULL ORDER BY position",
                GenerationStore::clip, bookId);
    }

    static List<Clip> allClips(Connection c, String bookId) throws SQLException {
        return Jdbc.query(c, "SELECT * FROM clip WHERE storybook_id = ? ORDER BY position, created_at",
                GenerationStore::clip, bookId);
    }

    List<Clip> allClips(String bookId) {
        return sql.inConnection(c -> allClips(c, bookId));
    }

    Optional<Film> film(String id) {
        return sql.one("SELECT * FROM film WHERE id = ?", GenerationStore::film, id);
    }

    /** How many PENDING clips of this account were created before this one: its place in our own queue. */
    int queueAhead(Clip clip) {
        return sql.one("SELECT COUNT(*) FROM clip c JOIN storybook b ON b.id = c.storybook_id WHERE c.account_key = ? "
                        + "AND c.state = 'PENDING' AND b.state IN ('GENERATING','PAUSED') AND (c.created_at < ? "
                        + "OR (c.created_at = ? AND c.id < ?))",
                rs -> rs.getInt(1), clip.accountKey(), clip.createdAt(), clip.createdAt(), clip.id()).orElse(0);
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
            int inFlight = Jdbc.one(c, "SELECT COUNT(*) FROM clip WHERE account_key = ? AND state IN (" + IN_FLIGHT + ")",
                    rs -> rs.getInt(1), clip.accountKey()).orElse(0);
            if (inFlight >= limit) {
                return false;
            }
            return Jdbc.update(c, "UPDATE clip SET state = 'SUBMITTING', attempts = attempts + 1, updated_at = ? "
                    + "WHERE id = ? AND state = 'PENDING' AND replaced_by IS NULL AND EXISTS (SELECT 1 FROM storybook b "
                    + "WHERE b.id = clip.storybook_id AND b.state IN ('GENERATING','PAUSED'))", now, clip.id()) == 1;
        });
    }

    /** The clip that follows this provider task, while it is waiting on the provider. */
    Optional<String> clipFollowing(String provider, String providerTaskId) {
        return sql.one("SELECT id FROM clip WHERE provider = ? AND provider_task_id = ? "
                + "AND state IN ('SUBMITTED','QUEUED','RUNNING')", rs -> rs.getString(1), provider, providerTaskId);
    }

    /** The clip of this account that has waited longest for a slot (PENDING in a storybook still generating). */
    Optional<String> nextWaiting(String accountKey) {
        return sql.one("SELECT c.id FROM clip c JOIN storybook b ON b.id = c.storybook_id WHERE c.account_key = ? "
                + "AND c.state = 'PENDING' AND c.replaced_by IS NULL AND b.state = 'GENERATING' "
                + "ORDER BY c.created_at, c.position LIMIT 1", rs -> rs.getString(1), accountKey);
    }

    /** The provider accepted the task: keep its id even if the clip was cancelled meanwhile (it is paid). */
    void submitted(String clipId, String taskId, long now) {
        sql.update("UPDATE clip SET provider_task_id = ?, submitted_at = ?, updated_at = ?, step_failures = 0, "
                + "state = CASE WHEN state = 'SUBMITTING' THEN 'SUBMITTED' ELSE state END WHERE id = ?", taskId, now, now, clipId);
    }

    /** The provider proved no task was created: the clip may be submitted again. */
    void backToPending(String clipId, int stepFailures, long now) {
        sql.update("UPDATE clip SET state = 'PENDING', step_failures = ?, updated_at = ? WHERE id = ? AND state = 'SUBMITTING'",
                stepFailures, now, clipId);
    }

    void stepFailed(String clipId, int stepFailures, long now) {
        sql.update("UPDATE clip SET step_failures = ?, updated_at = ? WHERE id = ?", stepFailures, now, clipId);
    }

    /** A poll answered QUEUED or RUNNING; returns whether what the user sees changed. */
    boolean polled(Clip clip, String state, int percent, long now) {
        int p = Math.max(percent, -1);
        sql.update("UPDATE clip SET state = ?, progress = ?, poll_count = poll_count + 1, step_failures = 0, updated_at = ? "
                + "WHERE id = ? AND state IN ('SUBMITTED','QUEUED','RUNNING')", state, p, now, clip.id());
        return !state.equals(clip.state()) || p != clip.progress();
    }

    boolean succeeded(String clipId, String resultRef, double actualUnits, long now) {
        return sql.update("UPDATE clip SET state = 'SUCCEEDED', progress = 100, result_ref = ?, actual_units = ?, "
                        + "step_failures = 0, updated_at = ? WHERE id = ? AND state IN ('SUBMITTED','QUEUED','RUNNING')",
                resultRef, actualUnits >= 0 ? actualUnits : null, now, clipId) == 1;
    }

    boolean downloaded(String clipId, String blob, long now) {
        return sql.update("UPDATE clip SET state = 'DOWNLOADED', blob = ?, step_failures = 0, error_kind = NULL, "
                + "error_message = NULL, updated_at = ? WHERE id = ? AND state = 'SUCCEEDED'", blob, now, clipId) == 1;
    }

    boolean failed(String clipId, String kind, String message, long now) {
        String m = message == null ? "unknown error" : message.length() > 1900 ? message.substring(0, 1900) : message;
        return sql.update("UPDATE clip SET state = 'FAILED', error_kind = ?, error_message = ?, updated_at = ? "
                + "WHERE id = ? AND state IN (" + UNFINISHED + ")", kind, m, now, clipId) == 1;
    }

    /**
     * Under the storybook's row lock (the caller holds it): GENERATING/PAUSED → PAUSED for {@code reason}. True only
     * when this is news — the storybook was generating, or was paused for another clip — so that a failure reported
     * by two paths at once (the failing clip and a clip finishing beside it) reaches the user once.
     */
    static boolean pauseLocked(Connection c, Book b, String reason, long now) throws SQLException {
        if (!List.of("GENERATING", "PAUSED").contains(b.state())
                || ("PAUSED".equals(b.state()) && reason.equals(b.pauseReason()))) {
            return false;
        }
        Jdbc.update(c, "UPDATE storybook SET state = 'PAUSED', pause_reason = ?, updated_at = ? WHERE id = ?",
                reason, now, b.id());
        return true;
    }

    static boolean moveBook(Connection c, String bookId, String from, String to, long now) throws SQLException {
        return Jdbc.update(c, "UPDATE storybook SET state = ?, updated_at = ? WHERE id = ? AND state = ?", to, now, bookId, from) == 1;
    }

    boolean moveBook(String bookId, String from, String to, long now) {
        return sql.inConnection(c -> moveBook(c, bookId, from, to, now));
    }

    static void insertClip(Connection c, Clip k, long now) throws SQLException {
        Jdbc.update(c, "INSERT INTO clip (id, storybook_id, scene_id, position, provider, model, request_json, state, "
                        + "attempts, progress, estimated_units, estimated_usd, account_key, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, -1, ?, ?, ?, ?, ?)",
                k.id(), k.storybookId(), k.sceneId(), k.position(), k.provider(), k.model(), k.requestJson(),
                k.estimatedUnits(), k.estimatedUsd(), k.accountKey(), k.createdAt(), now);
    }

    /** {@code mergePath}: how the merger made the film (copy, normalise, fit), for timings and support. */
    static void insertFilm(Connection c, Film f, String mergePath, long now) throws SQLException {
        Jdbc.update(c, "INSERT INTO film (id, storybook_id, blob, bytes, duration_ms, clips, provider, model, cost_usd, "
                        + "merge_path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                f.id(), f.storybookId(), f.blob(), f.bytes(), f.durationMs(), f.clips(), f.provider(), f.model(),
                f.costUsd(), mergePath, now);
    }

    void deliveryFailed(String filmId) {
        sql.update("UPDATE film SET delivery_attempts = delivery_attempts + 1 WHERE id = ?", filmId);
    }

    /** The platform refused the film as too large and it was fitted again: point the film at the smaller blob. */
    void refitted(String filmId, String blob, long bytes) {
        sql.update("UPDATE film SET blob = ?, bytes = ?, merge_path = 'fit' WHERE id = ?", blob, bytes, filmId);
    }

    /** Marks the film delivered and the storybook DONE, in one transaction. */
    void delivered(String filmId, String bookId, long now) {
        sql.inTransaction(c -> {
            Jdbc.update(c, "UPDATE film SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL", now, filmId);
            moveBook(c, bookId, "DELIVERING", "DONE", now);
            return null;
        });
    }

    /** Storybooks whose work must have a scheduled task (the reconciler re-schedules what a crash lost). */
    List<Clip> unfinishedClips() {
        return sql.query("SELECT c.* FROM clip c JOIN storybook b ON b.id = c.storybook_id WHERE c.replaced_by IS NULL "
                + "AND c.state IN (" + UNFINISHED + ") AND b.state IN ('GENERATING','PAUSED')", GenerationStore::clip);
    }

    List<String> booksIn(String state) {
        return sql.query("SELECT id FROM storybook WHERE state = ?", rs -> rs.getString(1), state);
    }

    List<String> undeliveredFilms() {
        return sql.query("SELECT f.id FROM film f JOIN storybook b ON b.id = f.storybook_id WHERE b.state = 'DELIVERING' "
                + "AND f.delivered_at IS NULL", rs -> rs.getString(1));
    }
}
