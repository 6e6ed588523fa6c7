package io.storyreel.core.storybook;

import io.storyreel.core.storage.Jdbc;

import io.storyreel.core.storage.Database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Rows of {@code scene}, numbered 1..n without gaps in the order the user sees them. Every change that renumbers
 * runs in one transaction.
 */
public final class SceneRepository {
    private static final String COLUMNS = "id, storybook_id, position, image_blob, image_mime, width, height, prompt, "
            + "contributor_key, contributor, source_msg_id, album_id, created_at, provider, model";

    private final Jdbc sql;
    private final Clock clock;

    public SceneRepository(Database db, Clock clock) {
        this.sql = new Jdbc(db.dataSource());
        this.clock = clock;
    }

    /** What a new scene needs; the repository gives it the next position. */
    public record NewScene(String imageBlob, String imageMime, int width, int height, String prompt,
                           String contributorKey, String contributor, String sourceMsgId, String albumId) {
    }

    /**
     * Appends scenes in one transaction, refusing all of them when the storybook would hold more than
     * {@code maxScenes}; returns the stored scenes, or empty when they did not fit.
     */
    public Optional<List<Scene>> append(String storybookId, List<NewScene> scenes, int maxScenes) {
        return sql.inTransaction(c -> {
            // lock the storybook row so two photos arriving together cannot both take position n+1
            Jdbc.query(c, "SELECT id FROM storybook WHERE id = ? FOR UPDATE", rs -> rs.getString(1), storybookId);
            int count = count(c, storybookId);
            if (count + scenes.size() > maxScenes) {
                return Optional.<List<Scene>>empty();
            }
            List<Scene> out = new ArrayList<>();
            long now = clock.millis();
            for (NewScene s : scenes) {
                count++;
                Scene scene = new Scene(UUID.randomUUID().toString(), storybookId, count, s.imageBlob(), s.imageMime(),
                        s.width(), s.height(), s.prompt(), s.contributorKey(), s.contributor(), s.sourceMsgId(),
                        s.albumId(), now);
                Jdbc.update(c, "INSERT INTO scene (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        scene.id(), storybookId, scene.position(), scene.imageBlob(), scene.imageMime(), scene.width(),
                        scene.height(), scene.prompt(), scene.contributorKey(), scene.contributor(),
                        scene.sourceMsgId(), scene.albumId(), now, null, null);
                out.add(scene);
            }
            return Optional.of(List.copyOf(out));
        });
    }

    public List<Scene> list(String storybookId) {
        return sql.inConnection(c -> list(c, storybookId));
    }

    /** The storybook's scenes in order, read inside the caller's transaction (the engine's start). */
    public static List<Scene> list(Connection c, String storybookId) throws SQLException {
        return Jdbc.query(c, "SELECT " + COLUMNS + " FROM scene WHERE storybook_id = ? ORDER BY position",
                SceneRepository::map, storybookId);
    }

    public int count(String storybookId) {
        return sql.inConnection(c -> count(c, storybookId));
    }

    public Optional<Scene> at(String storybookId, int position) {
        return sql.one("SELECT " + COLUMNS + " FROM scene WHERE storybook_id = ? AND position = ?",
                SceneRepository::map, storybookId, position);
    }

    /** The scene whose photo was {@code messageId}, or whose "what should happen here?" question was. */
    public Optional<Scene> findBySourceMessage(String storybookId, String messageId) {
        return sql.one("SELECT " + COLUMNS + " FROM scene WHERE storybook_id = ? AND source_msg_id = ?",
                SceneRepository::map, storybookId, messageId);
    }

    public void setPrompt(String sceneId, String prompt) {
        sql.update("UPDATE scene SET prompt = ? WHERE id = ?", prompt, sceneId);
    }

    /** Sets the scene's own provider and model (both null: the storybook's again). */
    public void setProviderAndModel(String sceneId, String provider, String model) {
        sql.update("UPDATE scene SET provider = ?, model = ? WHERE id = ?", provider, provider == null ? null : model,
                sceneId);
    }

    /** Points the scene at another message (the bot's question), so a reply to it sets this scene's prompt. */
    public void setSourceMessage(String sceneId, String messageId) {
        sql.update("UPDATE scene SET source_msg_id = ? WHERE id = ?", messageId, sceneId);
    }

    /** Removes the scene at {@code position} and closes the gap; false when there is no such scene. */
    public boolean remove(String storybookId, int position) {
        return sql.inTransaction(c -> {
            if (Jdbc.update(c, "DELETE FROM scene WHERE storybook_id = ? AND position = ?", storybookId, position) == 0) {
                return false;
            }
            Jdbc.update(c, "UPDATE scene SET position = position - 1 WHERE storybook_id = ? AND position > ?",
                    storybookId, position);
            return true;
        });
    }

    /** Moves the scene at {@code from} to {@code to}, shifting those in between; false when either is out of range. */
    public boolean move(String storybookId, int from, int to) {
        return sql.inTransaction(c -> {
            int n = count(c, storybookId);
            if (from < 1 || from > n || to < 1 || to > n) {
                return false;
            }
            if (from == to) {
                return true;
            }
            List<String> ids = new ArrayList<>(Jdbc.query(c,
                    "SELECT id FROM scene WHERE storybook_id = ? ORDER BY position", rs -> rs.getString(1), storybookId));
            ids.add(to - 1, ids.remove(from - 1));
            for (int i = 0; i < ids.size(); i++) {
                Jdbc.update(c, "UPDATE scene SET position = ? WHERE id = ?", i + 1, ids.get(i));
            }
            return true;
        });
    }

    /** Copies every scene of one storybook into another (regenerating a film starts from the same scenes). */
    public void copyAll(String fromStorybookId, String toStorybookId) {
        sql.inTransaction(c -> {
            for (Scene s : Jdbc.query(c, "SELECT " + COLUMNS + " FROM scene WHERE storybook_id = ? ORDER BY position",
                    SceneRepository::map, fromStorybookId)) {
                Jdbc.update(c, "INSERT INTO scene (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        UUID.randomUUID().toString(), toStorybookId, s.position(), s.imageBlob(), s.imageMime(),
                        s.width(), s.height(), s.prompt(), s.contributorKey(), s.contributor(), null, s.albumId(),
                        clock.millis(), s.provider(), s.model());
            }
            return null;
        });
    }

    private static int count(Connection c, String storybookId) throws SQLException {
        return Jdbc.query(c, "SELECT COUNT(*) FROM scene WHERE storybook_id = ?", rs -> rs.getInt(1), storybookId).get(0);
    }

    static Scene map(ResultSet rs) throws SQLException {
        return new Scene(rs.getString("id"), rs.getString("storybook_id"), rs.getInt("position"),
                rs.getString("image_blob"), rs.getString("image_mime"), rs.getInt("width"), rs.getInt("height"),
                rs.getString("prompt"), rs.getString("contributor_key"), rs.getString("contributor"),
                rs.getString("source_msg_id"), rs.getString("album_id"), rs.getLong("created_at"),
                rs.getString("provider"), rs.getString("model"));
    }
}
