package io.storyreel.core.generation;

import io.storyreel.core.storage.Jdbc;
import io.storyreel.core.storybook.DeliveryState;
import io.storyreel.core.storybook.Film;
import io.storyreel.core.storybook.FilmRepository;
import io.storyreel.core.storybook.InList;
import io.storyreel.core.storybook.StorybookRepository;
import io.storyreel.core.storybook.StorybookState;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Optional;

import static io.storyreel.core.storybook.InList.bind;

/**
 * The engine's writes of a {@code film} row and its delivery: inserted by the merge, then handed over, sending,
 * answered, refitted, stopped with choices, chosen, delivered. Like {@link GenerationStore}, every change is a
 * conditional UPDATE on the state it expects, so a late answer from the chat never overwrites a newer one.
 */
final class FilmDeliveryRows {
    private static final InList ANSWERABLE = InList.of(EnumSet.of(DeliveryState.HANDED_OVER, DeliveryState.SENDING));

    private final Jdbc sql;

    FilmDeliveryRows(Jdbc sql) {
        this.sql = sql;
    }

    /** {@code mergePath}: how the merger made the film (copy, normalise, fit), for timings and support. */
    static void insertFilm(Connection c, Film f, String mergePath) throws SQLException {
        Jdbc.update(c, "INSERT INTO film (id, storybook_id, blob, bytes, duration_ms, clips, provider, model, cost_usd, "
                        + "merge_path, delivery_state, delivery_stop, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                bind(f.id(), f.storybookId(), f.blob(), f.bytes(), f.durationMs(), f.clips(), f.provider(), f.model(),
                        f.costUsd(), mergePath, f.delivery(), f.stop(), f.createdAt()));
    }

    /**
     * WAITING or HANDED_OVER (no answer came) → HANDED_OVER now, to the chat lane of the process whose engine worker is
     * {@code worker}; false if the chat answered meanwhile.
     */
    boolean handedOver(String filmId, long now, String worker) {
        return sql.update("UPDATE film SET delivery_state = ?, handed_over_at = ?, handed_over_to = ? WHERE id = ? "
                        + "AND delivery_state IN (?, ?)",
                bind(DeliveryState.HANDED_OVER, now, worker, filmId, DeliveryState.WAITING, DeliveryState.HANDED_OVER)) == 1;
    }

    /** The engine worker whose chat lane the film was last handed to; empty for a film handed over before V23. */
    Optional<String> handedOverTo(String filmId) {
        return sql.one("SELECT handed_over_to FROM film WHERE id = ?", rs -> rs.getString(1), filmId);
    }

    /**
     * HANDED_OVER → SENDING, committed before the upload begins; false when this hand-over is no longer the one to
     * send (another is sending it, or the film was answered meanwhile).
     */
    boolean sending(String filmId, long now) {
        return sql.update("UPDATE film SET delivery_state = ?, sending_at = ? WHERE id = ? AND delivery_state = ?",
                bind(DeliveryState.SENDING, now, filmId, DeliveryState.HANDED_OVER)) == 1;
    }

    /** The chat's failure answer to a hand-over; false when it is late (the film was answered or handed over again). */
    boolean deliveryRefused(String filmId, DeliveryState answer, String error) {
        String e = error == null ? "unknown error" : error.length() > 1900 ? error.substring(0, 1900) : error;
        return sql.update("UPDATE film SET delivery_state = ?, delivery_error = ? WHERE id = ? AND delivery_state IN "
                + ANSWERABLE.sql(), bind(answer, e, filmId, ANSWERABLE)) == 1;
    }

    /** One more failed attempt; the film waits for its next hand-over. */
    void deliveryAttemptFailed(String filmId) {
        sql.update("UPDATE film SET delivery_attempts = delivery_attempts + 1, delivery_state = ? WHERE id = ?",
                bind(DeliveryState.WAITING, filmId));
    }

    /** One more failed attempt at a step that stays where it is (fitting the film again). */
    void countAttempt(String filmId) {
        sql.update("UPDATE film SET delivery_attempts = delivery_attempts + 1 WHERE id = ?", filmId);
    }

    /** The film was fitted again (smaller, or shorter): point it at the new blob; it waits for its hand-over. */
    void refitted(String filmId, String blob, long bytes, long durationMs) {
        sql.update("UPDATE film SET blob = ?, bytes = ?, duration_ms = ?, merge_path = 'fit', delivery_state = ?, "
                + "refits = refits + 1 WHERE id = ?", bind(blob, bytes, durationMs, DeliveryState.WAITING, filmId));
    }

    /**
     * The engine stops trying: the film, still in state {@code from}, becomes {@code to} (UNSURE or GAVE_UP) with why
     * and the choices offered; a storybook still DELIVERING becomes {@code bookTo}. False when the film moved meanwhile.
     */
    boolean stopped(String filmId, DeliveryState from, DeliveryState to, String stopJson, StorybookState bookTo,
                    long now) {
        return sql.inTransaction(c -> {
            Optional<Film> f = FilmRepository.find(c, filmId);
            if (f.isEmpty() || Jdbc.update(c, "UPDATE film SET delivery_state = ?, delivery_stop = ? WHERE id = ? "
                    + "AND delivery_state = ? AND delivered_at IS NULL", bind(to, stopJson, filmId, from)) == 0) {
                return false;
            }
            GenerationStore.moveBook(c, f.get().storybookId(), StorybookState.DELIVERING, bookTo, now);
            return true;
        });
    }

    /**
     * A member chose how to get a film the engine stopped on: UNSURE or GAVE_UP → {@code to} (WAITING to send it,
     * TOO_LARGE to fit it smaller, SHORTEN to cut it), as a video or a file. False for a second press, or when the
     * storybook moved on (a redo started).
     */
    boolean chosen(String filmId, DeliveryState to, Film.SendAs as) {
        return sql.inTransaction(c -> {
            Optional<Film> f = FilmRepository.find(c, filmId);
            if (f.isEmpty() || !f.get().delivery().awaitsChoice() || StorybookRepository.lock(c, f.get().storybookId())
                    .filter(b -> GenerationStore.DELIVERABLE.values().contains(b.state().name())).isEmpty()) {
                return false;
            }
            return Jdbc.update(c, "UPDATE film SET delivery_state = ?, send_as = ?, delivery_attempts = 0, refits = 0 "
                    + "WHERE id = ? AND delivery_state = ?", bind(to, as, filmId, f.get().delivery())) == 1;
        });
    }

    /**
     * Marks the film delivered and its storybook DONE (from DELIVERING, or FAILED when a member's choice got it
     * there after all), in one transaction; false if it was already delivered.
     */
    boolean delivered(String filmId, long now) {
        return sql.inTransaction(c -> {
            Optional<Film> f = FilmRepository.find(c, filmId);
            if (f.isEmpty() || Jdbc.update(c, "UPDATE film SET delivered_at = ?, delivery_state = ? WHERE id = ? "
                    + "AND delivered_at IS NULL", bind(now, DeliveryState.DELIVERED, filmId)) == 0) {
                return false;
            }
            if (!GenerationStore.moveBook(c, f.get().storybookId(), StorybookState.DELIVERING, StorybookState.DONE, now)) {
                GenerationStore.moveBook(c, f.get().storybookId(), StorybookState.FAILED, StorybookState.DONE, now);
            }
            return true;
        });
    }
}
