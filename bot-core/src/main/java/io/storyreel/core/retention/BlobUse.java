package io.storyreel.core.retention;

import io.storyreel.core.storage.Jdbc;
import io.storyreel.core.storybook.StorybookSettings;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * Which rows still use a blob. Content-addressed blobs are shared by every row that stored the same bytes (a photo
 * copied into a new storybook, the same clip twice), so a blob may only be deleted when no live row names it: a
 * scene, clip (its file, or that file normalised onto its film's canvas) or film row not stamped as deleted, a
 * storybook's music, or a clip request whose scene's photo is live (the photos fitted to a film's aspect ratio,
 * named only there). Every column that holds a blob id must be listed here.
 */
final class BlobUse {
    private static final String LIVE = "SELECT 1 FROM scene WHERE image_blob = ? AND image_deleted_at IS NULL "
            + "UNION ALL SELECT 1 FROM clip WHERE blob = ? AND blob_deleted_at IS NULL "
            + "UNION ALL SELECT 1 FROM clip WHERE normalised_blob = ? AND blob_deleted_at IS NULL "
            + "UNION ALL SELECT 1 FROM film WHERE blob = ? AND blob_deleted_at IS NULL "
            // a photo fitted to the film's shape is named only in its clips' requests: live while their scene's photo is
            + "UNION ALL SELECT 1 FROM clip k JOIN scene s ON s.id = k.scene_id WHERE s.image_deleted_at IS NULL "
            + "AND k.request_json LIKE ?";

    private final Connection c;
    private final Set<String> music;

    private BlobUse(Connection c, Set<String> music) {
        this.c = c;
        this.music = music;
    }

    /** Reads the music blobs once; row checks run on {@code c}, so they see the caller's uncommitted stamps. */
    static BlobUse on(Connection c) throws SQLException {
        Set<String> music = new HashSet<>();
        for (String json : Jdbc.query(c, "SELECT settings_json FROM storybook WHERE settings_json LIKE ?",
                rs -> rs.getString(1), "%\"musicBlob\":\"%")) {
            String m = StorybookSettings.fromJson(json).musicBlob();
            if (m != null) {
                music.add(m);
            }
        }
        return new BlobUse(c, music);
    }

    boolean inUse(String blob) {
        if (music.contains(blob)) {
            return true;
        }
        try {
            return Jdbc.one(c, LIVE, rs -> true, blob, blob, blob, blob, "%\"" + blob + "\"%").isPresent();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check whether blob " + blob + " is in use", e);
        }
    }
}
