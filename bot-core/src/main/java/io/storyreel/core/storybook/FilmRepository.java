package io.storyreel.core.storybook;

import io.storyreel.core.storage.Jdbc;

import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.storage.Database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Reads {@code film} rows (for {@code history}, and for the engine's delivery); the generation engine writes them. */
public final class FilmRepository {
    private static final String COLUMNS = "f.id, f.storybook_id, f.blob, f.bytes, f.duration_ms, f.clips, f.provider, "
            + "f.model, f.cost_usd, f.caption, f.created_at, f.delivered_at, f.delivery_state, f.delivery_attempts, "
            + "f.handed_over_at, f.delivery_error, f.sending_at, f.send_as, f.refits, f.delivery_stop, f.blob_deleted_at";
    private final Jdbc sql;

    public FilmRepository(Database db) {
        this.sql = new Jdbc(db.dataSource());
    }

    /** The chat's films, newest first. */
    public List<Film> listForChat(ChatRef chat, int max) {
        return sql.query("SELECT " + COLUMNS + " FROM film f JOIN storybook s ON s.id = f.storybook_id "
                        + "WHERE s.chat_key = ? ORDER BY f.created_at DESC, f.id", FilmRepository::map, chat.key())
                .stream().limit(max).toList();
    }

    public Optional<Film> find(String filmId) {
        return sql.inConnection(c -> find(c, filmId));
    }

    /** The film's row, read on the caller's connection. */
    public static Optional<Film> find(Connection c, String filmId) throws SQLException {
        return Jdbc.one(c, "SELECT " + COLUMNS + " FROM film f WHERE f.id = ?", FilmRepository::map, filmId);
    }

    /**
     * When the retention sweep first deleted a file of this storybook (a photo, a clip or the film), with the days from
     * its latest film to then; empty while every file is kept. A clip cannot be made again without its photo, nor
     * merged without the other clips.
     */
    public Optional<FilesDeleted> filesDeleted(String storybookId) {
        return sql.one("SELECT MIN(x.t) AS deleted_at, (SELECT MAX(created_at) FROM film WHERE storybook_id = ?) AS made_at "
                        + "FROM (SELECT image_deleted_at AS t FROM scene WHERE storybook_id = ? "
                        + "UNION ALL SELECT blob_deleted_at FROM clip WHERE storybook_id = ? "
                        + "UNION ALL SELECT blob_deleted_at FROM film WHERE storybook_id = ?) x",
                rs -> {
                    Long deleted = Jdbc.longOrNull(rs, "deleted_at");
                    Long made = Jdbc.longOrNull(rs, "made_at");
                    return deleted == null ? null : new FilesDeleted(
                            java.time.Duration.ofMillis(Math.max(0, deleted - (made == null ? deleted : made))).toDays());
                }, storybookId, storybookId, storybookId, storybookId);
    }

    /** Files of a finished storybook deleted by retention, {@code daysKept} whole days after its film was made. */
    public record FilesDeleted(long daysKept) {
    }

    static Film map(ResultSet rs) throws SQLException {
        return new Film(rs.getString("id"), rs.getString("storybook_id"), rs.getString("blob"), rs.getLong("bytes"),
                rs.getLong("duration_ms"), rs.getInt("clips"), rs.getString("provider"), rs.getString("model"),
                rs.getDouble("cost_usd"), rs.getString("caption"), rs.getLong("created_at"),
                Jdbc.longOrNull(rs, "delivered_at"), DeliveryState.valueOf(rs.getString("delivery_state")),
                rs.getInt("delivery_attempts"), Jdbc.longOrNull(rs, "handed_over_at"), rs.getString("delivery_error"),
                Jdbc.longOrNull(rs, "sending_at"), Film.SendAs.valueOf(rs.getString("send_as")), rs.getInt("refits"),
                rs.getString("delivery_stop"), Jdbc.longOrNull(rs, "blob_deleted_at"));
    }
}
